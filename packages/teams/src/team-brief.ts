import { parseCsv } from './csv-lists.js';
import { invalidRequest } from './team-errors.js';
import { validateTeamName } from './team-name.js';

/** How work and messages flow (team_ops' create_team_brief topologies). */
export const TOPOLOGIES = {
  'lead-hub': 'The lead assigns every task and routes every handoff; specialists report back to the lead.',
  'parallel-pods': 'Independent pods own separate subsystems and change them in parallel with little overlap; the lead merges.',
  pipeline: 'Work moves stage by stage (design → implement → review → test); each stage hands off to the next.',
  'red-blue': 'One side builds, the other attacks (review, tests, failure cases); disagreements become debates.',
} as const;
export type Topology = keyof typeof TOPOLOGIES;

/** Role presets: what each role owns. */
export const ROLE_PRESETS = {
  lead: 'Plans, assigns and re-balances work, resolves conflicts, records decisions; in delegate mode does not edit code.',
  implementer: 'Claims a task, changes the code for it, reports what changed and what was run.',
  researcher: 'Reads code and documents, answers questions with evidence, does not change code.',
  reviewer: 'Reviews each change against the task and the quality gates; sends findings as messages.',
  challenger: 'Argues the strongest alternative in debates and looks for the failure cases others miss.',
  tester: 'Writes and runs tests for each task; a task is completed only with passing command output.',
} as const;
export type RolePreset = keyof typeof ROLE_PRESETS;

export const COMMUNICATION_MODES = ['lead-mediated', 'direct'] as const;
export type CommunicationMode = (typeof COMMUNICATION_MODES)[number];

export interface TeamBriefInput {
  readonly teamName: string;
  readonly goal: string;
  /** Comma-separated workstream names. */
  readonly workstreams?: string | undefined;
  /** Comma-separated role presets (default lead,implementer,reviewer). */
  readonly roles?: string | undefined;
  readonly topology?: string | undefined;
  readonly communicationMode?: string | undefined;
  readonly delegateMode?: boolean | undefined;
  /** Registered members, when the team exists: command flags take these ids, not role names. */
  readonly members?: readonly string[] | undefined;
}

/** A team charter in Markdown: goal, topology, roles, workstreams, protocols and the board commands each member runs. */
export function buildTeamBrief(input: TeamBriefInput): string {
  const team = validateTeamName(input.teamName);
  const topology = (input.topology ?? 'lead-hub') as Topology;
  if (!(topology in TOPOLOGIES)) {
    throw invalidRequest(`--topology must be one of: ${Object.keys(TOPOLOGIES).join(', ')}`, '--topology lead-hub', {
      value: input.topology,
    });
  }
  const mode = (input.communicationMode ?? 'lead-mediated') as CommunicationMode;
  if (!COMMUNICATION_MODES.includes(mode)) {
    throw invalidRequest(`--communication-mode must be one of: ${COMMUNICATION_MODES.join(', ')}`, '--communication-mode direct', {
      value: input.communicationMode,
    });
  }
  const roles = parseCsv(input.roles ?? 'lead,implementer,reviewer');
  const unknownRoles = roles.filter((role) => !(role in ROLE_PRESETS));
  if (unknownRoles.length > 0) {
    throw invalidRequest(
      `--roles has unknown role(s): ${unknownRoles.join(', ')}. Presets: ${Object.keys(ROLE_PRESETS).join(', ')}.`,
      '--roles lead,implementer,reviewer',
    );
  }
  const workstreams = parseCsv(input.workstreams);
  const base = `agentpool team`;
  const lines = [
    `# Team brief: ${team}`,
    '',
    `## Goal`,
    '',
    input.goal,
    '',
    `## Topology: ${topology}`,
    '',
    TOPOLOGIES[topology],
    '',
    `## Roles`,
    '',
    ...roles.map((role) => `- **${role}**: ${ROLE_PRESETS[role as RolePreset]}`),
    '',
    ...(input.members && input.members.length > 0
      ? ['Registered members (use these ids in every flag):', '', ...input.members.map((m) => `- ${m}`), '']
      : []),
    `## Workstreams`,
    '',
    ...(workstreams.length > 0 ? workstreams.map((stream) => `- ${stream}: owner TBD, status pending`) : ['- (none yet)']),
    '',
    `## Communication: ${mode}`,
    '',
    mode === 'direct'
      ? 'Members message each other directly; critical dependency changes are broadcast to everyone.'
      : 'Members message the lead; the lead relays and broadcasts decisions and dependency changes.',
    '',
    `## Delegate mode: ${input.delegateMode ? 'on' : 'off'}`,
    '',
    input.delegateMode
      ? 'The lead coordinates only: assigns, re-balances, resolves conflicts; it does not edit code unless the user asks.'
      : 'The lead may take tasks itself.',
    '',
    '## Protocols',
    '',
    `- Take work: \`${base} next --team-name ${team} --member <you> --claim\` (or \`claim --task-id <id>\`); a task whose dependencies are open cannot be claimed.`,
    `- Finish work: \`${base} update-task --team-name ${team} --task-id <id> --status completed --note "<command output>"\`.`,
    `- Read messages: \`${base} inbox --team-name ${team} --member <you> --unread --mark-read\`.`,
    `- Conflicting approaches: \`${base} orchestrate-debate --team-name ${team} --topic … --task-id … --options a,b --members …\`, then each member runs \`add-position\`; re-run orchestrate until applied.`,
    '',
    '## Convergence gates',
    '',
    '1. Spec compliance  2. Code quality  3. Verification (command output)  4. Review of major diffs  5. Branch closeout',
    '',
  ];
  return lines.join('\n');
}
