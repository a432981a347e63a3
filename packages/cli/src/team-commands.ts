import { writeFileSync } from 'node:fs';
import { AgentPoolError, echoValue } from '@agentpool/core';
import { buildTeamBrief, resolveTeamLocation, type TeamAddress, type TeamBoard } from '@agentpool/teams';
import type { Command } from 'commander';
import type { CliRun } from './cli-context.js';
import { defineAction, type Options } from './command-kit.js';
import { attemptDelivery, registerTeamLiveCommands } from './team-live-commands.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The options every `team` command shares (team_ops' global flags). */
export function withTeamOptions(command: Command, teamNameRequired = true): Command {
  if (teamNameRequired) command.requiredOption('--team-name <name>', 'the team (one identifier)');
  return command
    .option('--team-root <path>', 'where teams live (default AGENTPOOL_TEAM_ROOT, TEAM_OPS_ROOT, or <nearest workspace>/.codex/teams)')
    .option('--monitoring', 'accepted for team_ops scripts: monitor events are always recorded')
    .option('--monitor-log-file <path>', "also append this command's monitor events to this file (team_ops' monitor.jsonl lines)")
    .option('--correlation-id <id>', "groups this command's monitor events with other commands'");
}

export function addressOf(options: Options, run: CliRun): TeamAddress {
  return {
    location: resolveTeamLocation({ teamRoot: str(options.teamRoot), env: run.env, cwd: process.cwd() }),
    teamName: str(options.teamName) ?? '',
    correlationId: str(options.correlationId),
    monitorLogFile: str(options.monitorLogFile) ?? str(run.env.TEAM_OPS_MONITOR_LOG_FILE),
  };
}

/** Prints warnings (auto-switched root, decider fallback) on stderr for people; JSON carries them in `warnings`. */
export function output<T extends { message: string; warnings: readonly string[] }>(result: T, options: Options) {
  if (options.json !== true) for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
  const { message, ...value } = result;
  return { value: { ...value, message }, human: () => message };
}

function confidenceOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new AgentPoolError('INVALID_REQUEST', '--confidence must be between 0 and 1.', {
      details: { option: '--confidence', value: echoValue(value) },
      hint: '--confidence 0.8',
    });
  }
  return number;
}

