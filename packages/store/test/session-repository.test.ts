import { AgentPoolError } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import type { Store } from '../src/records.js';
import { newSession, withTempStore } from './temp-store.js';

describe('session repository', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  it('round-trips every field of a session', async () => {
    const input = newSession({
      model: 'gpt-5',
      stateEvidence: ['> ready'],
      maxRuntimeSeconds: 600,
      maxTurns: 3,
      deadlineAt: '2030-01-01T00:10:00.000Z',
      baseCommit: 'abc123',
      metadata: { attach: 'tmux attach', argv: ['fake', '--x'] },
    });
    const inserted = await store.sessions.insertWithinCap(input, 5);
    expect(inserted).toEqual({
      ...input,
      updatedAt: input.createdAt,
      version: 1,
      panePid: null,
      screenHash: null,
      baseline: null,
      turnWorkSeenAt: null,
      providerSessionId: null,
    });
    expect(await store.sessions.get(input.id)).toEqual(inserted);
    expect(await store.sessions.get('ses_missing00000')).toBeNull();
  });

  it('updates only the patched fields and stamps updatedAt', async () => {
    const input = newSession({ createdAt: '2020-01-01T00:00:00.000Z' });
    await store.sessions.insertWithinCap(input, 5);
    const updated = await store.sessions.update(input.id, {
      state: 'exited',
      exitStatus: 0,
      endReason: 'pane_exited',
      endedAt: '2020-01-01T01:00:00.000Z',
      baseline: { state: 'ready', evidence: ['> '], at: 5 },
    });
    expect(updated).toMatchObject({
      state: 'exited',
      exitStatus: 0,
      endReason: 'pane_exited',
      baseline: { state: 'ready', evidence: ['> '], at: 5 },
      version: 2,
    });
    expect(updated.task).toBe(input.task);
    expect(updated.updatedAt > input.createdAt).toBe(true);
    expect(await store.sessions.require(input.id)).toEqual(updated);
  });

  it('rejects an unknown id with SESSION_NOT_FOUND and a hint', async () => {
    for (const attempt of [() => store.sessions.require('ses_unknown00000'), () => store.sessions.update('ses_unknown00000', {})]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(AgentPoolError.isInstance(error)).toBe(true);
      expect((error as AgentPoolError).code).toBe('SESSION_NOT_FOUND');
      expect((error as AgentPoolError).hint).toBe('agentpool sessions --json');
    }
  });

  it('lists newest first, filters by state, provider and liveness, and pages', async () => {
    const old = newSession({ provider: 'codex', state: 'idle', createdAt: '2024-01-01T00:00:00.000Z' });
    const mid = newSession({ provider: 'claude', state: 'working', createdAt: '2024-01-02T00:00:00.000Z' });
    const ended = newSession({
      provider: 'codex',
      state: 'exited',
      createdAt: '2024-01-03T00:00:00.000Z',
      endedAt: '2024-01-03T01:00:00.000Z',
    });
    for (const session of [old, mid, ended]) await store.sessions.insertWithinCap(session, 10);

    const ids = async (query?: Parameters<Store['sessions']['list']>[0]) => (await store.sessions.list(query)).map((s) => s.id);
    expect(await ids()).toEqual([ended.id, mid.id, old.id]);
    expect(await ids({ includeEnded: false })).toEqual([mid.id, old.id]);
    expect(await ids({ provider: 'codex' })).toEqual([ended.id, old.id]);
    expect(await ids({ state: 'working' })).toEqual([mid.id]);
    expect(await ids({ limit: 1, offset: 1 })).toEqual([mid.id]);
    expect((await store.sessions.listLive()).map((s) => s.id).sort()).toEqual([old.id, mid.id].sort());
    expect(await store.sessions.countLive()).toBe(2);
  });

  it('lists at most 50 sessions unless asked for more', async () => {
    for (let index = 0; index < 52; index++) await store.sessions.insertWithinCap(newSession(), 100);
    expect(await store.sessions.list()).toHaveLength(50);
    expect(await store.sessions.list({ limit: 100 })).toHaveLength(52);
  });

  it('lists every session alive at or after a time, oldest first, beyond the list limit', async () => {
    const since = '2030-01-10T00:00:00.000Z';
    const at = (day: number) => `2030-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    const insert = (overrides: Parameters<typeof newSession>[0]) => store.sessions.insertWithinCap(newSession(overrides), 100);
    const endedBefore = await insert({ createdAt: at(1), endedAt: at(2), state: 'exited' });
    const endedAtSince = await insert({ createdAt: at(3), endedAt: since, state: 'exited' });
    const spanning = await insert({ createdAt: at(4), endedAt: at(11), state: 'cancelled' });
    const stillLive = await insert({ createdAt: at(5), provider: 'other' });
    const startedAfter = await insert({ createdAt: at(12) });
    for (let day = 13; day < 28; day++) for (let index = 0; index < 4; index++) await insert({ createdAt: at(day), endedAt: at(day + 1) });

    const alive = await store.sessions.listAliveSince(since);
    const ids = alive.map((session) => session.id);
    expect(ids).not.toContain(endedBefore.id);
    expect(ids).not.toContain(endedAtSince.id);
    expect(ids.slice(0, 3)).toEqual([spanning.id, stillLive.id, startedAfter.id]);
    expect(alive).toHaveLength(3 + 15 * 4);
    expect((await store.sessions.listAliveSince(null)).length).toBe(5 + 15 * 4);
    expect((await store.sessions.listAliveSince(since, { providers: ['other'] })).map((session) => session.id)).toEqual([stillLive.id]);
    expect(await store.sessions.listAliveSince(since, { providers: [] })).toEqual([]);
  });

  it('refuses a session over the live cap with PARALLEL_LIMIT_REACHED; ended sessions do not count', async () => {
    const first = await store.sessions.insertWithinCap(newSession(), 2);
    await store.sessions.insertWithinCap(newSession(), 2);
    const error = await store.sessions.insertWithinCap(newSession(), 2).catch((caught: unknown) => caught);
    expect(AgentPoolError.isInstance(error) && error.code).toBe('PARALLEL_LIMIT_REACHED');
    expect((error as AgentPoolError).details).toEqual({ live: 2, max: 2 });
    expect((error as AgentPoolError).hint).toContain('agentpool sessions --state working --json');

    await store.sessions.update(first.id, { state: 'exited', endedAt: new Date().toISOString() });
    await expect(store.sessions.insertWithinCap(newSession(), 2)).resolves.toMatchObject({ state: 'starting' });
  });
});

describe('session changes from several writers', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  it('applies a change only while the row still has the version the writer read', async () => {
    const input = newSession();
    const read = await store.sessions.insertWithinCap(input, 5);
    // Another process starts a new turn after this writer read the row…
    const other = await store.sessions.apply(input.id, {
      expectedVersion: read.version,
      patch: { turnCount: 2, turnOffset: 120, state: 'working' },
      turn: { number: 2, startedAt: '2030-01-01T00:00:00.000Z', streamOffset: 120, sentText: 'go on', sentChars: 5, deliveredAt: null },
      events: [{ type: 'turn_started', state: 'working', data: { turn: 2 } }],
    });
    expect(other?.version).toBe(read.version + 1);
    // …so this writer's judgement of the old turn is refused and writes nothing, event included.
    const stale = await store.sessions.apply(input.id, {
      expectedVersion: read.version,
      patch: { state: 'idle' },
      events: [{ type: 'state_changed', state: 'idle', data: {} }],
    });
    expect(stale).toBeNull();
    const now = await store.sessions.require(input.id);
    expect(now).toMatchObject({ state: 'working', turnCount: 2, turnOffset: 120 });
    expect((await store.events.list(input.id)).map((event) => event.type)).toEqual(['turn_started']);
    expect(await store.sessions.turns(input.id)).toEqual([
      {
        sessionId: input.id,
        number: 2,
        startedAt: '2030-01-01T00:00:00.000Z',
        streamOffset: 120,
        sentText: 'go on',
        sentChars: 5,
        deliveredAt: null,
      },
    ]);
  });

  it('replaces a turn with the same number (a prompt delivered after launch)', async () => {
    const input = newSession();
    await store.sessions.insertWithinCap(input, 5);
    const turn = { number: 1, startedAt: input.createdAt, streamOffset: 0, sentText: 'task', sentChars: 4, deliveredAt: null };
    await store.sessions.apply(input.id, { patch: {}, turn });
    await store.sessions.apply(input.id, {
      patch: { turnOffset: 900 },
      turn: { ...turn, streamOffset: 900, deliveredAt: input.createdAt },
    });
    expect(await store.sessions.turns(input.id)).toEqual([
      { ...turn, sessionId: input.id, streamOffset: 900, deliveredAt: input.createdAt },
    ]);
  });

  it('reports an unknown session as SESSION_NOT_FOUND, with or without a version', async () => {
    for (const expectedVersion of [undefined, 1]) {
      const error = await store.sessions.apply('ses_unknown00000', { expectedVersion, patch: {} }).catch((caught: unknown) => caught);
      expect((error as AgentPoolError).code).toBe('SESSION_NOT_FOUND');
    }
  });
});
