import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHookCommand } from '../src/hook-runner.js';
import type { TeamAddress, TeamBoard } from '../src/team-board.js';
import { createTeamBoard } from '../src/team-board.js';
import { hookVerdict, parseHookAssignment } from '../src/team-hooks.js';
import { type BoardFixture, codeOf, openBoard } from './board-fixture.js';

describe('hook verdicts (Claude Code exit-code rule)', () => {
  const run = (exitCode: number | null, stderr = '', extra: { timedOut?: boolean; startError?: string } = {}) => ({
    exitCode,
    stdout: '',
    stderr,
    timedOut: extra.timedOut ?? false,
    startError: extra.startError,
  });
  it('exit 0 allows, exit 2 blocks with stderr as feedback, anything else is a non-blocking error', () => {
    expect(hookVerdict('task_completed', run(0, 'ignored'))).toEqual({ kind: 'allow' });
    expect(hookVerdict('task_completed', run(2, 'tests fail: 3 of 40\n'))).toEqual({ kind: 'block', feedback: 'tests fail: 3 of 40' });
    expect(hookVerdict('teammate_idle', run(2))).toEqual({ kind: 'block', feedback: 'The teammate_idle hook exited 2 without a message.' });
    expect(hookVerdict('task_created', run(1, 'boom'))).toEqual({
      kind: 'error',
      warning: 'The task_created hook exited 1: boom; not blocking (only exit 2 blocks).',
    });
    expect(hookVerdict('task_created', run(null, '', { timedOut: true })).kind).toBe('error');
    expect(hookVerdict('task_created', run(null, '', { startError: 'ENOENT' })).kind).toBe('error');
  });

  it('--hook takes event=command; unknown events and empty commands are refused', () => {
    expect(parseHookAssignment('task_completed=./check.sh --strict')).toEqual(['task_completed', './check.sh --strict']);
    expect(() => parseHookAssignment('task_done=x')).toThrow(/Unknown hook event 'task_done'/);
    expect(() => parseHookAssignment('teammate_idle=')).toThrow(/needs a command/);
  });
});

describe('runHookCommand', () => {
  it('runs the command with the JSON on stdin and gives back its exit code and stderr', async () => {
    const result = await runHookCommand('cat > /dev/null; echo "$AGENTPOOL_HOOK_EVENT said no" >&2; exit 2', { event: 'task_completed' });
    expect(result).toMatchObject({ exitCode: 2, stderr: 'task_completed said no\n', timedOut: false });
    const echoed = await runHookCommand('cat', { event: 'x', task_id: 'task-1' });
    expect(JSON.parse(echoed.stdout)).toEqual({ event: 'x', task_id: 'task-1' });
  });

  it('kills a hook that runs past its time', async () => {
    const result = await runHookCommand('sleep 30', { event: 'x' }, { timeoutMs: 200 });
    expect(result).toMatchObject({ exitCode: null, timedOut: true });
  });
});

describe('hooks on the board', () => {
  let fx: BoardFixture;
  let team: TeamAddress;
  let board: TeamBoard;
  let scratch: string;
  beforeEach(async () => {
    fx = await openBoard();
    scratch = mkdtempSync(join(tmpdir(), 'agentpool-hooks-'));
    board = fx.board;
    team = { location: fx.location, teamName: 'alpha' };
    await board.init({ location: fx.location, teamName: 'alpha', goal: 'ship', members: 'lead,impl,reviewer' });
    await board.addTask(team, { title: 'build it' });
    await board.claim(team, { taskId: 'task-1', member: 'impl' });
  });
  afterEach(async () => {
    await fx.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const setHook = (event: string, command: string) => board.setHooks(team, { [event]: command });

  it('task_completed exit 2 keeps the task in progress and sends the hook stderr to the member', async () => {
    const input = join(scratch, 'input.json');
    await setHook('task_completed', `cat > ${input}; echo "run the tests first" >&2; exit 2`);
    const refused = board.updateTask(team, { taskId: 'task-1', status: 'completed', note: 'done' });
    await expect(refused).rejects.toMatchObject({ code: 'HOOK_BLOCKED', details: { feedback: 'run the tests first', member: 'impl' } });
    const task = (await board.listTasks(team)).tasks[0];
    expect(task).toMatchObject({ status: 'in_progress', owner: 'impl', notes: [] });
    const inbox = await board.inbox(team, { member: 'impl' });
    expect(inbox.messages.map((m) => [m.from, m.body])).toEqual([['hook:task_completed', 'run the tests first']]);
    expect(JSON.parse(readFileSync(input, 'utf8'))).toMatchObject({
      hook_event_name: 'TaskCompleted',
      event: 'task_completed',
      team_name: 'alpha',
      task_id: 'task-1',
      task_subject: 'build it',
      teammate_name: 'impl',
      status_before: 'in_progress',
    });
    const events = (await board.events(team)).events.map((e) => e.eventType);
    expect(events.at(-1)).toBe('hook.blocked');
  });

  it('task_completed exit 0 lets the completion through; another exit code lets it through with a warning', async () => {
    await setHook('task_completed', 'exit 0');
    expect((await board.updateTask(team, { taskId: 'task-1', status: 'completed' })).warnings).toEqual([]);
    await board.addTask(team, { title: 'two' });
    await setHook('task_completed', 'echo flaky >&2; exit 1');
    const second = await board.updateTask(team, { taskId: 'task-2', status: 'completed' });
    expect(second.task.status).toBe('completed');
    expect(second.warnings).toEqual(['The task_completed hook exited 1: flaky; not blocking (only exit 2 blocks).']);
  });

  it('the hook runs only on a change to completed, never for notes or an already completed task', async () => {
    const marker = join(scratch, 'ran');
    await setHook('task_completed', `touch ${marker}; exit 2`);
    await board.updateTask(team, { taskId: 'task-1', note: 'progress' });
    await board.updateTask(team, { taskId: 'task-1', status: 'pending' });
    expect(() => readFileSync(marker)).toThrow();
  });

  it('task_created exit 2 refuses the task: no task, no task number used', async () => {
    await setHook('task_created', 'echo "titles need a ticket id" >&2; exit 2');
    expect(await codeOf(board.addTask(team, { title: 'vague' }))).toBe('HOOK_BLOCKED');
    await setHook('task_created', 'exit 0');
    expect((await board.addTask(team, { title: 'ABC-1 precise' })).task.id).toBe('task-2');
    expect((await board.listTasks(team)).tasks.map((t) => t.title)).toEqual(['build it', 'ABC-1 precise']);
  });

  it('an injected runner sees the command and the payload (the board runs hooks through it)', async () => {
    const seen: string[] = [];
    const injected = createTeamBoard(fx.store.teams, {
      runHook: async (command, payload) => {
        seen.push(`${command} ${String(payload.hook_event_name)}`);
        return { exitCode: 0, stdout: '', stderr: '', timedOut: false };
      },
    });
    await injected.setHooks(team, { task_created: 'check-title' });
    await injected.addTask(team, { title: 'x' });
    expect(seen).toEqual(['check-title TaskCreated']);
  });
});
