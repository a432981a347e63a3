import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AgentPoolError, defaultConfig } from '@agentpool/core';
import { FAKE_USAGE_FILE_VARIABLE, FAKE_USAGE_URL_VARIABLE } from '@agentpool/providers-fake';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { createSnapshot, type NormalisedUsageWindow, normaliseWindow } from '@agentpool/usage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentPool, checkUsageGate, createAgentPool, relativeTime } from '../src/index.js';

const NOW = Date.parse('2030-01-01T01:00:00.000Z');
const FIVE_HOUR_RESET = '2030-01-01T03:13:00.000Z';
const WEEKLY_RESET = '2030-01-05T00:00:00.000Z';

const usageFile = {
  providers: {
    'fake-completed': {
      windows: [
        { name: '5h limit', duration_seconds: 18_000, used_percent: 100, resets_at: FIVE_HOUR_RESET },
        { name: 'weekly limit', duration_seconds: 604_800, used_percent: 30, resets_at: WEEKLY_RESET },
      ],
    },
    'fake-question': { windows: [{ name: 'weekly limit', duration_seconds: 604_800, used_percent: 95, resets_at: WEEKLY_RESET }] },
    'fake-approval': { windows: [{ name: '5h limit', duration_seconds: 18_000, remaining_percent: 64, resets_at: FIVE_HOUR_RESET }] },
    'fake-idle': { status: 'unsupported', warnings: ['no usage endpoint for this plan'], windows: [] },
    'fake-slow': { delay_ms: 30_000, windows: [] },
  },
};

let temp: TempHome;
let pool: AgentPool;
let clock = NOW;
async function openPool(env: Record<string, string | undefined>): Promise<AgentPool> {
  pool = await createAgentPool({ env, now: () => clock });
  return pool;
}
beforeEach(() => {
  temp = createTempHome();
  clock = NOW;
  mkdirSync(temp.env.HOME as string, { recursive: true });
  writeFileSync(join(temp.env.HOME as string, 'usage.json'), JSON.stringify(usageFile));
});
afterEach(async () => {
  await pool?.close();
  temp.cleanup();
});
const fileEnv = () => ({ ...temp.env, [FAKE_USAGE_FILE_VARIABLE]: join(temp.env.HOME as string, 'usage.json') });

