import { buildTeamBrief, HOOK_EVENTS, resolveTeamLocation, TEAM_ROLES, type TeamAddress } from '@agentpool/teams';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { type AgentPoolTool, defineTool } from './tool-definition.js';
import { looseOutput } from './tool-schemas.js';

const teamFields = {
  team_name: z.string().describe('the team (one identifier)'),
  team_root: z
    .string()
    .optional()
    .describe('default AGENTPOOL_TEAM_ROOT, TEAM_OPS_ROOT, or <nearest workspace>/.codex/teams of the server'),
  correlation_id: z.string().optional(),
};

const output = looseOutput({ team_name: z.string(), message: z.string(), warnings: z.array(z.string()) });

const READ: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const WRITE: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };

function addressOf(args: { team_name: string; team_root?: string | undefined; correlation_id?: string | undefined }): TeamAddress {
  return {
    location: resolveTeamLocation({ teamRoot: args.team_root, env: process.env, cwd: process.cwd() }),
    teamName: args.team_name,
    correlationId: args.correlation_id,
  };
}

const result = (value: { message: string }) => ({ value: { ...value } as Record<string, unknown>, text: value.message });

/** The opt-in `teams` toolset: the `agentpool team …` commands, same rules, same results (snake_case). */
export const teamTools: AgentPoolTool[] = [
  defineTool({
    name: 'team_init',
    toolset: 'teams',
    description:
      'Create a team (goal, members). An existing team is left alone unless reset (which deletes its board, messages and events).',
    input: z.strictObject({ ...teamFields, goal: z.string(), members: z.array(z.string()).min(1), reset: z.boolean().optional() }),
    output,
    annotations: { ...WRITE, destructiveHint: true },
    async run(args, { pool }) {
      const address = addressOf(args);
      return result(
        await (await pool.teams()).init({
          location: address.location,
          teamName: args.team_name,
          goal: args.goal,
          members: args.members.join(','),
          reset: args.reset === true,
          ...(args.correlation_id ? { correlationId: args.correlation_id } : {}),
        }),
      );
    },
  }),
  defineTool({
    name: 'team_add_task',
    toolset: 'teams',
    description: 'Add a task. depends_on ids must exist and make no cycle; owner is a member or "unassigned".',
    input: z.strictObject({
      ...teamFields,
      title: z.string(),
      owner: z.string().optional(),
      status: z.enum(['pending', 'in_progress', 'completed']).optional(),
      depends_on: z.array(z.string()).optional(),
    }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(
        await (await pool.teams()).addTask(addressOf(args), {
          title: args.title,
          ...(args.owner ? { owner: args.owner } : {}),
          ...(args.status ? { status: args.status } : {}),
          dependsOn: (args.depends_on ?? []).join(','),
        }),
      );
    },
  }),
  defineTool({
    name: 'team_claim',
    toolset: 'teams',
    description: 'Claim a task (compare-and-set): refused if another member has it in progress, it is completed, or a dependency is open.',
    input: z.strictObject({ ...teamFields, task_id: z.string(), member: z.string() }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(await (await pool.teams()).claim(addressOf(args), { taskId: args.task_id, member: args.member }));
    },
  }),
  defineTool({
    name: 'team_next',
    toolset: 'teams',
    description: 'The next task a member can claim (pending, unblocked, unassigned or its own); with claim, takes it atomically.',
    input: z.strictObject({ ...teamFields, member: z.string(), claim: z.boolean().optional() }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(await (await pool.teams()).next(addressOf(args), { member: args.member, claim: args.claim === true }));
    },
  }),
  defineTool({
    name: 'team_update_task',
    toolset: 'teams',
    description:
      "Change a task's status, owner or dependencies, or add a note. A task cannot start or complete while a dependency is open.",
    input: z.strictObject({
      ...teamFields,
      task_id: z.string(),
      status: z.enum(['pending', 'in_progress', 'completed']).optional(),
      owner: z.string().optional(),
      depends_on: z.array(z.string()).optional(),
      note: z.string().optional(),
    }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(
        await (await pool.teams()).updateTask(addressOf(args), {
          taskId: args.task_id,
          ...(args.status ? { status: args.status } : {}),
          ...(args.owner ? { owner: args.owner } : {}),
          ...(args.depends_on ? { dependsOn: args.depends_on.join(',') } : {}),
          ...(args.note ? { note: args.note } : {}),
        }),
      );
    },
  }),
  defineTool({
    name: 'team_list_tasks',
    toolset: 'teams',
    description: 'The task board: each task with its owner, status, dependencies, notes and the dependencies still open (blocked_by).',
    input: z.strictObject(teamFields),
    output,
    annotations: READ,
    async run(args, { pool }) {
      return result(await (await pool.teams()).listTasks(addressOf(args)));
    },
  }),
  defineTool({
    name: 'team_message',
    toolset: 'teams',
    description: 'Send a direct message from one member to another; returns its id (msg-N).',
    input: z.strictObject({ ...teamFields, from: z.string(), to: z.string(), body: z.string() }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(await (await pool.teams()).message(addressOf(args), { from: args.from, to: args.to, body: args.body }));
    },
  }),
  defineTool({
    name: 'team_broadcast',
    toolset: 'teams',
    description: 'Send a message from a member to every member.',
    input: z.strictObject({ ...teamFields, from: z.string(), body: z.string() }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(await (await pool.teams()).broadcast(addressOf(args), { from: args.from, body: args.body }));
    },
  }),
  defineTool({
    name: 'team_inbox',
    toolset: 'teams',
    description: "A member's messages with ids; unread: only those past its read cursor; mark_read: move the cursor past them.",
    input: z.strictObject({ ...teamFields, member: z.string(), unread: z.boolean().optional(), mark_read: z.boolean().optional() }),
    output,
    annotations: { ...WRITE, idempotentHint: true },
    async run(args, { pool }) {
      return result(
        await (await pool.teams()).inbox(addressOf(args), {
          member: args.member,
          unread: args.unread === true,
          markRead: args.mark_read === true,
        }),
      );
    },
  }),
  defineTool({
    name: 'team_start_debate',
    toolset: 'teams',
    description:
      'Open a debate: at least two options and two members; the decider (default lead) breaks ties; notify messages each member.',
    input: z.strictObject({
      ...teamFields,
      topic: z.string(),
      task_id: z.string().optional(),
      options: z.array(z.string()),
      members: z.array(z.string()),
      decider: z.string().optional(),
      notify: z.boolean().optional(),
      notify_from: z.string().optional(),
    }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(
        await (await pool.teams()).startDebate(addressOf(args), {
          topic: args.topic,
          ...(args.task_id ? { taskId: args.task_id } : {}),
          options: args.options.join(','),
          members: args.members.join(','),
          decider: args.decider ?? 'lead',
          notify: args.notify === true,
          notifyFrom: args.notify_from ?? 'lead',
        }),
      );
    },
  }),
  defineTool({
    name: 'team_add_position',
    toolset: 'teams',
    description: "Record a debate member's position while the debate is open (its latest counts); confidence in [0, 1], default 1.",
    input: z.strictObject({
      ...teamFields,
      debate_id: z.string(),
      member: z.string(),
      option: z.string(),
      confidence: z.number().min(0).max(1).optional(),
      rationale: z.string(),
    }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(
        await (await pool.teams()).addPosition(addressOf(args), {
          debateId: args.debate_id,
          member: args.member,
          option: args.option,
          ...(args.confidence === undefined ? {} : { confidence: args.confidence }),
          rationale: args.rationale,
        }),
      );
    },
  }),
  defineTool({
    name: 'team_list_debates',
    toolset: 'teams',
    description: 'The debates, optionally of one status (open, decided, applied, closed).',
    input: z.strictObject({ ...teamFields, status: z.enum(['open', 'decided', 'applied', 'closed']).optional() }),
    output,
    annotations: READ,
    async run(args, { pool }) {
      return result(await (await pool.teams()).listDebates(addressOf(args), args.status ? { status: args.status } : {}));
    },
  }),
  defineTool({
    name: 'team_show_debate',
    toolset: 'teams',
    description: 'One debate whole: options, members, positions, decision, applied.',
    input: z.strictObject({ ...teamFields, debate_id: z.string() }),
    output,
    annotations: READ,
    async run(args, { pool }) {
      return result(await (await pool.teams()).showDebate(addressOf(args), { debateId: args.debate_id }));
    },
  }),
  defineTool({
    name: 'team_decide_debate',
    toolset: 'teams',
    description:
      'Record a decision (by score, or by hand with decision) and with apply reflect it into the task, the debate and a broadcast in one transaction. A debate without a task ends closed.',
    input: z.strictObject({
      ...teamFields,
      debate_id: z.string(),
      decider: z.string().optional(),
      decision: z.string().optional(),
      rationale: z.string().optional(),
      require_all_positions: z.boolean().optional(),
      apply: z.boolean().optional(),
      status_on_apply: z.enum(['pending', 'in_progress', 'completed']).optional(),
      owner_map: z.record(z.string(), z.string()).optional().describe('option → owner of the task'),
      notify_from: z.string().optional(),
    }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(
        await (await pool.teams()).decideDebate(addressOf(args), {
          debateId: args.debate_id,
          ...(args.decider ? { decider: args.decider } : {}),
          ...(args.decision ? { decision: args.decision } : {}),
          ...(args.rationale ? { rationale: args.rationale } : {}),
          requireAllPositions: args.require_all_positions === true,
          apply: args.apply === true,
          statusOnApply: args.status_on_apply ?? 'in_progress',
          ownerMap: ownerMapText(args.owner_map),
          notifyFrom: args.notify_from ?? 'lead',
        }),
      );
    },
  }),
  defineTool({
    name: 'team_orchestrate_debate',
    toolset: 'teams',
    description:
      'One step of the debate loop: create or load, remind members without a position, auto-decide when all are in, apply once the task is unblocked. Call again until status is applied or closed.',
    input: z.strictObject({
      ...teamFields,
      debate_id: z.string().optional(),
      topic: z.string().optional(),
      task_id: z.string().optional(),
      options: z.array(z.string()).optional(),
      members: z.array(z.string()).optional(),
      decider: z.string().optional(),
      status_on_apply: z.enum(['pending', 'in_progress', 'completed']).optional(),
      owner_map: z.record(z.string(), z.string()).optional(),
      auto_rationale: z.string().optional(),
      send_reminders: z.boolean().optional(),
      notify_from: z.string().optional(),
    }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(
        await (await pool.teams()).orchestrateDebate(addressOf(args), {
          ...(args.debate_id ? { debateId: args.debate_id } : {}),
          ...(args.topic ? { topic: args.topic } : {}),
          ...(args.task_id ? { taskId: args.task_id } : {}),
          options: (args.options ?? []).join(','),
          members: (args.members ?? []).join(','),
          decider: args.decider ?? 'lead',
          statusOnApply: args.status_on_apply ?? 'in_progress',
          ownerMap: ownerMapText(args.owner_map),
          ...(args.auto_rationale ? { autoRationale: args.auto_rationale } : {}),
          sendReminders: args.send_reminders === true,
          notifyFrom: args.notify_from ?? 'lead',
        }),
      );
    },
  }),
  defineTool({
    name: 'team_monitor_report',
    toolset: 'teams',
    description:
      "team_ops' monitor report over the team's events (messages, debates, applies, latency, waits) plus task and unread counts.",
    input: z.strictObject(teamFields),
    output,
    annotations: READ,
    async run(args, { pool }) {
      return result(await (await pool.teams()).monitorReport(addressOf(args)));
    },
  }),
  defineTool({
    name: 'team_import',
    toolset: 'teams',
    description:
      'Read a team_ops folder (<root>/<team>/ with team.json, tasks.json, debates.json, messages.jsonl, monitor.jsonl) into the store.',
    input: z.strictObject({ ...teamFields, from: z.string().optional(), replace: z.boolean().optional() }),
    output,
    annotations: { ...WRITE, destructiveHint: true },
    async run(args, { pool }) {
      const address = addressOf(args);
      return result(
        await (await pool.teams()).importFolder({
          location: address.location,
          teamName: args.team_name,
          from: args.from,
          replace: args.replace,
        }),
      );
    },
  }),
  defineTool({
    name: 'team_export',
    toolset: 'teams',
    description: "Write the team in team_ops' folder layout (default <root>/<team>/); an existing team folder only with force.",
    input: z.strictObject({ ...teamFields, to: z.string().optional(), force: z.boolean().optional() }),
    output,
    annotations: { ...WRITE, destructiveHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const address = addressOf(args);
      return result(
        await (await pool.teams()).exportFolder({ location: address.location, teamName: args.team_name, to: args.to, force: args.force }),
      );
    },
  }),
  defineTool({
    name: 'team_brief',
    toolset: 'teams',
    description: 'A team charter in Markdown: goal, topology, roles, workstreams, communication, delegate mode, board protocols.',
    input: z.strictObject({
      team_name: z.string(),
      goal: z.string(),
      workstreams: z.array(z.string()).optional(),
      roles: z.array(z.enum(['lead', 'implementer', 'researcher', 'reviewer', 'challenger', 'tester'])).optional(),
      topology: z.enum(['lead-hub', 'parallel-pods', 'pipeline', 'red-blue']).optional(),
      communication_mode: z.enum(['lead-mediated', 'direct']).optional(),
      delegate_mode: z.boolean().optional(),
    }),
    output: looseOutput({ brief: z.string() }),
    annotations: READ,
    async run(args) {
      const brief = buildTeamBrief({
        teamName: args.team_name,
        goal: args.goal,
        workstreams: args.workstreams?.join(','),
        roles: args.roles?.join(','),
        topology: args.topology,
        communicationMode: args.communication_mode,
        delegateMode: args.delegate_mode,
      });
      return { value: { team_name: args.team_name, brief }, text: brief };
    },
  }),
  defineTool({
    name: 'team_spawn_member',
    toolset: 'teams',
    description:
      "Start a worker for a registered member: its initial prompt carries its role (lead, implementer, reviewer, tester, challenger), the team's goal and how to use the board. delegate (the lead only) starts it without edit tools where its CLI allows. `account` runs it on a pool account, `pool` on one picked from a pool (a private copy of the account's home, removed when it ends).",
    input: z.strictObject({
      ...teamFields,
      member: z.string(),
      provider: z.string().optional().describe('required unless account or pool gives it'),
      account: z.string().optional().describe('a pool account label (agentpool pool accounts list)'),
      pool: z.string().optional().describe('a pool name or provider id: an unpaused account is picked'),
      allow_low_usage: z.boolean().optional(),
      role: z.enum(TEAM_ROLES).optional(),
      model: z.string().optional(),
      repo: z.string().optional(),
      isolation: z.enum(['read_only', 'shared', 'worktree']).optional(),
      delegate: z.boolean().optional(),
      board: z.enum(['cli', 'mcp']).optional(),
      board_command: z.string().optional(),
      accept_startup_trust: z.boolean().optional(),
    }),
    output,
    annotations: { ...WRITE, openWorldHint: true },
    async run(args, { pool }) {
      return result(
        await (await pool.liveTeams()).spawnMember({
          team: addressOf(args),
          member: args.member,
          provider: args.provider,
          account: args.account,
          pool: args.pool,
          allowLowUsage: args.allow_low_usage === true,
          role: args.role,
          model: args.model,
          repo: args.repo,
          isolation: args.isolation,
          delegate: args.delegate,
          board: args.board,
          boardCommand: args.board_command,
          acceptStartupTrust: args.accept_startup_trust,
        }),
      );
    },
  }),
  defineTool({
    name: 'team_members',
    toolset: 'teams',
    description: "The team's members: role, provider, worker session and its live state, messages waiting to be typed into its pane.",
    input: z.strictObject({ ...teamFields }),
    output,
    annotations: READ,
    async run(args, { pool }) {
      return result(await (await pool.liveTeams()).members(addressOf(args)));
    },
  }),
  defineTool({
    name: 'team_deliver',
    toolset: 'teams',
    description:
      "One delivery pass: waiting messages are typed into live members' panes when they are between turns (never mid-turn), idle members run the teammate_idle hook and are reported to the lead.",
    input: z.strictObject({ ...teamFields, members: z.array(z.string()).optional() }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      return result(await (await pool.liveTeams()).deliver(addressOf(args), args.members ? { members: args.members } : {}));
    },
  }),
  defineTool({
    name: 'team_hooks',
    toolset: 'teams',
    description: `Show the team's hooks, or replace them (${HOOK_EVENTS.join(', ')} → shell command; the event's JSON on stdin; exit 2 blocks the completion or keeps the member working).`,
    input: z.strictObject({ ...teamFields, hooks: z.partialRecord(z.enum(HOOK_EVENTS), z.string().min(1)).optional() }),
    output,
    annotations: WRITE,
    async run(args, { pool }) {
      const board = await pool.teams();
      return result(
        args.hooks ? await board.setHooks(addressOf(args), args.hooks as Record<string, string>) : await board.hooks(addressOf(args)),
      );
    },
  }),
];

function ownerMapText(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .map(([option, owner]) => `${option}:${owner}`)
    .join(',');
}
