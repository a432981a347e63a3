import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AgentPoolError } from '@agentpool/core';
import type { DebateRow, MonitorEventRow, NewMonitorEvent, TaskRow, TeamRow, TeamStore, TeamTransaction } from '@agentpool/store';
import { claimRefusal } from './claim-rules.js';
import { parseCsv, parseOwnerMap } from './csv-lists.js';
import { chooseDecision, latestPositions, missingMembers } from './debate-decision.js';
import { suggestClosest } from './did-you-mean.js';
import { type HookCommandRunner, runHookCommand } from './hook-runner.js';
import { ensureMember, ensureMemberList, resolveDecider, resolveNotifySender } from './member-checks.js';
import { buildMonitorReport, type MonitorReport, parseMonitorLines } from './monitor-report.js';
import { checkDependencies, openDependencies, statusesById, taskNotFound } from './task-graph.js';
import { invalidRequest, teamError } from './team-errors.js';
import { exportTeamFolder, importTeamFolder } from './team-folder.js';
import { type HookEvent, hookPayload, hookVerdict } from './team-hooks.js';
import { validateTeamName } from './team-name.js';
import type { TeamLocation } from './team-root.js';
import { debateView, eventView, type MessageView, messageView, type TaskView, taskView, teamView } from './team-views.js';
import { AUTO_RATIONALE, DEBATE_STATUSES, isTaskStatus, TASK_STATUS_LIST, type TaskStatus, UNASSIGNED } from './team-vocabulary.js';

/** What every board call names: where the team lives and which one. */
export interface TeamAddress {
  readonly location: TeamLocation;
  readonly teamName: string;
  /** Groups the events of related calls (default: a fresh id per call). */
  readonly correlationId?: string | undefined;
  /** Also append each event of this call to this file, as team_ops' `--monitor-log-file` does. */
  readonly monitorLogFile?: string | undefined;
}

/** Every result carries the team it acted on, a one-line summary and any warnings. */
export interface BoardResult {
  readonly team_name: string;
  readonly team_root: string;
  readonly message: string;
  readonly warnings: string[];
}

const now = (): string => new Date().toISOString();

/** One write transaction on a team (what live members and hooks build on). */
export interface BoardCall {
  readonly tx: TeamTransaction;
  readonly team: TeamRow;
  readonly warnings: string[];
  readonly correlationId: string;
  readonly events: NewMonitorEvent[];
  record(event: Omit<NewMonitorEvent, 'at' | 'correlationId' | 'metadata'> & { metadata?: Record<string, unknown> }): Promise<void>;
}

const DEBATE_STATUS_LIST = DEBATE_STATUSES.join(', ');

function checkTaskStatus(status: string, field: string): TaskStatus {
  if (!isTaskStatus(status))
    throw invalidRequest(`${field} must be one of: ${TASK_STATUS_LIST}`, `${field} pending`, { field, value: status });
  return status;
}

function debateNotFound(debateId: string, known: readonly string[]): Error {
  const suggestion = suggestClosest(debateId, known);
  return teamError(
    'DEBATE_NOT_FOUND',
    `Debate not found: ${debateId}.${suggestion ? ` Did you mean '${suggestion}'?` : ''} Available debates: ${known.length > 0 ? known.join(', ') : '(none)'}.`,
    suggestion ? `--debate-id ${suggestion}` : 'agentpool team list-debates --team-name <team>',
    { debate_id: debateId, available: known, ...(suggestion ? { suggestion } : {}) },
  );
}

/**
 * The team board over a store: every command of team_ops, each mutation one `BEGIN IMMEDIATE`
 * transaction (validation, the change, its messages and its monitor events commit together or not
 * at all), every read one snapshot.
 */
export interface TeamBoardOptions {
  /** Runs a team hook (default: `/bin/sh -c` with the event's JSON on stdin, 60 s at most). */
  readonly runHook?: HookCommandRunner | undefined;
}

