export type { BoardAccess } from './board-instructions.js';
export { BOARD_ACCESS_MODES, boardInstructions } from './board-instructions.js';
export { claimRefusal } from './claim-rules.js';
export { parseCsv, parseOwnerMap } from './csv-lists.js';
export type { Decision, DecisionInput } from './debate-decision.js';
export { chooseDecision, latestPositions, missingMembers } from './debate-decision.js';
export type { MemberAction, MemberMoment } from './delivery-rules.js';
export { BETWEEN_TURNS_STATES, deliveryText, idleNotice, isBetweenTurns, nextAction, pendingMessages } from './delivery-rules.js';
export { similarity, suggestClosest } from './did-you-mean.js';
export type { HookCommandRunner } from './hook-runner.js';
export { HOOK_TIMEOUT_MS, runHookCommand } from './hook-runner.js';
export { ensureMember, ensureMemberList, resolveDecider, resolveNotifySender } from './member-checks.js';
export type { MemberPromptInput } from './member-prompt.js';
export { buildMemberPrompt, DELIVERY_HEADER } from './member-prompt.js';
export type { MonitorLine, MonitorReport } from './monitor-report.js';
export { buildMonitorReport, parseIsoTime, parseMonitorLines } from './monitor-report.js';
export type { RoleTemplate } from './role-templates.js';
export { ROLE_TEMPLATES } from './role-templates.js';
export { shellQuote } from './shell-quote.js';
export { checkDependencies, openDependencies, statusesById } from './task-graph.js';
export type { BoardCall, BoardResult, TeamAddress, TeamBoard, TeamBoardOptions } from './team-board.js';
export { createTeamBoard } from './team-board.js';
export type { CommunicationMode, RolePreset, TeamBriefInput, Topology } from './team-brief.js';
export { buildTeamBrief, COMMUNICATION_MODES, ROLE_PRESETS, TOPOLOGIES } from './team-brief.js';
export { exportTeamFolder, importTeamFolder, TEAM_FILES } from './team-folder.js';
export type { HookEvent, HookRun, HookVerdict, TeamHooks } from './team-hooks.js';
export {
  checkHookEvent,
  HOOK_BLOCK_EXIT,
  HOOK_EVENT_NAMES,
  HOOK_EVENTS,
  hookPayload,
  hookVerdict,
  parseHookAssignment,
} from './team-hooks.js';
export type { LiveBoard, MemberSnapshot } from './team-live-board.js';
export { createLiveBoard } from './team-live-board.js';
export { validateTeamName } from './team-name.js';
export type { TeamRole } from './team-roles.js';
export { inferRole, isTeamRole, resolveRole, TEAM_ROLES } from './team-roles.js';
export type { TeamLocation } from './team-root.js';
export { resolveTeamLocation, TEAM_ROOT_VARIABLES } from './team-root.js';
export type { DebateView, MessageView, TaskView } from './team-views.js';
export { debateView, eventView, messageView, taskView, teamView } from './team-views.js';
export type { DebateStatus, DecisionMethod, TaskStatus } from './team-vocabulary.js';
export { AUTO_RATIONALE, DEBATE_STATUSES, TASK_STATUSES, UNASSIGNED } from './team-vocabulary.js';
