import { describe, expect, it } from 'vitest';
import type { Store } from '../src/records.js';
import { withTempStore } from './temp-store.js';

let store: Store;
withTempStore((opened) => {
  store = opened;
});

const task = (id: string, number: number) => ({
  id,
  number,
  title: id,
  owner: 'unassigned',
  status: 'pending',
  dependsOn: [] as string[],
  notes: [],
  createdAt: 't',
  updatedAt: 't',
});

describe('the team tables (migration 0006_teams)', () => {
  it('swapTaskState changes a task only while it is as expected', async () => {
    await store.teams.write(async (tx) => {
      const team = await tx.insertTeam({ root: '/r', name: 'a', goal: 'g', members: ['x', 'y'], createdAt: 't' });
      await tx.insertTask(team, task('task-1', 1));
      expect(
        await tx.swapTaskState(
          team,
          'task-1',
          { owner: 'unassigned', status: 'pending' },
          { owner: 'x', status: 'in_progress', updatedAt: 'u' },
        ),
      ).toBe(true);
      expect(
        await tx.swapTaskState(
          team,
          'task-1',
          { owner: 'unassigned', status: 'pending' },
          { owner: 'y', status: 'in_progress', updatedAt: 'v' },
        ),
      ).toBe(false);
      expect(await tx.getTask(team, 'task-1')).toMatchObject({ owner: 'x', status: 'in_progress', updatedAt: 'u' });
    });
  });

  it("nextClaimableTaskId: pending, unblocked (a dependency off the board blocks), unassigned or one's own — one's own first, lowest number", async () => {
    await store.teams.write(async (tx) => {
      const team = await tx.insertTeam({ root: '/r', name: 'a', goal: 'g', members: ['a', 'b'], createdAt: 't' });
      const other = await tx.insertTeam({ root: '/r', name: 'other', goal: 'g', members: ['a'], createdAt: 't' });
      await tx.insertTask(other, task('task-0', 0));
      await tx.insertTask(team, { ...task('task-1', 1), status: 'completed' });
      await tx.insertTask(team, { ...task('task-2', 2), owner: 'b' });
      await tx.insertTask(team, task('task-3', 3));
      await tx.insertTask(team, { ...task('task-4', 4), owner: 'a', dependsOn: ['task-9'] });
      await tx.insertTask(team, { ...task('task-5', 5), owner: 'a', dependsOn: ['task-1'] });
      expect(await tx.nextClaimableTaskId(team, 'a', 'unassigned')).toBe('task-5');
      expect(await tx.nextClaimableTaskId(team, 'b', 'unassigned')).toBe('task-2');
      expect(await tx.nextClaimableTaskId(team, 'c', 'unassigned')).toBe('task-3');
      await tx.updateTask(team, 'task-3', { status: 'in_progress', updatedAt: 'u' });
      expect(await tx.nextClaimableTaskId(team, 'c', 'unassigned')).toBeNull();
      await tx.updateTask(team, 'task-1', { status: 'pending', updatedAt: 'u' });
      expect(await tx.nextClaimableTaskId(team, 'a', 'unassigned')).toBe('task-1');
      expect(await tx.taskStatuses(team, ['task-1', 'task-3', 'task-9'])).toEqual(
        new Map([
          ['task-1', 'pending'],
          ['task-3', 'in_progress'],
        ]),
      );
      expect(await tx.listTaskIds(team)).toEqual(['task-1', 'task-2', 'task-3', 'task-4', 'task-5']);
    });
  });

  it('numbers and message sequence count per team; deleting a team deletes everything it holds', async () => {
    const counts = await store.teams.write(async (tx) => {
      const a = await tx.insertTeam({ root: '/r', name: 'a', goal: 'g', members: ['x'], createdAt: 't' });
      const b = await tx.insertTeam({ root: '/r', name: 'b', goal: 'g', members: ['x'], createdAt: 't' });
      expect([await tx.takeNumber(a, 'task'), await tx.takeNumber(a, 'task'), await tx.takeNumber(b, 'task')]).toEqual([1, 2, 1]);
      await tx.insertTask(a, { ...task('task-1', 1), dependsOn: [], notes: [{ at: 't', text: 'n' }] });
      const m1 = await tx.insertMessage(a, { at: 't', type: 'broadcast', from: 'x', to: '*', body: 'hi' });
      const m2 = await tx.insertMessage(b, { at: 't', type: 'broadcast', from: 'x', to: '*', body: 'hi' });
      expect([m1.seq, m2.seq]).toEqual([1, 1]);
      await tx.setReadCursor(a, 'x', 1, 't');
      await tx.insertEvent(a, {
        at: 't',
        eventType: 'e',
        command: 'c',
        actor: 'x',
        entityType: 'team',
        entityId: 'a',
        before: null,
        after: { k: 1 },
        metadata: {},
        correlationId: 'c',
      });
      await tx.deleteTeam(a);
      return {
        roots: await tx.rootsOfTeam('a'),
        leftOfA: [
          (await tx.listTasks(a)).length,
          (await tx.listMessages(a)).length,
          (await tx.listEvents(a)).length,
          await tx.readCursor(a, 'x'),
        ],
        messagesOfB: (await tx.listMessages(b)).length,
      };
    });
    expect(counts).toEqual({ roots: [], leftOfA: [0, 0, 0, 0], messagesOfB: 1 });
  });

  it('a failed write leaves nothing behind', async () => {
    await expect(
      store.teams.write(async (tx) => {
        await tx.insertTeam({ root: '/r', name: 'gone', goal: 'g', members: ['x'], createdAt: 't' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.teams.read((tx) => tx.findTeam('/r', 'gone'))).toBeNull();
  });
});

describe('live members (migration 0008_team_live_members)', () => {
  it('a member records its session; each between-turns moment is taken once, and only for the current session', async () => {
    await store.teams.write(async (tx) => {
      const team = await tx.insertTeam({ root: '/r', name: 'live', goal: 'g', members: ['lead', 'impl'], createdAt: 't' });
      expect((await tx.listMemberRows(team)).map((m) => [m.member, m.sessionId])).toEqual([
        ['lead', null],
        ['impl', null],
      ]);
      await tx.setMemberSession(team, 'impl', {
        role: 'implementer',
        provider: 'fake-completed',
        model: null,
        sessionId: 's1',
        spawnedAt: 't',
        delegate: false,
      });
      expect(await tx.takeMoment(team, 'impl', 's1', 'delivery', 1)).toBe(true);
      expect(await tx.takeMoment(team, 'impl', 's1', 'delivery', 1)).toBe(false);
      expect(await tx.takeMoment(team, 'impl', 's1', 'delivery', 0)).toBe(false);
      expect(await tx.takeMoment(team, 'impl', 's1', 'idle', 1)).toBe(true);
      expect(await tx.takeMoment(team, 'impl', 's1', 'delivery', 2)).toBe(true);
      expect(await tx.takeMoment(team, 'impl', 'other-session', 'delivery', 3)).toBe(false);
      expect(await tx.takeMoment(team, 'lead', 's1', 'delivery', 1)).toBe(false);
      const [, impl] = await tx.listMemberRows(team);
      expect(impl).toMatchObject({ role: 'implementer', sessionId: 's1', deliveryTurn: 2, idleTurn: 1, delegate: false });
      // A new worker starts its moments afresh.
      await tx.setMemberSession(team, 'impl', {
        role: 'implementer',
        provider: 'fake-completed',
        model: null,
        sessionId: 's2',
        spawnedAt: 'u',
        delegate: true,
      });
      expect((await tx.listMemberRows(team))[1]).toMatchObject({ sessionId: 's2', deliveryTurn: null, idleTurn: null, delegate: true });
    });
  });

  it('a message is claimed for delivery to a member once; hooks are kept with the team', async () => {
    await store.teams.write(async (tx) => {
      const team = await tx.insertTeam({ root: '/r', name: 'mail', goal: 'g', members: ['lead', 'impl'], createdAt: 't' });
      const row = { member: 'impl', sessionId: 's1', status: 'sending' as const, turn: 1, claimedAt: 't' };
      expect(await tx.claimDeliveries(team, [{ ...row, seq: 1 }])).toBe(true);
      expect(
        await tx.claimDeliveries(team, [
          { ...row, seq: 2 },
          { ...row, seq: 1 },
        ]),
      ).toBe(false);
      expect(await tx.claimDeliveries(team, [{ ...row, seq: 1, member: 'lead' }])).toBe(true);
      await tx.finishDeliveries(team, 'impl', [1], { status: 'delivered', at: 'u' });
      expect(await tx.listDeliveries(team, { member: 'impl' })).toEqual([
        { seq: 1, member: 'impl', sessionId: 's1', status: 'delivered', turn: 1, claimedAt: 't', deliveredAt: 'u', error: null },
      ]);
      await tx.setHooks(team, { task_completed: 'exit 2' }, 'v');
      expect((await tx.findTeam('/r', 'mail'))?.hooks).toEqual({ task_completed: 'exit 2' });
    });
  });
});