export function createTeamBoard(store: TeamStore, options: TeamBoardOptions = {}) {
  const runHook: HookCommandRunner = options.runHook ?? ((command, payload) => runHookCommand(command, payload));
  /** Finds the team, switching to the one ancestor root that holds it when the root was not chosen explicitly (team_ops' rule). */
  async function findTeam(tx: TeamTransaction, address: TeamAddress, warnings: string[]): Promise<TeamRow> {
    const name = validateTeamName(address.teamName);
    const { location } = address;
    const team = await tx.findTeam(location.root, name);
    if (team) return team;
    const initHint = `agentpool team init --team-name ${name} --goal "…" --members lead,…`;
    if (!location.explicit) {
      const holding = new Set(await tx.rootsOfTeam(name));
      const found = location.ancestorRoots.filter((root) => holding.has(root) && root !== location.root);
      if (found.length === 1) {
        const fallback = found[0] as string;
        warnings.push(`Team '${name}' was not found under ${location.root}. Auto-switched --team-root to ${fallback}.`);
        return (await tx.findTeam(fallback, name)) as TeamRow;
      }
      if (found.length > 1) {
        throw teamError(
          'TEAM_NOT_FOUND',
          `Team '${name}' is not initialized under ${location.root}. Found the same team name in multiple ancestor roots: ${found.join(', ')}. Pass --team-root explicitly.`,
          `agentpool team list-tasks --team-name ${name} --team-root ${found[0]}`,
          { team_name: name, team_root: location.root, roots: found },
        );
      }
    }
    throw teamError(
      'TEAM_NOT_FOUND',
      `Team '${name}' is not initialized under ${location.root}. Run: agentpool team init --team-name ${name} ...`,
      initHint,
      {
        team_name: name,
        team_root: location.root,
      },
    );
  }

  function mirror(address: TeamAddress, teamName: string, events: readonly NewMonitorEvent[]): void {
    if (!address.monitorLogFile || events.length === 0) return;
    mkdirSync(dirname(address.monitorLogFile), { recursive: true });
    appendFileSync(address.monitorLogFile, events.map((event) => `${JSON.stringify(eventView(teamName, event))}\n`).join(''));
  }

  /** Hints name `<team>` where the rule does not know the team: fill it in. */
  async function naming<T>(address: TeamAddress, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (AgentPoolError.isInstance(error) && error.hint?.includes('<team>') && address.teamName) {
        throw new AgentPoolError(error.code, error.message, {
          details: error.details,
          hint: error.hint.replaceAll('<team>', address.teamName),
          cause: error.cause,
          retryable: error.retryable,
        });
      }
      throw error;
    }
  }

  async function write<T>(address: TeamAddress, fn: (call: BoardCall) => Promise<T>): Promise<T & BoardResult> {
    return naming(address, () => writeNow(address, fn));
  }

  async function read<T>(address: TeamAddress, fn: (tx: TeamTransaction, team: TeamRow) => Promise<T>): Promise<T & BoardResult> {
    return naming(address, () => readNow(address, fn));
  }

  async function writeNow<T>(address: TeamAddress, fn: (call: BoardCall) => Promise<T>): Promise<T & BoardResult> {
    const warnings: string[] = [];
    const correlationId = address.correlationId ?? randomUUID().replaceAll('-', '');
    const events: NewMonitorEvent[] = [];
    let teamName = '';
    let teamRoot = '';
    const result = await store.write(async (tx) => {
      const team = await findTeam(tx, address, warnings);
      teamName = team.name;
      teamRoot = team.root;
      const call: BoardCall = {
        tx,
        team,
        warnings,
        correlationId,
        events,
        async record(event) {
          const full: NewMonitorEvent = { ...event, metadata: event.metadata ?? {}, at: now(), correlationId };
          events.push(full);
          await tx.insertEvent(team, full);
        },
      };
      return fn(call);
    });
    mirror(address, teamName, events);
    return { ...(result as T & { message: string }), team_name: teamName, team_root: teamRoot, warnings };
  }

  async function readNow<T>(address: TeamAddress, fn: (tx: TeamTransaction, team: TeamRow) => Promise<T>): Promise<T & BoardResult> {
    const warnings: string[] = [];
    let teamName = '';
    let teamRoot = '';
    const result = await store.read(async (tx) => {
      const team = await findTeam(tx, address, warnings);
      teamName = team.name;
      teamRoot = team.root;
      return fn(tx, team);
    });
    return { ...(result as T & { message: string }), team_name: teamName, team_root: teamRoot, warnings };
  }

  /**
   * Runs the team's `event` hook, if it has one, before the change it guards — never inside a
   * transaction, since a hook may take seconds; the change's own transaction checks everything again.
   * `subject` says what the hook is about, or null when the change does not call for it. Exit 2
   * refuses: the refusal is recorded (a `hook.blocked` event, and the hook's stderr as a message to
   * the member concerned) and HOOK_BLOCKED is thrown, nothing else changed. Any other failure is a
   * warning the change goes ahead with.
   */
  async function gate(
    address: TeamAddress,
    event: HookEvent,
    subject: (
      tx: TeamTransaction,
      team: TeamRow,
    ) => Promise<{ fields: Record<string, unknown>; member: string | null; entityId: string } | null>,
  ): Promise<string[]> {
    const found = await read(address, async (tx, team) => {
      const command = team.hooks[event];
      return { team, command, about: command ? await subject(tx, team) : null, message: '' };
    });
    if (!found.command || !found.about) return [];
    const { about, team } = found;
    const verdict = hookVerdict(event, await runHook(found.command, hookPayload(event, team, about.fields)));
    if (verdict.kind === 'allow') return [];
    if (verdict.kind === 'error') return [verdict.warning];
    const entityType = event === 'teammate_idle' ? 'member' : 'task';
    await write(address, async (call) => {
      if (about.member && call.team.members.includes(about.member)) {
        await call.tx.insertMessage(call.team, {
          at: now(),
          type: 'direct',
          from: `hook:${event}`,
          to: about.member,
          body: verdict.feedback,
        });
      }
      await call.record({
        eventType: 'hook.blocked',
        command: event,
        actor: about.member ?? UNASSIGNED,
        entityType,
        entityId: about.entityId,
        before: null,
        after: null,
        metadata: { event, feedback: verdict.feedback, exit_code: 2 },
      });
      return { message: '' };
    });
    const what = event === 'task_created' ? 'the new task' : `completing ${about.entityId}`;
    throw teamError(
      'HOOK_BLOCKED',
      `The team's ${event} hook refused ${what} (exit 2): ${verdict.feedback}`,
      event === 'task_completed'
        ? `Address the hook's message, then: agentpool team update-task --team-name ${team.name} --task-id ${about.entityId} --status completed`
        : undefined,
      { event, feedback: verdict.feedback, entity_id: about.entityId, ...(about.member ? { member: about.member } : {}) },
    );
  }

  const requireTask = async (tx: TeamTransaction, team: TeamRow, taskId: string): Promise<TaskRow> => {
    const task = await tx.getTask(team, taskId);
    if (task) return task;
    throw taskNotFound(taskId, await tx.listTaskIds(team));
  };

  const requireDebate = async (tx: TeamTransaction, team: TeamRow, debateId: string): Promise<DebateRow> => {
    const debate = await tx.getDebate(team, debateId);
    if (debate) return debate;
    throw debateNotFound(
      debateId,
      (await tx.listDebates(team)).map((d) => d.id),
    );
  };

  const blockedStatus = (task: Pick<TaskRow, 'id' | 'dependsOn' | 'status'>, status: string, statuses: ReadonlyMap<string, string>) => {
    if (status === 'pending') return;
    const open = openDependencies(task, statuses);
    if (open.length > 0) {
      throw teamError(
        'TASK_BLOCKED',
        `${task.id} cannot be ${status}: it waits on ${open.join(', ')}, not completed yet.`,
        `agentpool team update-task --team-name <team> --task-id ${open[0]} --status completed`,
        { task_id: task.id, status, open_dependencies: open },
      );
    }
  };

  /** Creates a debate row (validation done by the caller). */
  async function createDebate(
    call: BoardCall,
    input: { topic: string; taskId: string | null; options: string[]; members: string[]; decider: string },
  ): Promise<DebateRow> {
    const taskId = input.taskId?.trim() || null;
    if (taskId) await requireTask(call.tx, call.team, taskId);
    const number = await call.tx.takeNumber(call.team, 'debate');
    const at = now();
    const debate: DebateRow = {
      id: `debate-${number}`,
      number,
      topic: input.topic,
      taskId,
      options: [...new Set(input.options)].sort(),
      members: [...new Set(input.members)].sort(),
      decider: input.decider,
      status: 'open',
      positions: [],
      decision: null,
      applied: null,
      createdAt: at,
      updatedAt: at,
    };
    await call.tx.insertDebate(call.team, debate);
    return debate;
  }

  function checkNewDebate(team: TeamRow, options: string[], members: string[], decider: string, warn: (m: string) => void): string {
    ensureMemberList(team.name, team.members, members, '--members');
    if (new Set(options).size < 2)
      throw invalidRequest('--options must include at least two unique values.', '--options "option-a,option-b"');
    if (new Set(members).size < 2) {
      throw invalidRequest(
        '--members must include at least two unique registered members.',
        `--members ${team.members.slice(0, 2).join(',')}`,
      );
    }
    return resolveDecider(team.name, team.members, decider, members, '--decider', warn);
  }

  /**
   * Reflects a decision into its task, the debate and the mailbox, inside the caller's transaction.
   * Returns null when the task still waits on dependencies and the status would start it (team_ops applies anyway).
   */
  async function applyDecision(
    call: BoardCall,
    debate: DebateRow,
    decision: Record<string, unknown>,
    input: { option: string; status: TaskStatus; ownerMap: Map<string, string>; by: string; sender: string },
  ): Promise<{ note: string; applied: Record<string, unknown> } | { blockedBy: string[] }> {
    const taskId = debate.taskId as string;
    const tasks = await call.tx.listTasks(call.team);
    const task = tasks.find((t) => t.id === taskId);
    if (!task)
      throw taskNotFound(
        taskId,
        tasks.map((t) => t.id),
      );
    if (input.status !== 'pending') {
      const open = openDependencies(task, statusesById(tasks));
      if (open.length > 0) return { blockedBy: open };
    }
    const at = now();
    const before = { owner: task.owner, status: task.status, notes_len: task.notes.length };
    const owner = input.ownerMap.get(input.option) ?? task.owner;
    await call.tx.updateTask(call.team, taskId, { owner, status: input.status, updatedAt: at });
    const rationale = typeof decision.rationale === 'string' ? decision.rationale : '';
    const noteText = `Debate ${debate.id} chose '${input.option}'.${rationale ? ` Rationale: ${rationale}` : ''}`;
    await call.tx.addNote(call.team, taskId, { at, text: noteText });
    const applied = { at, by: input.by, task_id: taskId, status: input.status, owner, option: input.option };
    await call.tx.updateDebate(call.team, debate.id, { status: 'applied', decision, applied, updatedAt: at });
    const body = `Debate ${debate.id} decided '${input.option}' and applied to ${taskId} (status=${input.status}, owner=${owner}).`;
    await call.tx.insertMessage(call.team, { at, type: 'broadcast', from: input.sender, to: '*', body });
    await call.record({
      eventType: 'debate.applied',
      command: 'apply-decision',
      actor: input.by,
      entityType: 'debate',
      entityId: debate.id,
      before: { task: before },
      after: { task: { owner, status: input.status, notes_len: task.notes.length + 1 } },
      metadata: { task_id: taskId, option: input.option, status: input.status, sender: input.sender },
    });
    return { note: `Applied decision to ${taskId} (status=${input.status}, owner=${owner})`, applied };
  }

  const blockedNote = (debate: DebateRow, blockedBy: readonly string[]) =>
    `${debate.taskId} waits on ${blockedBy.join(', ')}; the decision is kept and applies once they are completed (re-run orchestrate-debate or decide-debate --apply).`;

  return {
    /** Creates the team; an existing one is left alone unless `reset`. */
    async init(input: {
      location: TeamLocation;
      teamName: string;
      goal: string;
      members: string;
      reset?: boolean;
      correlationId?: string;
      monitorLogFile?: string | undefined;
    }) {
      const name = validateTeamName(input.teamName);
      const members = parseCsv(input.members);
      const hint = `agentpool team init --team-name ${name} --goal "…" --members lead,implementer-a,reviewer`;
      if (members.length === 0) throw invalidRequest('--members must include at least one member.', hint);
      if (new Set(members).size !== members.length) throw invalidRequest('--members must not contain duplicates.', hint, { members });
      const reserved = members.filter((member) => member === UNASSIGNED || member === '*' || member.includes(':'));
      if (reserved.length > 0) {
        throw invalidRequest(
          `--members cannot include ${reserved.join(', ')} ('${UNASSIGNED}' and '*' are reserved, ':' separates --owner-map).`,
          hint,
        );
      }
      const root = input.location.root;
      const correlationId = input.correlationId ?? randomUUID().replaceAll('-', '');
      const folder = join(root, name);
      const events: NewMonitorEvent[] = [];
      const result = await store.write(async (tx) => {
        const existing = await tx.findTeam(root, name);
        const base = { team_name: name, team_root: root, warnings: [] as string[] };
        if (existing && !input.reset) {
          return {
            ...base,
            created: false,
            team: teamView(existing),
            message: `Team '${name}' already exists at ${folder}. No changes made. Re-run with --reset to reinitialize.`,
          };
        }
        if (existing) await tx.deleteTeam(existing);
        const team = await tx.insertTeam({ root, name, goal: input.goal, members, createdAt: now() });
        const event: NewMonitorEvent = {
          at: now(),
          eventType: existing ? 'team.reinitialized' : 'team.initialized',
          command: existing ? 'init --reset' : 'init',
          actor: 'lead',
          entityType: 'team',
          entityId: name,
          before: null,
          after: { members, goal: input.goal, team_root: root, recovered_partial_state: false },
          metadata: {},
          correlationId,
        };
        events.push(event);
        await tx.insertEvent(team, event);
        return {
          ...base,
          created: true,
          team: teamView(team),
          message: existing ? `Reinitialized team '${name}' at ${folder}` : `Initialized team '${name}' at ${folder}`,
        };
      });
      mirror({ location: input.location, teamName: name, monitorLogFile: input.monitorLogFile }, name, events);
      return result;
    },

    /** Adds a task; the team's task_created hook runs first and may refuse it (exit 2). */
    async addTask(address: TeamAddress, input: { title: string; owner?: string; status?: string; dependsOn?: string }) {
      const owner = input.owner ?? UNASSIGNED;
      const status = checkTaskStatus(input.status ?? 'pending', '--status');
      const hookWarnings = await gate(address, 'task_created', async (_tx, team) => ({
        fields: {
          task_subject: input.title,
          task_description: input.title,
          owner,
          status,
          depends_on: parseCsv(input.dependsOn),
          ...(owner !== UNASSIGNED ? { teammate_name: owner } : {}),
        },
        member: owner !== UNASSIGNED && team.members.includes(owner) ? owner : null,
        entityId: '(new task)',
      }));
      return write(address, async (call) => {
        call.warnings.push(...hookWarnings);
        if (owner !== UNASSIGNED) ensureMember(call.team.name, call.team.members, owner, '--owner');
        const tasks = await call.tx.listTasks(call.team);
        const dependsOn = parseCsv(input.dependsOn);
        const number = await call.tx.takeNumber(call.team, 'task');
        const id = `task-${number}`;
        checkDependencies(id, dependsOn, tasks);
        blockedStatus({ id, dependsOn, status }, status, statusesById(tasks));
        const at = now();
        const task: TaskRow = { id, number, title: input.title, owner, status, dependsOn, notes: [], createdAt: at, updatedAt: at };
        await call.tx.insertTask(call.team, task);
        await call.record({
          eventType: 'task.created',
          command: 'add-task',
          actor: owner,
          entityType: 'task',
          entityId: id,
          before: null,
          after: { status, owner, depends_on: dependsOn },
        });
        return { task: taskView(task), message: `Added ${id}: ${input.title}` };
      });
    },

    /** Compare-and-set: the task is taken only if it is still as read, not another member's in progress, and unblocked. */
    claim(address: TeamAddress, input: { taskId: string; member: string }) {
      return write(address, async (call) => {
        ensureMember(call.team.name, call.team.members, input.member, '--member');
        return claimIn(call, input.taskId, input.member);
      });
    },

    /** The next task `member` can claim (null when none); with `claim`, takes it in the same transaction. */
    async next(address: TeamAddress, input: { member: string; claim?: boolean }) {
      if (input.claim) {
        return write(address, async (call) => {
          ensureMember(call.team.name, call.team.members, input.member, '--member');
          const taskId = await call.tx.nextClaimableTaskId(call.team, input.member, UNASSIGNED);
          if (!taskId) return { task: null as TaskView | null, claimed: false, message: `No claimable task for ${input.member}.` };
          const claimed = await claimIn(call, taskId, input.member);
          return { ...claimed, claimed: true };
        });
      }
      return read(address, async (tx, team) => {
        ensureMember(team.name, team.members, input.member, '--member');
        const taskId = await tx.nextClaimableTaskId(team, input.member, UNASSIGNED);
        const task = taskId ? await tx.getTask(team, taskId) : null;
        return {
          task: task ? taskView(task) : null,
          claimed: false,
          message: task ? `${task.id}  owner=${task.owner}  ${task.title}` : `No claimable task for ${input.member}.`,
        };
      });
    },

    /** Changes a task; completing it runs the team's task_completed hook first, which may refuse (exit 2: the task stays as it is). */
    async updateTask(address: TeamAddress, input: { taskId: string; status?: string; owner?: string; dependsOn?: string; note?: string }) {
      const status = input.status ? checkTaskStatus(input.status, 'status') : undefined;
      const hookWarnings =
        status === 'completed'
          ? await gate(address, 'task_completed', async (tx, team) => {
              const task = await tx.getTask(team, input.taskId);
              if (!task || task.status === 'completed') return null;
              const member = input.owner && input.owner !== UNASSIGNED ? input.owner : task.owner;
              return {
                fields: {
                  task_id: task.id,
                  task_subject: task.title,
                  task_description: [task.title, ...task.notes.map((note) => note.text), ...(input.note ? [input.note] : [])].join('\n'),
                  teammate_name: member,
                  status_before: task.status,
                },
                member: team.members.includes(member) ? member : null,
                entityId: task.id,
              };
            })
          : [];
      return write(address, async (call) => {
        call.warnings.push(...hookWarnings);
        if (input.owner && input.owner !== UNASSIGNED) ensureMember(call.team.name, call.team.members, input.owner, '--owner');
        const task = await requireTask(call.tx, call.team, input.taskId);
        const dependsOn = input.dependsOn === undefined ? task.dependsOn : parseCsv(input.dependsOn);
        // The whole board only when the dependencies change (a cycle can run through any task); a status
        // change reads just the statuses it depends on, so the write lock is held briefly.
        if (input.dependsOn !== undefined) checkDependencies(task.id, dependsOn, await call.tx.listTasks(call.team));
        const nextStatus = status ?? task.status;
        if (nextStatus !== task.status || input.dependsOn !== undefined)
          blockedStatus({ ...task, dependsOn }, nextStatus, await call.tx.taskStatuses(call.team, dependsOn));
        const at = now();
        const owner = input.owner || task.owner;
        await call.tx.updateTask(call.team, task.id, { owner, status: nextStatus, updatedAt: at });
        if (input.note) await call.tx.addNote(call.team, task.id, { at, text: input.note });
        if (input.dependsOn !== undefined) await call.tx.setDependencies(call.team, task.id, dependsOn);
        const notesLen = task.notes.length + (input.note ? 1 : 0);
        await call.record({
          eventType: 'task.updated',
          command: 'update-task',
          actor: input.owner || 'lead',
          entityType: 'task',
          entityId: task.id,
          before: { owner: task.owner, status: task.status, depends_on: task.dependsOn, notes_len: task.notes.length },
          after: { owner, status: nextStatus, depends_on: dependsOn, notes_len: notesLen },
          metadata: { note_added: Boolean(input.note) },
        });
        const updated = (await call.tx.getTask(call.team, task.id)) as TaskRow;
        return { task: taskView(updated), message: `Updated ${task.id}` };
      });
    },

    listTasks(address: TeamAddress) {
      return read(address, async (tx, team) => {
        const tasks = await tx.listTasks(team);
        const statuses = statusesById(tasks);
        const views = tasks.map((task) => ({
          ...taskView(task),
          blocked_by: task.status === 'completed' ? [] : openDependencies(task, statuses),
        }));
        const lines = tasks.map(
          (task) =>
            `${task.id}  ${task.status}  owner=${task.owner}  deps=${task.dependsOn.length > 0 ? task.dependsOn.join(',') : '-'}  ${task.title}`,
        );
        return { tasks: views, message: lines.length > 0 ? lines.join('\n') : 'No tasks.' };
      });
    },

    message(address: TeamAddress, input: { from: string; to: string; body: string }) {
      return write(address, async (call) => {
        ensureMember(call.team.name, call.team.members, input.from, '--from');
        ensureMember(call.team.name, call.team.members, input.to, '--to');
        const sent = await call.tx.insertMessage(call.team, {
          at: now(),
          type: 'direct',
          from: input.from,
          to: input.to,
          body: input.body,
        });
        await call.record({
          eventType: 'message.sent',
          command: 'message',
          actor: input.from,
          entityType: 'message',
          entityId: `${input.from}->${input.to}`,
          before: null,
          after: null,
          metadata: { body: input.body, message_id: `msg-${sent.seq}` },
        });
        return { sent: messageView(sent), message: `Message sent to ${input.to}` };
      });
    },

    broadcast(address: TeamAddress, input: { from: string; body: string }) {
      return write(address, async (call) => {
        ensureMember(call.team.name, call.team.members, input.from, '--from');
        const sent = await call.tx.insertMessage(call.team, { at: now(), type: 'broadcast', from: input.from, to: '*', body: input.body });
        await call.record({
          eventType: 'message.broadcast',
          command: 'broadcast',
          actor: input.from,
          entityType: 'message',
          entityId: `${input.from}->*`,
          before: null,
          after: null,
          metadata: { body: input.body, message_id: `msg-${sent.seq}` },
        });
        return { sent: messageView(sent), message: 'Broadcast sent' };
      });
    },

    /** A member's messages (direct and broadcast); `unread` only those past its read cursor; `markRead` moves the cursor past them. */
    async inbox(address: TeamAddress, input: { member: string; unread?: boolean; markRead?: boolean }) {
      const collect = async (tx: TeamTransaction, team: TeamRow) => {
        ensureMember(team.name, team.members, input.member, '--member');
        const cursor = await tx.readCursor(team, input.member);
        const messages = await tx.listMessages(team, { member: input.member, ...(input.unread ? { afterSeq: cursor } : {}) });
        return { cursor, messages };
      };
      const render = (messages: readonly MessageView[], cursor: number, unreadCount: number) => ({
        member: input.member,
        messages,
        read_cursor: cursor,
        unread_count: unreadCount,
        message:
          messages.length > 0
            ? messages.map((m) => `${m.id} [${m.at}] ${m.from} -> ${m.to}: ${m.body}`).join('\n')
            : `No ${input.unread ? 'unread ' : ''}inbox messages for ${input.member}.`,
      });
      if (!input.markRead) {
        return read(address, async (tx, team) => {
          const { cursor, messages } = await collect(tx, team);
          const unread = (await tx.listMessages(team, { member: input.member, afterSeq: cursor })).length;
          return render(messages.map(messageView), cursor, unread);
        });
      }
      return write(address, async (call) => {
        const { cursor, messages } = await collect(call.tx, call.team);
        const last = messages.at(-1)?.seq ?? cursor;
        const moved = Math.max(cursor, last);
        if (moved !== cursor) {
          await call.tx.setReadCursor(call.team, input.member, moved, now());
          await call.record({
            eventType: 'inbox.read',
            command: 'inbox --mark-read',
            actor: input.member,
            entityType: 'member',
            entityId: input.member,
            before: { read_cursor: cursor },
            after: { read_cursor: moved },
          });
        }
        const unread = (await call.tx.listMessages(call.team, { member: input.member, afterSeq: moved })).length;
        return render(messages.map(messageView), moved, unread);
      });
    },

    startDebate(
      address: TeamAddress,
      input: { topic: string; taskId?: string; options: string; members: string; decider?: string; notify?: boolean; notifyFrom?: string },
    ) {
      return write(address, async (call) => {
        const options = parseCsv(input.options);
        const members = parseCsv(input.members);
        const decider = checkNewDebate(call.team, options, members, input.decider ?? 'lead', (w) => call.warnings.push(w));
        const sender = input.notify
          ? resolveNotifySender(call.team.name, call.team.members, input.notifyFrom ?? 'lead', decider, 'start-debate notifications')
          : null;
        const debate = await createDebate(call, { topic: input.topic, taskId: input.taskId ?? null, options, members, decider });
        if (sender) {
          for (const member of debate.members) {
            const body = `Debate ${debate.id} started for topic '${input.topic}'. Submit your position with add-position. Options: ${debate.options.join(', ')}`;
            await call.tx.insertMessage(call.team, { at: now(), type: 'direct', from: sender, to: member, body });
            await call.record({
              eventType: 'message.sent',
              command: 'start-debate',
              actor: sender,
              entityType: 'message',
              entityId: `${sender}->${member}`,
              before: null,
              after: null,
              metadata: { debate_id: debate.id, topic: input.topic },
            });
          }
        }
        await call.record({
          eventType: 'debate.started',
          command: 'start-debate',
          actor: decider,
          entityType: 'debate',
          entityId: debate.id,
          before: null,
          after: { topic: input.topic, task_id: debate.taskId, options: debate.options, members: debate.members, status: 'open' },
        });
        return { debate: debateView(debate), message: `Started ${debate.id} topic='${input.topic}' task=${debate.taskId ?? 'None'}` };
      });
    },

    addPosition(address: TeamAddress, input: { debateId: string; member: string; option: string; confidence?: number; rationale: string }) {
      const confidence = input.confidence ?? 1;
      if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
        throw invalidRequest('--confidence must be between 0 and 1.', '--confidence 0.8', { value: String(input.confidence) });
      }
      return write(address, async (call) => {
        ensureMember(call.team.name, call.team.members, input.member, '--member');
        const debate = await requireDebate(call.tx, call.team, input.debateId);
        if (debate.status !== 'open') {
          throw teamError(
            'DEBATE_CONFLICT',
            `Debate ${debate.id} is ${debate.status}; cannot add positions.`,
            `agentpool team show-debate --team-name ${call.team.name} --debate-id ${debate.id}`,
            { debate_id: debate.id, status: debate.status },
          );
        }
        if (!debate.members.includes(input.member)) {
          const suggestion = suggestClosest(input.member, debate.members);
          throw invalidRequest(
            `--member '${input.member}' is not registered for ${debate.id}. Debate members: ${debate.members.join(', ')}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
            `--member ${suggestion ?? debate.members[0]}`,
            { debate_id: debate.id, member: input.member, debate_members: debate.members },
          );
        }
        if (!debate.options.includes(input.option)) {
          throw invalidRequest(`--option must be one of: ${debate.options.join(', ')}`, `--option ${debate.options[0]}`, {
            options: debate.options,
          });
        }
        const at = now();
        await call.tx.addPosition(call.team, debate.id, {
          at,
          member: input.member,
          option: input.option,
          confidence,
          rationale: input.rationale,
        });
        await call.tx.updateDebate(call.team, debate.id, { updatedAt: at });
        await call.record({
          eventType: 'debate.position_added',
          command: 'add-position',
          actor: input.member,
          entityType: 'debate',
          entityId: debate.id,
          before: null,
          after: null,
          metadata: { option: input.option, confidence },
        });
        return { debate_id: debate.id, message: `Recorded position from ${input.member} on ${debate.id}` };
      });
    },

    listDebates(address: TeamAddress, input: { status?: string } = {}) {
      if (input.status !== undefined && !(DEBATE_STATUSES as readonly string[]).includes(input.status)) {
        throw invalidRequest(`--status must be one of: ${DEBATE_STATUS_LIST}`, '--status open', { value: input.status });
      }
      return read(address, async (tx, team) => {
        const debates = (await tx.listDebates(team)).filter((d) => input.status === undefined || d.status === input.status);
        const views = debates.map((d) => ({ ...debateView(d), positions_submitted: latestPositions(d.positions).size }));
        const lines = debates.map(
          (d) =>
            `${d.id}  ${d.status}  task=${d.taskId ?? '-'}  positions=${latestPositions(d.positions).size}/${d.members.length}  topic=${d.topic}`,
        );
        return { debates: views, message: lines.length > 0 ? lines.join('\n') : 'No debates.' };
      });
    },

    showDebate(address: TeamAddress, input: { debateId: string }) {
      return read(address, async (tx, team) => {
        const debate = debateView(await requireDebate(tx, team, input.debateId));
        return { debate, message: JSON.stringify(debate, null, 2) };
      });
    },

    decideDebate(
      address: TeamAddress,
      input: {
        debateId: string;
        decider?: string;
        decision?: string;
        rationale?: string;
        requireAllPositions?: boolean;
        apply?: boolean;
        statusOnApply?: string;
        ownerMap?: string;
        notifyFrom?: string;
      },
    ) {
      return write(address, async (call) => {
        const { team } = call;
        const debate = await requireDebate(call.tx, team, input.debateId);
        const finished = debate.status === 'applied' || debate.status === 'closed';
        if (finished) {
          return { debate: debateView(debate), applied: false, message: `${debate.id} is already ${debate.status}.` };
        }
        const linked = debate.taskId !== null;
        let ownerMap = new Map<string, string>();
        if (input.apply && linked) {
          ownerMap = parseOwnerMap(input.ownerMap);
          checkOwnerMap(ownerMap, debate, team);
        }
        const decider = input.decider || debate.decider || 'lead';
        ensureMember(team.name, team.members, decider, '--decider');
        if (!debate.members.includes(decider))
          throw invalidRequest('--decider must be one of the registered debate members.', `--decider ${debate.decider}`);
        if (debate.decider && decider !== debate.decider) {
          throw invalidRequest(`--decider must match debate decider '${debate.decider}' for ${debate.id}.`, `--decider ${debate.decider}`);
        }
        const statusOnApply = checkTaskStatus(input.statusOnApply ?? 'in_progress', 'status');
        let decision: Record<string, unknown>;
        let recorded = false;
        if (debate.status === 'decided') {
          decision = debate.decision ?? {};
          const option = decision.option;
          if (typeof option !== 'string' || !debate.options.includes(option)) {
            throw teamError('DEBATE_CONFLICT', `Debate ${debate.id} has an invalid decided option; cannot proceed.`);
          }
          if (input.decision && input.decision !== option) {
            throw teamError(
              'DEBATE_CONFLICT',
              `${debate.id} is already decided as '${option}'. Use the existing decision or open a new debate.`,
              undefined,
              {
                debate_id: debate.id,
                option,
              },
            );
          }
          if (input.requireAllPositions) {
            const missing = missingMembers(debate.members, debate.positions);
            if (missing.length > 0)
              throw teamError('DEBATE_CONFLICT', `Cannot apply decided debate yet; missing positions from: ${missing.join(', ')}`);
          }
          if (!input.apply) {
            return {
              debate: debateView(debate),
              applied: false,
              message: `${debate.id} is already decided as '${option}'. Use --apply to reflect that decision to the linked task.`,
            };
          }
        } else {
          if (!input.rationale) {
            throw invalidRequest('--rationale is required when finalizing a new debate decision.', `--rationale "why this option"`);
          }
          let option: string;
          let method: string;
          let scores: Record<string, number>;
          if (input.decision) {
            if (!debate.options.includes(input.decision)) {
              throw invalidRequest(`--decision must be one of: ${debate.options.join(', ')}`, `--decision ${debate.options[0]}`);
            }
            option = input.decision;
            method = 'manual';
            scores = Object.fromEntries(debate.options.map((o) => [o, 0]));
          } else {
            ({ option, method, scores } = chooseDecision(debate));
          }
          if (input.requireAllPositions) {
            const missing = missingMembers(debate.members, debate.positions);
            if (missing.length > 0) throw teamError('DEBATE_CONFLICT', `Cannot decide yet; missing positions from: ${missing.join(', ')}`);
          }
          decision = { at: now(), decider, option, method, scores, rationale: input.rationale };
          // A debate without a task has nothing to apply: it ends closed (team_ops leaves it decided forever).
          const status = linked ? 'decided' : 'closed';
          await call.tx.updateDebate(team, debate.id, { status, decision, updatedAt: now() });
          recorded = true;
          await call.record({
            eventType: 'debate.decided',
            command: 'decide-debate',
            actor: decider,
            entityType: 'debate',
            entityId: debate.id,
            before: null,
            after: { option, method, status, scores },
            metadata: { rationale: input.rationale },
          });
        }
        const option = decision.option as string;
        let note = '';
        let applied = false;
        if (input.apply && linked) {
          const sender = resolveNotifySender(team.name, team.members, input.notifyFrom ?? 'lead', decider, 'decide-debate apply broadcast');
          const outcome = await applyDecision(call, debate, decision, { option, status: statusOnApply, ownerMap, by: decider, sender });
          if ('blockedBy' in outcome) {
            throw teamError(
              'TASK_BLOCKED',
              `Cannot apply ${debate.id} to ${debate.taskId}: it waits on ${outcome.blockedBy.join(', ')}, not completed yet. Nothing was changed.`,
              `agentpool team decide-debate --team-name ${team.name} --debate-id ${debate.id} --rationale "…"   (decide now, apply later)`,
              { debate_id: debate.id, task_id: debate.taskId, open_dependencies: outcome.blockedBy },
            );
          }
          note = outcome.note;
          applied = true;
        } else if (input.apply && !linked && debate.status === 'decided') {
          // An imported team_ops debate without a task, left decided: close it.
          await call.tx.updateDebate(team, debate.id, { status: 'closed', updatedAt: now() });
          note = 'No task linked; closed.';
        } else if (input.apply) {
          note = 'No task linked; closed.';
        }
        const after = (await call.tx.getDebate(team, debate.id)) as DebateRow;
        const head = recorded
          ? `Decided ${debate.id}: option='${option}' method=${String(decision.method)} status=${after.status}`
          : `Applied existing decision for ${debate.id}: option='${option}' status=${after.status}`;
        return { debate: debateView(after), applied, apply_note: note || null, message: note ? `${head}\n${note}` : head };
      });
    },

    /**
     * One step of the debate loop: create or load the debate, remind the members who have not taken
     * a position, decide when all have, apply to the task (once its dependencies are completed). Idempotent once applied.
     */
    orchestrateDebate(
      address: TeamAddress,
      input: {
        debateId?: string;
        topic?: string;
        taskId?: string;
        options?: string;
        members?: string;
        decider?: string;
        statusOnApply?: string;
        ownerMap?: string;
        autoRationale?: string;
        sendReminders?: boolean;
        notifyFrom?: string;
      },
    ) {
      if (!input.debateId) {
        if (!input.topic)
          throw invalidRequest('--topic is required when --debate-id is not provided.', '--topic "Choose a cache strategy"');
        if (!input.options)
          throw invalidRequest('--options is required when --debate-id is not provided.', '--options "ttl-only,event-driven"');
        if (!input.members) throw invalidRequest('--members is required when --debate-id is not provided.', '--members lead,reviewer');
      }
      const statusOnApply = checkTaskStatus(input.statusOnApply ?? 'in_progress', 'status');
      return write(address, async (call) => {
        const { team } = call;
        let debate: DebateRow;
        if (input.debateId) debate = await requireDebate(call.tx, team, input.debateId);
        else {
          const options = parseCsv(input.options);
          const members = parseCsv(input.members);
          const decider = checkNewDebate(team, options, members, input.decider ?? 'lead', (w) => call.warnings.push(w));
          debate = await createDebate(call, { topic: input.topic as string, taskId: input.taskId ?? null, options, members, decider });
          await call.record({
            eventType: 'debate.started',
            command: 'orchestrate-debate',
            actor: decider,
            entityType: 'debate',
            entityId: debate.id,
            before: null,
            after: { topic: debate.topic, task_id: debate.taskId, options: debate.options, members: debate.members, status: 'open' },
          });
        }
        const done = (message: string, extra: Record<string, unknown> = {}) => ({
          debate_id: debate.id,
          status: debate.status,
          state: 'done' as string,
          missing: [] as string[],
          blocked_by: [] as string[],
          ...extra,
          message,
        });
        if (debate.status === 'applied' || debate.status === 'closed') return done(`${debate.id} already ${debate.status}. Nothing to do.`);
        const decider = debate.decider || input.decider || 'lead';
        if (!debate.members.includes(decider))
          throw teamError('DEBATE_CONFLICT', `Debate ${debate.id} decider '${decider}' is not a registered member.`);
        ensureMember(team.name, team.members, decider, '--decider');
        const missing = missingMembers(debate.members, debate.positions);
        if (missing.length > 0) {
          if (input.sendReminders) {
            const sender = resolveNotifySender(
              team.name,
              team.members,
              input.notifyFrom ?? 'lead',
              decider,
              'orchestrate-debate reminders',
            );
            for (const member of missing) {
              const body = `Debate ${debate.id} is waiting for your position. Run add-position with one of: ${debate.options.join(', ')}`;
              await call.tx.insertMessage(team, { at: now(), type: 'direct', from: sender, to: member, body });
              await call.record({
                eventType: 'message.sent',
                command: 'orchestrate-debate',
                actor: sender,
                entityType: 'message',
                entityId: `${sender}->${member}`,
                before: null,
                after: null,
                metadata: { debate_id: debate.id, reason: 'missing_position' },
              });
            }
          }
          await call.record({
            eventType: 'orchestrate.waiting',
            command: 'orchestrate-debate',
            actor: decider,
            entityType: 'debate',
            entityId: debate.id,
            before: null,
            after: null,
            metadata: { missing_members: missing },
          });
          return done(`${debate.id} waiting for positions from: ${missing.join(', ')}`, { state: 'waiting_positions', missing });
        }
        let decision = debate.decision;
        if (decision === null) {
          const chosen = chooseDecision(debate);
          const rationale = input.autoRationale ?? AUTO_RATIONALE;
          decision = { at: now(), decider, option: chosen.option, method: chosen.method, scores: chosen.scores, rationale };
          const status = debate.taskId === null ? 'closed' : 'decided';
          await call.tx.updateDebate(team, debate.id, { status, decision, updatedAt: now() });
          await call.record({
            eventType: 'debate.decided',
            command: 'orchestrate-debate',
            actor: decider,
            entityType: 'debate',
            entityId: debate.id,
            before: null,
            after: { option: chosen.option, method: chosen.method, scores: chosen.scores, status },
            metadata: { rationale },
          });
          debate = (await call.tx.getDebate(team, debate.id)) as DebateRow;
        }
        const option = decision.option;
        if (typeof option !== 'string' || !debate.options.includes(option)) {
          throw teamError('DEBATE_CONFLICT', `${debate.id} has invalid decision option; expected one of: ${debate.options.join(', ')}`);
        }
        if (debate.taskId === null) {
          if (debate.status === 'decided') await call.tx.updateDebate(team, debate.id, { status: 'closed', updatedAt: now() });
          await call.record({
            eventType: 'orchestrate.completed',
            command: 'orchestrate-debate',
            actor: decider,
            entityType: 'debate',
            entityId: debate.id,
            before: null,
            after: null,
            metadata: { selected_option: option, apply_note: 'No task linked; closed.' },
          });
          return done(`${debate.id} orchestrated: option='${option}' status=closed\nNo task linked; closed.`, { status: 'closed', option });
        }
        const ownerMap = parseOwnerMap(input.ownerMap);
        checkOwnerMap(ownerMap, debate, team);
        const sender = resolveNotifySender(
          team.name,
          team.members,
          input.notifyFrom ?? 'lead',
          decider,
          'orchestrate-debate apply broadcast',
        );
        const outcome = await applyDecision(call, debate, decision, { option, status: statusOnApply, ownerMap, by: decider, sender });
        if ('blockedBy' in outcome) {
          await call.record({
            eventType: 'orchestrate.waiting',
            command: 'orchestrate-debate',
            actor: decider,
            entityType: 'debate',
            entityId: debate.id,
            before: null,
            after: null,
            metadata: { blocked_by: outcome.blockedBy, task_id: debate.taskId },
          });
          return done(`${debate.id} decided '${option}'; ${blockedNote(debate, outcome.blockedBy)}`, {
            status: 'decided',
            state: 'waiting_dependencies',
            option,
            blocked_by: outcome.blockedBy,
          });
        }
        await call.record({
          eventType: 'orchestrate.completed',
          command: 'orchestrate-debate',
          actor: decider,
          entityType: 'debate',
          entityId: debate.id,
          before: null,
          after: null,
          metadata: { selected_option: option, apply_note: outcome.note },
        });
        return done(`${debate.id} orchestrated: option='${option}' status=applied\n${outcome.note}`, { status: 'applied', option });
      });
    },

    /** team_ops' report over the team's events in the store, or over a `monitor.jsonl` file; plus task and unread counts. */
    monitorReport(address: TeamAddress, input: { monitorLogFile?: string } = {}) {
      return read(address, async (tx, team) => {
        let report: MonitorReport;
        if (input.monitorLogFile) {
          let text = '';
          try {
            text = readFileSync(input.monitorLogFile, 'utf8');
          } catch {
            text = '';
          }
          const parsed = parseMonitorLines(text, team.name);
          report = buildMonitorReport(parsed.events, {
            teamName: team.name,
            monitorFile: input.monitorLogFile,
            invalidLines: parsed.invalid,
            otherTeamLines: parsed.otherTeam,
          });
        } else {
          const events = await tx.listEvents(team);
          report = buildMonitorReport(events, { teamName: team.name, monitorFile: `store:${team.root}/${team.name}` });
        }
        const tasksByStatus: Record<string, number> = { pending: 0, in_progress: 0, completed: 0 };
        for (const task of await tx.listTasks(team)) tasksByStatus[task.status] = (tasksByStatus[task.status] ?? 0) + 1;
        const unreadByMember: Record<string, number> = {};
        for (const member of team.members) {
          unreadByMember[member] = (await tx.listMessages(team, { member, afterSeq: await tx.readCursor(team, member) })).length;
        }
        const full = { ...report, tasks_by_status: tasksByStatus, unread_by_member: unreadByMember };
        return { report: full, message: JSON.stringify(full) };
      });
    },

    /** Reads a team_ops folder into the store (one transaction). */
    importFolder: (input: Parameters<typeof importTeamFolder>[1]) => importTeamFolder(store, input),
    /** Writes the team in team_ops' folder layout. */
    exportFolder: (input: Parameters<typeof exportTeamFolder>[1]) => exportTeamFolder(store, input),

    /** Replaces the team's hooks (event → command); the result lists them. */
    setHooks(address: TeamAddress, hooks: Readonly<Record<string, string>>) {
      return write(address, async (call) => {
        const before = call.team.hooks;
        await call.tx.setHooks(call.team, hooks, now());
        await call.record({
          eventType: 'team.hooks_set',
          command: 'hooks',
          actor: 'lead',
          entityType: 'team',
          entityId: call.team.name,
          before: { hooks: Object.keys(before).sort() },
          after: { hooks: Object.keys(hooks).sort() },
        });
        const lines = Object.entries(hooks).map(([event, command]) => `${event}: ${command}`);
        return { hooks: { ...hooks }, message: lines.length > 0 ? lines.join('\n') : 'No hooks.' };
      });
    },

    /** The team's hooks. */
    hooks(address: TeamAddress) {
      return read(address, async (_tx, team) => {
        const lines = Object.entries(team.hooks).map(([event, command]) => `${event}: ${command}`);
        return { hooks: { ...team.hooks }, message: lines.length > 0 ? lines.join('\n') : 'No hooks.' };
      });
    },

    /** Runs `fn` in one write transaction on the team (live members build on it); events recorded carry the call's correlation id. */
    transact: <T>(address: TeamAddress, fn: (call: BoardCall) => Promise<T>) => write(address, fn),
    /** Runs `fn` in one read snapshot of the team. */
    inspect: <T>(address: TeamAddress, fn: (tx: TeamTransaction, team: TeamRow) => Promise<T>) => read(address, fn),
    /** Runs the team's hook for `event` (outside any transaction) and says what its exit code means. */
    async runTeamHook(team: TeamRow, event: HookEvent, fields: Record<string, unknown>) {
      const command = team.hooks[event];
      if (!command) return null;
      return hookVerdict(event, await runHook(command, hookPayload(event, team, fields)));
    },

    /** The team's monitor events, in order (for export and tests). */
    events(address: TeamAddress): Promise<{ events: MonitorEventRow[] } & BoardResult> {
      return read(address, async (tx, team) => ({ events: await tx.listEvents(team), message: '' }));
    },
  };

  /** Reads only the task and the statuses of its dependencies: this runs inside the write lock. */
  async function claimIn(call: BoardCall, taskId: string, member: string) {
    const task = await requireTask(call.tx, call.team, taskId);
    const refusal = claimRefusal(task, member, await call.tx.taskStatuses(call.team, task.dependsOn));
    if (refusal) throw refusal;
    const at = now();
    const swapped = await call.tx.swapTaskState(
      call.team,
      task.id,
      { owner: task.owner, status: task.status },
      { owner: member, status: 'in_progress', updatedAt: at },
    );
    if (!swapped)
      throw teamError('TASK_CONFLICT', `Cannot claim ${task.id}: it changed while claiming. Try again.`, undefined, { task_id: task.id });
    await call.record({
      eventType: 'task.claimed',
      command: 'claim',
      actor: member,
      entityType: 'task',
      entityId: task.id,
      before: { owner: task.owner, status: task.status },
      after: { owner: member, status: 'in_progress' },
    });
    const claimed: TaskRow = { ...task, owner: member, status: 'in_progress', updatedAt: at };
    return { task: taskView(claimed) as TaskView | null, message: `${member} claimed ${task.id}` };
  }

  function checkOwnerMap(ownerMap: Map<string, string>, debate: DebateRow, team: TeamRow): void {
    const unknown = [...ownerMap.keys()].filter((option) => !debate.options.includes(option)).sort();
    if (unknown.length > 0) {
      throw invalidRequest(
        `--owner-map has unknown option(s) for Debate ${debate.id}: ${unknown.join(', ')}`,
        `--owner-map "${debate.options[0]}:${team.members[0]}"`,
      );
    }
    const invalid = [...new Set([...ownerMap.values()].filter((owner) => owner !== UNASSIGNED && !team.members.includes(owner)))].sort();
    if (invalid.length > 0) {
      const described = invalid.map((owner) => {
        const suggestion = suggestClosest(owner, team.members);
        return suggestion ? `${owner} (did you mean ${suggestion}?)` : owner;
      });
      throw invalidRequest(
        `--owner-map has owner(s) not in team members for Debate ${debate.id}: ${described.join(', ')}. Registered members: ${team.members.join(', ')} (or '${UNASSIGNED}').`,
        `--owner-map "${debate.options[0]}:${team.members[0]}"`,
      );
    }
  }
}

export type TeamBoard = ReturnType<typeof createTeamBoard>;
