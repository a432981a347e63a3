import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamAddress } from '../src/team-board.js';
import { type BoardFixture, codeOf, openBoard } from './board-fixture.js';

let fx: BoardFixture;
let team: TeamAddress;
beforeEach(async () => {
  fx = await openBoard();
  team = { location: fx.location, teamName: 'alpha' };
  await fx.board.init({ location: fx.location, teamName: 'alpha', goal: 'ship', members: 'lead,impl-a,impl-b,reviewer' });
});
afterEach(async () => fx.close());

const snapshot = async () => ({
  tasks: (await fx.board.listTasks(team)).tasks,
  debates: (await fx.board.listDebates(team)).debates,
  events: (await fx.board.events(team)).events.length,
  inbox: (await fx.board.inbox(team, { member: 'reviewer' })).messages,
});

describe('the team board over a real store', () => {
  it('a refused request changes nothing: no task number used, no event recorded', async () => {
    await fx.board.addTask(team, { title: 'one' });
    const before = await snapshot();
    expect(await codeOf(fx.board.addTask(team, { title: 'two', dependsOn: 'task-7' }))).toBe('INVALID_REQUEST');
    expect(await codeOf(fx.board.addTask(team, { title: 'two', owner: 'nobody' }))).toBe('INVALID_REQUEST');
    expect(await codeOf(fx.board.claim(team, { taskId: 'task-1', member: 'imp-a' }))).toBe('INVALID_REQUEST');
    expect(await snapshot()).toEqual(before);
    expect((await fx.board.addTask(team, { title: 'two' })).task.id).toBe('task-2');
  });

  it("claims are compare-and-set: another member's in-progress task cannot be taken, a blocked one neither", async () => {
    await fx.board.addTask(team, { title: 'schema' });
    await fx.board.addTask(team, { title: 'api', dependsOn: 'task-1' });
    await fx.board.claim(team, { taskId: 'task-1', member: 'impl-a' });
    expect(await codeOf(fx.board.claim(team, { taskId: 'task-1', member: 'impl-b' }))).toBe('TASK_CONFLICT');
    expect(await codeOf(fx.board.claim(team, { taskId: 'task-2', member: 'impl-b' }))).toBe('TASK_BLOCKED');
    expect((await fx.board.next(team, { member: 'impl-b' })).task).toBeNull();
    await fx.board.updateTask(team, { taskId: 'task-1', status: 'completed', note: 'tests pass' });
    expect((await fx.board.next(team, { member: 'impl-b' })).task?.id).toBe('task-2');
    const claimed = await fx.board.next(team, { member: 'impl-b', claim: true });
    expect(claimed.task).toMatchObject({ id: 'task-2', owner: 'impl-b', status: 'in_progress' });
    const tasks = (await fx.board.listTasks(team)).tasks;
    expect(tasks.map((t) => [t.id, t.status, t.owner])).toEqual([
      ['task-1', 'completed', 'impl-a'],
      ['task-2', 'in_progress', 'impl-b'],
    ]);
  });

  it('a task cannot start or complete while a dependency is open; cycles are refused', async () => {
    await fx.board.addTask(team, { title: 'a' });
    await fx.board.addTask(team, { title: 'b', dependsOn: 'task-1' });
    expect(await codeOf(fx.board.updateTask(team, { taskId: 'task-2', status: 'completed' }))).toBe('TASK_BLOCKED');
    expect(await codeOf(fx.board.updateTask(team, { taskId: 'task-1', dependsOn: 'task-2' }))).toBe('INVALID_REQUEST');
  });

  it('messages have ids; each member has its own read cursor', async () => {
    await fx.board.message(team, { from: 'lead', to: 'reviewer', body: 'review task-1' });
    await fx.board.broadcast(team, { from: 'lead', body: 'standup' });
    await fx.board.message(team, { from: 'lead', to: 'impl-a', body: 'not for reviewer' });
    const first = await fx.board.inbox(team, { member: 'reviewer', unread: true, markRead: true });
    expect(first.messages.map((m) => m.id)).toEqual(['msg-1', 'msg-2']);
    expect((await fx.board.inbox(team, { member: 'reviewer', unread: true })).messages).toEqual([]);
    expect((await fx.board.inbox(team, { member: 'impl-a', unread: true })).messages.map((m) => m.id)).toEqual(['msg-2', 'msg-3']);
    await fx.board.broadcast(team, { from: 'impl-a', body: 'done' });
    expect((await fx.board.inbox(team, { member: 'reviewer', unread: true })).messages.map((m) => m.id)).toEqual(['msg-4']);
    expect((await fx.board.inbox(team, { member: 'reviewer' })).messages).toHaveLength(3);
  });

  it('a debate without a task ends closed; a decided one is not decided again', async () => {
    const { debate } = await fx.board.startDebate(team, { topic: 'naming', options: 'x,y', members: 'lead,reviewer' });
    await fx.board.addPosition(team, { debateId: debate.id, member: 'lead', option: 'x', rationale: 'short' });
    await fx.board.addPosition(team, { debateId: debate.id, member: 'reviewer', option: 'x', confidence: 0.5, rationale: 'ok' });
    const decided = await fx.board.decideDebate(team, { debateId: debate.id, rationale: 'both like x' });
    expect(decided.debate).toMatchObject({ status: 'closed', decision: { option: 'x', method: 'score' } });
    expect(await codeOf(fx.board.addPosition(team, { debateId: debate.id, member: 'lead', option: 'y', rationale: 'late' }))).toBe(
      'DEBATE_CONFLICT',
    );
    expect((await fx.board.orchestrateDebate(team, { debateId: debate.id })).message).toContain('already closed');
  });

  it('applying a decision updates task, debate, mailbox and events together; a blocked task refuses it whole', async () => {
    await fx.board.addTask(team, { title: 'schema' });
    await fx.board.addTask(team, { title: 'retry', dependsOn: 'task-1' });
    const { debate } = await fx.board.startDebate(team, {
      topic: 'retry',
      taskId: 'task-2',
      options: 'fixed,exp',
      members: 'impl-a,impl-b,lead',
    });
    for (const [member, option] of [
      ['lead', 'exp'],
      ['impl-a', 'fixed'],
      ['impl-b', 'exp'],
    ] as const) {
      await fx.board.addPosition(team, { debateId: debate.id, member, option, confidence: 0.7, rationale: '…' });
    }
    const before = await snapshot();
    const apply = { debateId: debate.id, rationale: 'p95', apply: true, ownerMap: 'exp:impl-b,fixed:impl-a' };
    expect(await codeOf(fx.board.decideDebate(team, apply))).toBe('TASK_BLOCKED');
    expect(await snapshot()).toEqual(before);

    await fx.board.updateTask(team, { taskId: 'task-1', status: 'completed' });
    const applied = await fx.board.decideDebate(team, apply);
    expect(applied.debate).toMatchObject({
      status: 'applied',
      decision: { option: 'exp', method: 'score' },
      applied: { owner: 'impl-b', status: 'in_progress' },
    });
    const task2 = (await fx.board.listTasks(team)).tasks[1];
    expect(task2).toMatchObject({ owner: 'impl-b', status: 'in_progress' });
    expect(task2?.notes.at(-1)?.text).toBe("Debate debate-1 chose 'exp'. Rationale: p95");
    expect((await fx.board.inbox(team, { member: 'reviewer' })).messages.at(-1)?.body).toContain(
      "Debate debate-1 decided 'exp' and applied to task-2",
    );
    const types = (await fx.board.events(team)).events.map((e) => e.eventType);
    expect(types.slice(-2)).toEqual(['debate.decided', 'debate.applied']);
    expect((await fx.board.decideDebate(team, apply)).message).toBe('debate-1 is already applied.');
  });

  it('orchestrate waits for positions, then for dependencies, then applies; idempotent after', async () => {
    await fx.board.addTask(team, { title: 'base' });
    await fx.board.addTask(team, { title: 'cache', dependsOn: 'task-1' });
    const start = await fx.board.orchestrateDebate(team, {
      topic: 'cache',
      taskId: 'task-2',
      options: 'ttl,events',
      members: 'lead,impl-a',
      sendReminders: true,
      ownerMap: 'ttl:impl-a',
    });
    expect(start).toMatchObject({ state: 'waiting_positions', missing: ['impl-a', 'lead'] });
    expect((await fx.board.inbox(team, { member: 'impl-a' })).messages).toHaveLength(1);
    await fx.board.addPosition(team, { debateId: 'debate-1', member: 'lead', option: 'ttl', confidence: 0.6, rationale: '…' });
    await fx.board.addPosition(team, { debateId: 'debate-1', member: 'impl-a', option: 'events', confidence: 0.6, rationale: '…' });
    const waiting = await fx.board.orchestrateDebate(team, { debateId: 'debate-1', ownerMap: 'ttl:impl-a' });
    expect(waiting).toMatchObject({ state: 'waiting_dependencies', blocked_by: ['task-1'], option: 'ttl' });
    await fx.board.updateTask(team, { taskId: 'task-1', status: 'completed' });
    const done = await fx.board.orchestrateDebate(team, { debateId: 'debate-1', ownerMap: 'ttl:impl-a' });
    expect(done).toMatchObject({ status: 'applied', option: 'ttl' });
    expect((await fx.board.showDebate(team, { debateId: 'debate-1' })).debate.decision).toMatchObject({ method: 'tie_decider' });
    expect((await fx.board.orchestrateDebate(team, { debateId: 'debate-1' })).message).toContain('already applied');
    const report = (await fx.board.monitorReport(team)).report;
    expect(report).toMatchObject({
      debate_applied_count: 1,
      orchestrate_wait_cycles: 2,
      debate_count: 1,
      tasks_by_status: { completed: 1, in_progress: 1 },
    });
  });

  it('without an explicit root, a team under one ancestor root is found with a warning', async () => {
    const nested = {
      root: `${fx.location.root}/../sub/.codex/teams`,
      explicit: false,
      ancestorRoots: ['/elsewhere/.codex/teams', fx.location.root],
    };
    const listed = await fx.board.listTasks({ location: nested, teamName: 'alpha' });
    expect(listed.team_root).toBe(fx.location.root);
    expect(listed.warnings[0]).toContain('Auto-switched --team-root');
    expect(await codeOf(fx.board.listTasks({ location: { ...nested, explicit: true }, teamName: 'alpha' }))).toBe('TEAM_NOT_FOUND');
  });

  it('init leaves an existing team alone; --reset starts over', async () => {
    await fx.board.addTask(team, { title: 'x' });
    const again = await fx.board.init({ location: fx.location, teamName: 'alpha', goal: 'other', members: 'lead' });
    expect(again).toMatchObject({ created: false });
    expect((await fx.board.listTasks(team)).tasks).toHaveLength(1);
    await fx.board.init({ location: fx.location, teamName: 'alpha', goal: 'other', members: 'lead,b', reset: true });
    expect((await fx.board.listTasks(team)).tasks).toHaveLength(0);
    expect((await fx.board.events(team)).events.map((e) => e.eventType)).toEqual(['team.reinitialized']);
  });
});