describe('pool.usage', () => {
  it('summarises an exhausted 5-hour window as unusable until it resets, keyed by provider id', async () => {
    await openPool(fileEnv());
    const summary = await pool.usage.summary({ providers: ['fake-completed', 'fake-approval', 'fake-question', 'fake-idle'] });
    expect(summary).toMatchObject({ refreshed: true, partial: false, min_remaining_percent: 10 });
    expect(summary.providers['fake-completed']).toMatchObject({
      usable: false,
      status: 'limit_reached',
      binding_window: { name: '5h limit', kind: '5h' },
      next_available_at: FIVE_HOUR_RESET,
      confidence: 'official',
      age_seconds: 0,
      stale: false,
    });
    expect(summary.providers['fake-completed']?.windows.map((window) => [window.kind, window.remaining_percent, window.resets_at])).toEqual(
      [
        ['5h', 0, FIVE_HOUR_RESET],
        ['weekly', 70, WEEKLY_RESET],
      ],
    );
    expect(summary.providers['fake-approval']).toMatchObject({ usable: true, status: 'ok', next_available_at: null });
    // A weekly-only plan at 5 % is below the 10 % buffer: not usable, though not exhausted.
    expect(summary.providers['fake-question']).toMatchObject({ usable: false, status: 'ok', binding_window: { kind: 'weekly' } });
    // Unknown is never usable, and never shown as full.
    expect(summary.providers['fake-idle']).toMatchObject({ usable: false, status: 'unknown', windows: [], confidence: 'unknown' });
    expect(summary.providers['fake-idle']?.reason).toContain('no usage endpoint');
  });

  it('reads the cache on the next summary, with its age, and drops a window once its reset has passed', async () => {
    await openPool(fileEnv());
    await pool.usage.refresh({ providers: ['fake-completed'] });
    writeFileSync(join(temp.env.HOME as string, 'usage.json'), '{"not": "read"');
    clock = NOW + 45 * 60_000;
    const later = await pool.usage.summary({ providers: ['fake-completed'] });
    expect(later.refreshed).toBe(false);
    expect(later.providers['fake-completed']).toMatchObject({ usable: false, age_seconds: 2700, stale: true });

    clock = Date.parse(FIVE_HOUR_RESET) + 1000;
    const afterReset = (await pool.usage.summary({ providers: ['fake-completed'], cachedOnly: true })).providers['fake-completed'];
    expect(afterReset).toMatchObject({ usable: true, status: 'ok', binding_window: { kind: 'weekly' } });
    expect(afterReset?.windows[0]).toMatchObject({ kind: '5h', reset_passed: true });
  });

  it('re-probes a cached snapshot older than policy.usage_auto_refresh_after_seconds', async () => {
    const config = defaultConfig();
    pool = await createAgentPool({
      env: fileEnv(),
      config: { ...config, policy: { ...config.policy, usage_auto_refresh_after_seconds: 60 } },
      now: () => clock,
    });
    await pool.usage.refresh({ providers: ['fake-approval'] });
    clock = NOW + 30_000;
    expect((await pool.usage.summary({ providers: ['fake-approval'] })).refreshed).toBe(false);
    clock = NOW + 61_000;
    const again = await pool.usage.summary({ providers: ['fake-approval'] });
    expect(again.refreshed).toBe(true);
    expect(again.providers['fake-approval']).toMatchObject({ age_seconds: 0, fetched_at: new Date(NOW + 61_000).toISOString() });
  });

  it('keeps earlier figures, with their own age, when a later probe fails', async () => {
    await openPool(fileEnv());
    await pool.usage.refresh({ providers: ['fake-completed'] });
    writeFileSync(join(temp.env.HOME as string, 'usage.json'), '{"truncated');
    clock = NOW + 60_000;
    const [snapshot] = (await pool.usage.refresh({ providers: ['fake-completed'] })).snapshots;
    expect(snapshot?.fetchedAt).toBe(new Date(NOW).toISOString());
    expect(snapshot?.warnings.join(' ')).toContain('cannot read the fake usage file');
    expect((await pool.usage.cached('fake-completed'))?.fetchedAt).toBe(new Date(NOW).toISOString());
  });

  it('never waits past its budget: a slow probe is marked late and the refresh partial', async () => {
    await openPool(fileEnv());
    const started = Date.now();
    const result = await pool.usage.refresh({ providers: ['fake-slow', 'fake-approval'], timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ partial: true, late: ['fake-slow'] });
    const summary = await pool.usage.summary({ providers: ['fake-slow', 'fake-approval'], cachedOnly: true });
    expect(summary.providers['fake-slow']).toMatchObject({ usable: false, status: 'error' });
    expect(summary.providers['fake-slow']?.reason).toContain('did not answer within 0.3 s');
    expect(summary.providers['fake-approval']).toMatchObject({ usable: true });
  });

  it('probes several providers in parallel from a loopback server under one budget', async () => {
    const server: Server = createServer((_request, response) => {
      setTimeout(() => {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ windows: [{ name: '5h limit', duration_seconds: 18_000, used_percent: 20 }] }));
      }, 400);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await openPool({ ...temp.env, [FAKE_USAGE_URL_VARIABLE]: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const ids = ['fake-completed', 'fake-approval', 'fake-question', 'fake-idle', 'fake-error'];
      const result = await pool.usage.refresh({ providers: ids, timeoutMs: 5000 });
      expect(result.partial).toBe(false);
      expect(result.snapshots.map((snapshot) => snapshot.status)).toEqual(ids.map(() => 'ok'));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a spawn from the cached snapshot with USAGE_POLICY_BLOCKED naming the window and its reset', async () => {
    await openPool(fileEnv());
    expect(await pool.usage.checkSpawn('fake-completed')).toEqual([]);
    await pool.usage.refresh({ providers: ['fake-completed', 'fake-idle', 'fake-approval'] });
    const error = await pool.usage.checkSpawn('fake-completed').catch((caught: unknown) => caught);
    expect(AgentPoolError.isInstance(error) && error.code).toBe('USAGE_POLICY_BLOCKED');
    expect((error as Error).message).toContain('5h limit window (5h) is exhausted');
    expect((error as Error).message).toContain(`resets at ${FIVE_HOUR_RESET} (in 2h 13m)`);
    expect((error as AgentPoolError).details).toMatchObject({ resets_at: FIVE_HOUR_RESET, window: { kind: '5h', remaining_percent: 0 } });
    expect((await pool.usage.checkSpawn('fake-completed', { allowLowUsage: true }))[0]).toContain('Spawned anyway');
    expect(await pool.usage.checkSpawn('fake-approval')).toEqual([]);
    expect((await pool.usage.checkSpawn('fake-idle'))[0]).toContain('usage is unknown');
  });

  it('refuses a provider in overage even with low usage allowed when policy.never_allow_overage is set', () => {
    const now = new Date(NOW);
    const reset = new Date(NOW + 3_600_000).toISOString();
    const window = (remainingPercent: number): NormalisedUsageWindow => {
      const result = normaliseWindow({
        name: '5h limit',
        durationSeconds: 18_000,
        remainingPercent,
        resetsAt: reset,
        source: 'test',
        confidence: 'official',
        observedAt: now,
      });
      if (!result.ok) throw new Error(result.problem);
      return result.window;
    };
    const overage = createSnapshot({
      providerId: 'fake-completed',
      fetchedAt: now,
      windows: [window(-12)],
    });
    const allow = { now, minRemainingPercent: 10, allowLowUsage: true };
    expect(checkUsageGate('fake-completed', overage, allow)[0]).toContain('Spawned anyway');
    const error = (() => {
      try {
        return checkUsageGate('fake-completed', overage, { ...allow, neverAllowOverage: true });
      } catch (caught) {
        return caught;
      }
    })();
    expect(AgentPoolError.isInstance(error) && error.code).toBe('USAGE_POLICY_BLOCKED');
    expect((error as Error).message).toContain('is in overage (-12 % remaining) and policy.never_allow_overage is set');
    expect((error as AgentPoolError).details).toMatchObject({ overage: { name: '5h limit', remaining_percent: -12 } });
    const exhausted = createSnapshot({
      providerId: 'fake-completed',
      fetchedAt: now,
      windows: [window(0)],
    });
    expect(checkUsageGate('fake-completed', exhausted, { ...allow, neverAllowOverage: true })[0]).toContain('Spawned anyway');
  });

  it('an estimated window at its limit warns but never refuses; a measured one beside it still does', () => {
    const now = new Date(NOW);
    const reset = new Date(NOW + 3_600_000).toISOString();
    const window = (name: string, durationSeconds: number, remainingPercent: number, confidence: 'estimated' | 'official') => {
      const result = normaliseWindow({
        name,
        durationSeconds,
        remainingPercent,
        resetsAt: reset,
        source: 'test',
        confidence,
        observedAt: now,
      });
      if (!result.ok) throw new Error(result.problem);
      return result.window;
    };
    const gate = { now, minRemainingPercent: 10, allowLowUsage: false };
    const estimatedOnly = createSnapshot({
      providerId: 'claude-code',
      fetchedAt: now,
      windows: [window('five_hour (local log estimate)', 18_000, 0, 'estimated')],
    });
    expect(checkUsageGate('claude-code', estimatedOnly, gate)[0]).toContain('an estimate never blocks a spawn');
    const alsoMeasured = createSnapshot({
      providerId: 'claude-code',
      fetchedAt: now,
      windows: [window('five_hour (local log estimate)', 18_000, 0, 'estimated'), window('seven_day', 604_800, 5, 'official')],
    });
    expect(() => checkUsageGate('claude-code', alsoMeasured, gate)).toThrow(/seven_day window \(weekly\) has 5 % left/);
    // A limit the provider itself reported (a worker's turn refused on it) refuses, estimate or not.
    const reported = createSnapshot({
      providerId: 'claude-code',
      fetchedAt: now,
      status: 'limit_reached',
      reason: "claude-worker-stopfailure: a worker's turn ended on Claude's rate limit",
      windows: [window('five_hour (local log estimate)', 18_000, 40, 'estimated')],
    });
    expect(() => checkUsageGate('claude-code', reported, gate)).toThrow(/reports a reached limit \(claude-worker-stopfailure/);
  });

  it('writes relative times to two units', () => {
    const now = new Date(NOW);
    expect(relativeTime(FIVE_HOUR_RESET, now)).toBe('in 2h 13m');
    expect(relativeTime(new Date(NOW + 45_000), now)).toBe('in 45s');
    expect(relativeTime(new Date(NOW - 3 * 86_400_000 - 4 * 3_600_000), now)).toBe('3d 4h ago');
  });
});
