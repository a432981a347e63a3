import { existsSync } from 'node:fs';
import { AgentPoolError, newSessionId } from '@agentpool/core';
import type { NewSession, Store } from '@agentpool/store';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { createSnapshot } from '@agentpool/usage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentPool, createAgentPool } from '../src/index.js';

const NOW = Date.parse('2030-01-10T12:00:00.000Z');
const hoursAgo = (hours: number): string => new Date(NOW - hours * 3_600_000).toISOString();

let temp: TempHome;
let pool: AgentPool;
beforeEach(async () => {
  temp = createTempHome();
  pool = await createAgentPool({ env: temp.env, now: () => NOW });
});
afterEach(async () => {
  await pool.close();
  temp.cleanup();
});

/** An ended session written straight into the store, with the events that set its states. */
async function endedSession(
  store: Store,
  fields: { provider: string; role?: NewSession['role']; start: number; end: number },
  states: readonly [hoursAgo: number, type: string, state: string, from?: string][],
): Promise<void> {
  const id = newSessionId();
  await store.sessions.insertWithinCap(
    {
      id,
      provider: fields.provider,
      role: fields.role ?? 'explorer',
      task: 'Map the repository.',
      repoPath: temp.home,
      workDir: temp.home,
      isolation: 'read_only',
      model: null,
      promptMode: 'arg',
      state: (states.at(-1)?.[2] ?? 'exited') as NewSession['state'],
      stateConfidence: 1,
      stateEvidence: [],
      tmuxSession: `ap-${id}`,
      maxRuntimeSeconds: null,
      maxTurns: null,
      deadlineAt: null,
      turnCount: 1,
      turnStartedAt: hoursAgo(fields.start),
      turnOffset: 0,
      baseCommit: null,
      worktreeId: null,
      exitStatus: null,
      endReason: 'terminated',
      accountId: null,
      createdAt: hoursAgo(fields.start),
      endedAt: hoursAgo(fields.end),
      metadata: {},
    },
    100,
  );
  for (const [ago, type, state, from] of states) {
    await store.events.append({ sessionId: id, type, state: state as NewSession['state'], at: hoursAgo(ago), data: from ? { from } : {} });
  }
}

describe('pool.stats', () => {
  it('refuses bad input before the store exists', async () => {
    const cases = [
      [{ since: '7x' }, 'INVALID_REQUEST'],
      [{ since: '2031-01-01' }, 'INVALID_REQUEST'],
      [{ providers: ['no-such-cli'] }, 'PROVIDER_NOT_FOUND'],
      [{ sections: 'sessions,speed' }, 'INVALID_REQUEST'],
    ] as const;
    for (const [request, code] of cases) {
      const error = await pool.stats(request).catch((caught: unknown) => caught);
      expect({ request, code: AgentPoolError.isInstance(error) ? error.code : error }).toEqual({ request, code });
    }
    expect(existsSync(pool.paths.database)).toBe(false);
  });

  it('reads the period from the store: named providers get a row, only the asked sections appear, with the usage snapshot age', async () => {
    const store = await pool.store();
    await endedSession(store, { provider: 'fake-completed', role: 'reviewer', start: 30, end: 20 }, [[30, 'spawned', 'starting']]);
    await endedSession(store, { provider: 'fake-completed', role: 'reviewer', start: 10, end: 8 }, [
      [10, 'spawned', 'starting'],
      [9.5, 'state_changed', 'limit_reached', 'working'],
      [8, 'terminated', 'cancelled', 'limit_reached'],
    ]);
    await endedSession(store, { provider: 'fake-completed', start: 6, end: 5 }, [
      [6, 'spawned', 'starting'],
      [5.5, 'state_changed', 'completed', 'working'],
      [5, 'terminated', 'cancelled', 'completed'],
    ]);
    await endedSession(store, { provider: 'codex-cli', start: 4, end: 3 }, [[4, 'spawned', 'starting']]);
    await store.usage.put(createSnapshot({ providerId: 'fake-completed', windows: [], noLimits: true, fetchedAt: new Date(NOW - 90_000) }));

    const stats = await pool.stats({ since: '1d', providers: ['fake-completed', 'gemini-cli'], sections: 'usage,sessions' });
    expect(stats.period).toEqual({ since: hoursAgo(24), until: hoursAgo(0), seconds: 86_400, since_input: '1d' });
    expect(stats.sections).toEqual(['sessions', 'usage']);
    expect(stats.session_count).toBe(2);
    expect(stats.earlier_sessions_alive).toBe(1);
    expect(stats.providers.map((row) => row.provider)).toEqual(['fake-completed', 'gemini-cli']);
    const [fake, gemini] = stats.providers;
    expect(fake?.sessions).toMatchObject({
      count: 2,
      by_state: { cancelled: 2 },
      ended_after: { completed: 1, limit_reached: 1 },
      by_role: { explorer: 1, reviewer: 1 },
      total_seconds: 3 * 3600,
    });
    expect(fake?.usage).toEqual({ fetched_at: new Date(NOW - 90_000).toISOString(), age_seconds: 90, status: 'ok' });
    expect(gemini?.sessions?.count).toBe(0);
    expect(gemini?.usage).toEqual({ fetched_at: null, age_seconds: null, status: null });
    expect(fake).not.toHaveProperty('limits');
    expect(Object.keys(stats.totals)).toEqual(['sessions']);

    const everything = await pool.stats({ since: 'all' });
    expect(everything.providers.map((row) => [row.provider, row.sessions?.count])).toEqual([
      ['fake-completed', 3],
      ['codex-cli', 1],
    ]);
    expect(everything.totals.limits).toEqual({ sessions_hit: 1, entries: 1, blocked_seconds: 1.5 * 3600, blocked_now: 0 });
    expect(everything.totals.tokens).toEqual({ total: null, sessions_known: 0, sessions_unknown: 4 });
    expect(everything.warnings).toEqual([]);
  });
});