/** `agentpool team …`: team_ops' commands over the store — a task board, a mailbox, debates, monitor events. */
export function registerTeamCommands(program: Command, run: CliRun): void {
  const team = program
    .command('team')
    .description('a lead and workers share a task board with dependencies, a mailbox and recorded debates (team_ops commands)');
  const board = async (): Promise<TeamBoard> => (await run.agentPool()).teams();
  const act = (
    command: Command,
    fn: (b: TeamBoard, address: TeamAddress, options: Options) => Promise<{ message: string; warnings: string[] }>,
  ) => defineAction(command, run, async (_args, options) => output(await fn(await board(), addressOf(options, run), options), options));

  defineAction(
    withTeamOptions(team.command('init').description('create a team (an existing one is left alone unless --reset)'))
      .requiredOption('--goal <text>', "the team's goal")
      .requiredOption('--members <list>', 'comma-separated member ids, e.g. lead,implementer-a,reviewer')
      .option('--reset', 'delete the existing team (tasks, debates, messages, events) and create it again'),
    run,
    async (_args, options) => {
      const address = addressOf(options, run);
      const result = await (await board()).init({
        location: address.location,
        teamName: address.teamName,
        goal: str(options.goal) ?? '',
        members: str(options.members) ?? '',
        reset: options.reset === true,
        ...(address.correlationId ? { correlationId: address.correlationId } : {}),
        monitorLogFile: address.monitorLogFile,
      });
      return output(result, options);
    },
  );

  act(
    withTeamOptions(team.command('add-task').description('add a task to the board'))
      .requiredOption('--title <text>', 'what the task is')
      .option('--owner <member>', "a member, or 'unassigned'", 'unassigned')
      .option('--status <status>', 'pending | in_progress | completed', 'pending')
      .option('--depends-on <ids>', 'comma-separated task ids that must be completed first', ''),
    (b, address, o) =>
      b.addTask(address, { title: str(o.title) ?? '', owner: str(o.owner), status: str(o.status), dependsOn: str(o.dependsOn) }),
  );

  act(
    withTeamOptions(
      team.command('claim').description('take a task: refused when another member has it in progress or its dependencies are open'),
    )
      .requiredOption('--task-id <id>', 'task-N')
      .requiredOption('--member <member>', 'who takes it'),
    (b, address, o) => b.claim(address, { taskId: str(o.taskId) ?? '', member: str(o.member) ?? '' }),
  );

  act(
    withTeamOptions(team.command('next').description('the next task a member can claim (pending, unblocked, unassigned or its own)'))
      .requiredOption('--member <member>', 'who asks')
      .option('--claim', 'claim it in the same transaction'),
    (b, address, o) => b.next(address, { member: str(o.member) ?? '', claim: o.claim === true }),
  );

  act(
    withTeamOptions(team.command('update-task').description("change a task's status, owner, dependencies, or add a note"))
      .requiredOption('--task-id <id>', 'task-N')
      .option('--status <status>', 'pending | in_progress | completed')
      .option('--owner <member>', "a member, or 'unassigned'")
      .option('--depends-on <ids>', 'replace the dependencies (comma-separated; "" for none)')
      .option('--note <text>', 'append a note'),
    (b, address, o) =>
      b.updateTask(address, {
        taskId: str(o.taskId) ?? '',
        ...(str(o.status) ? { status: str(o.status) } : {}),
        ...(str(o.owner) ? { owner: str(o.owner) } : {}),
        ...(str(o.dependsOn) !== undefined ? { dependsOn: str(o.dependsOn) } : {}),
        ...(str(o.note) ? { note: str(o.note) } : {}),
      }),
  );

  act(withTeamOptions(team.command('list-tasks').description('the task board')), (b, address) => b.listTasks(address));

  act(
    withTeamOptions(team.command('message').description('send a direct message to a member'))
      .requiredOption('--from <member>', 'sender')
      .requiredOption('--to <member>', 'recipient')
      .requiredOption('--body <text>', 'the message'),
    async (b, address, o) => {
      const sent = await b.message(address, { from: str(o.from) ?? '', to: str(o.to) ?? '', body: str(o.body) ?? '' });
      return attemptDelivery(run, sent, address, [str(o.to) ?? '']);
    },
  );

  act(
    withTeamOptions(team.command('broadcast').description('send a message to every member'))
      .requiredOption('--from <member>', 'sender')
      .requiredOption('--body <text>', 'the message'),
    async (b, address, o) => {
      const sent = await b.broadcast(address, { from: str(o.from) ?? '', body: str(o.body) ?? '' });
      return attemptDelivery(run, sent, address, null);
    },
  );

  act(
    withTeamOptions(team.command('inbox').description("a member's messages (direct and broadcast), each with its id"))
      .requiredOption('--member <member>', 'whose inbox')
      .option('--unread', "only messages past the member's read cursor")
      .option('--mark-read', 'move the read cursor past the messages shown'),
    (b, address, o) => b.inbox(address, { member: str(o.member) ?? '', unread: o.unread === true, markRead: o.markRead === true }),
  );

  act(
    withTeamOptions(team.command('start-debate').description('open a debate between options, optionally linked to a task'))
      .requiredOption('--topic <text>', 'the question')
      .option('--task-id <id>', 'the task the decision applies to')
      .requiredOption('--options <list>', 'comma-separated options (at least two)')
      .requiredOption('--members <list>', 'comma-separated debate members (at least two)')
      .option('--decider <member>', 'who breaks ties and decides (default lead)', 'lead')
      .option('--notify', 'send each debate member a direct message')
      .option('--notify-from <member>', 'sender of the notifications (default lead)', 'lead'),
    (b, address, o) =>
      b.startDebate(address, {
        topic: str(o.topic) ?? '',
        ...(str(o.taskId) ? { taskId: str(o.taskId) } : {}),
        options: str(o.options) ?? '',
        members: str(o.members) ?? '',
        decider: str(o.decider) ?? 'lead',
        notify: o.notify === true,
        notifyFrom: str(o.notifyFrom) ?? 'lead',
      }),
  );

  act(
    withTeamOptions(team.command('add-position').description("record a member's position (its latest counts) while the debate is open"))
      .requiredOption('--debate-id <id>', 'debate-N')
      .requiredOption('--member <member>', 'a debate member')
      .requiredOption('--option <option>', 'one of the debate options')
      .option('--confidence <number>', 'between 0 and 1', '1.0')
      .requiredOption('--rationale <text>', 'why'),
    (b, address, o) =>
      b.addPosition(address, {
        debateId: str(o.debateId) ?? '',
        member: str(o.member) ?? '',
        option: str(o.option) ?? '',
        ...(confidenceOf(str(o.confidence)) !== undefined ? { confidence: confidenceOf(str(o.confidence)) } : {}),
        rationale: str(o.rationale) ?? '',
      }),
  );

  act(
    withTeamOptions(team.command('list-debates').description('the debates')).option(
      '--status <status>',
      'open | decided | applied | closed',
    ),
    (b, address, o) => b.listDebates(address, str(o.status) ? { status: str(o.status) } : {}),
  );

  act(
    withTeamOptions(team.command('show-debate').description('one debate, whole')).requiredOption('--debate-id <id>', 'debate-N'),
    (b, address, o) => b.showDebate(address, { debateId: str(o.debateId) ?? '' }),
  );

  act(
    withTeamOptions(
      team.command('decide-debate').description('record a decision (by score or --decision) and optionally apply it to the task'),
    )
      .requiredOption('--debate-id <id>', 'debate-N')
      .option('--decider <member>', "default: the debate's decider")
      .option('--decision <option>', 'decide by hand')
      .option('--rationale <text>', 'required for a new decision')
      .option('--require-all-positions', 'refuse while a member has no position')
      .option('--apply', 'reflect the decision into the linked task (status, owner, note) and broadcast it, in the same transaction')
      .option('--status-on-apply <status>', 'the task status on apply', 'in_progress')
      .option('--owner-map <map>', 'option:owner,… — the task owner per chosen option', '')
      .option('--notify-from <member>', 'sender of the apply broadcast (default lead)', 'lead'),
    (b, address, o) =>
      b.decideDebate(address, {
        debateId: str(o.debateId) ?? '',
        ...(str(o.decider) ? { decider: str(o.decider) } : {}),
        ...(str(o.decision) ? { decision: str(o.decision) } : {}),
        ...(str(o.rationale) ? { rationale: str(o.rationale) } : {}),
        requireAllPositions: o.requireAllPositions === true,
        apply: o.apply === true,
        statusOnApply: str(o.statusOnApply) ?? 'in_progress',
        ownerMap: str(o.ownerMap) ?? '',
        notifyFrom: str(o.notifyFrom) ?? 'lead',
      }),
  );

  act(
    withTeamOptions(
      team
        .command('orchestrate-debate')
        .description(
          'one step of the debate loop: create or load, remind, auto-decide when all positions are in, apply; re-run until applied',
        ),
    )
      .option('--debate-id <id>', 'an existing debate (otherwise --topic, --options and --members create one)')
      .option('--topic <text>', 'the question of a new debate')
      .option('--task-id <id>', 'the task a new debate applies to')
      .option('--options <list>', 'comma-separated options of a new debate', '')
      .option('--members <list>', 'comma-separated members of a new debate', '')
      .option('--decider <member>', 'the decider of a new debate (default lead)', 'lead')
      .option('--status-on-apply <status>', 'the task status on apply', 'in_progress')
      .option('--owner-map <map>', 'option:owner,…', '')
      .option('--auto-rationale <text>', 'the rationale of an automatic decision', 'Auto-selected by weighted confidence score.')
      .option('--send-reminders', 'message each member who has no position yet')
      .option('--notify-from <member>', 'sender of reminders and the apply broadcast (default lead)', 'lead'),
    (b, address, o) =>
      b.orchestrateDebate(address, {
        ...(str(o.debateId) ? { debateId: str(o.debateId) } : {}),
        ...(str(o.topic) ? { topic: str(o.topic) } : {}),
        ...(str(o.taskId) ? { taskId: str(o.taskId) } : {}),
        options: str(o.options) ?? '',
        members: str(o.members) ?? '',
        decider: str(o.decider) ?? 'lead',
        statusOnApply: str(o.statusOnApply) ?? 'in_progress',
        ownerMap: str(o.ownerMap) ?? '',
        autoRationale: str(o.autoRationale) ?? 'Auto-selected by weighted confidence score.',
        sendReminders: o.sendReminders === true,
        notifyFrom: str(o.notifyFrom) ?? 'lead',
      }),
  );

  act(
    withTeamOptions(
      team.command('monitor-report').description("team_ops' monitor summary (and task and unread counts) over the team's events"),
    ).option('--output <path>', 'also write the report as JSON to this file'),
    async (b, address, o) => {
      // As in team_ops, --monitor-log-file (or TEAM_OPS_MONITOR_LOG_FILE) names the file to report over; without it, the store's events.
      const result = await b.monitorReport(address, address.monitorLogFile ? { monitorLogFile: address.monitorLogFile } : {});
      const path = str(o.output);
      if (path) writeFileSync(path, `${JSON.stringify(result.report, null, 2)}\n`);
      return result;
    },
  );

  act(
    withTeamOptions(team.command('import').description('read a team_ops folder (<root>/<team>/: team.json, tasks.json, …) into the store'))
      .option('--from <folder>', 'the team folder (default <team root>/<team>)')
      .option('--replace', 'replace a team of the same name under the same root'),
    (b, address, o) =>
      b.importFolder({ location: address.location, teamName: address.teamName, from: str(o.from), replace: o.replace === true }),
  );

  act(
    withTeamOptions(team.command('export').description("write the team in team_ops' folder layout"))
      .option('--to <folder>', 'the folder to write (default <team root>/<team>)')
      .option('--force', 'overwrite a folder that already holds a team'),
    (b, address, o) => b.exportFolder({ location: address.location, teamName: address.teamName, to: str(o.to), force: o.force === true }),
  );

  registerTeamLiveCommands(team, run);

  defineAction(
    team
      .command('brief')
      .description('a team charter in Markdown: goal, topology, roles, workstreams, protocols')
      .requiredOption('--team-name <name>', 'the team (one identifier)')
      .requiredOption('--goal <text>', "the team's goal")
      .option('--workstreams <list>', 'comma-separated workstreams')
      .option('--roles <list>', 'role presets: lead, implementer, researcher, reviewer, challenger, tester', 'lead,implementer,reviewer')
      .option('--topology <name>', 'lead-hub | parallel-pods | pipeline | red-blue', 'lead-hub')
      .option('--communication-mode <mode>', 'lead-mediated | direct', 'lead-mediated')
      .option('--delegate-mode', 'the lead coordinates and does not edit code')
      .option('--output <path>', 'write the brief to this file'),
    run,
    async (_args, options) => {
      const brief = buildTeamBrief({
        teamName: str(options.teamName) ?? '',
        goal: str(options.goal) ?? '',
        workstreams: str(options.workstreams),
        roles: str(options.roles),
        topology: str(options.topology),
        communicationMode: str(options.communicationMode),
        delegateMode: options.delegateMode === true,
      });
      const path = str(options.output);
      if (path) writeFileSync(path, brief);
      return {
        value: { team_name: options.teamName, brief, output: path ?? null },
        human: () => (path ? `Wrote brief to ${path}` : brief),
      };
    },
  );
}
