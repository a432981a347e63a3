import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPlainDir, createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
});
afterEach(() => temp.cleanup());

interface Group {
  sessions: {
    count: number;
    live: number;
    by_state: Record<string, number>;
    ended_after: Record<string, number>;
    by_role: Record<string, number>;
    total_seconds: number;
    median_seconds: number | null;
  };
  parallelism: { peak: number; peak_at: string | null; mean: number | null };
  limits: { sessions_hit: number; entries: number; blocked_seconds: number; blocked_now: number };
  tokens: { total: number | null; sessions_known: number; sessions_unknown: number };
}
type ProviderRow = Partial<Group> & { provider: string; usage?: unknown };

const rowOf = (json: Record<string, unknown>, provider: string): ProviderRow | undefined =>
  (json.providers as ProviderRow[]).find((row) => row.provider === provider);

async function spawn(provider: string, repo: string, extra: readonly string[] = []): Promise<string> {
  const spawned = await runCli(
    ['spawn', '--provider', provider, '--task', 'Look around and report.', '--repo', repo, ...extra, '--json'],
    temp.env,
  );
  expect(spawned.code).toBe(0);
  return String(spawned.json.session_id);
}

async function observe(id: string, state: string): Promise<void> {
  const observed = await runCli(['observe', id, '--wait-for', state, '--timeout', '30', '--json'], temp.env);
  expect(observed.json.state).toBe(state);
}

describe('agentpool stats', () => {
  it('refuses bad input with exit 2, naming the valid forms, and creates no store', async () => {
    const cases: [string[], string, string][] = [
      [['--since', '7x'], 'INVALID_REQUEST', '12h, 7d, 30d, 2w'],
      [['--since', '2999-01-01'], 'INVALID_REQUEST', 'in the future'],
      [['--since', '2030-02-30'], 'INVALID_REQUEST', 'not a real date'],
      [['--provider', 'no-such-cli'], 'PROVIDER_NOT_FOUND', 'Registered: claude-code'],
      [['--sections', 'sessions,speed'], 'INVALID_REQUEST', 'Valid: sessions, parallelism, limits, tokens, usage'],
    ];
    for (const [args, code, text] of cases) {
      const result = await runCli(['stats', ...args, '--json'], temp.env);
      expect({ args, code: result.code, error: result.json.error?.code }).toEqual({ args, code: 2, error: code });
      expect(result.json.error?.message).toContain(text);
      expect(String(result.json.error?.details.example ?? '')).not.toBe('');
    }
    expect(existsSync(join(temp.home, 'agentpool.sqlite'))).toBe(false);
  });

  it('an empty store says there were no sessions and exits 0', async () => {
    const human = await runCli(['stats'], temp.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^no sessions since .* \(7d\)$/m);
    const json = await runCli(['stats', '--since', '30d', '--json'], temp.env);
    expect(json.code).toBe(0);
    expect(json.json).toMatchObject({ session_count: 0, providers: [], period: { since_input: '30d', seconds: 30 * 86_400 } });
    expect((json.json.totals as Group).tokens.total).toBeNull();
  });

  it('counts real fake-provider sessions: states, roles, parallelism, time blocked on a limit', async () => {
    const repo = createPlainDir();
    const reviewed = await spawn('fake-completed', repo, ['--role', 'reviewer']);
    const stillLive = await spawn('fake-completed', repo);
    const between = new Date().toISOString();
    const limited = await spawn('fake-limit', repo);
    // All three are alive now: the peak.
    await observe(reviewed, 'completed');
    expect((await runCli(['terminate', reviewed, '--json'], temp.env)).code).toBe(0);
    const beforeLimit = Date.now();
    await observe(limited, 'limit_reached');
    await sleep(1500);
    expect((await runCli(['terminate', limited, '--json'], temp.env)).code).toBe(0);
    const afterLimit = Date.now();
    await observe(stillLive, 'completed');

    const stats = await runCli(['stats', '--json'], temp.env);
    expect(stats.code).toBe(0);
    expect(stats.json.session_count).toBe(3);
    const completed = rowOf(stats.json, 'fake-completed');
    expect(completed?.sessions).toMatchObject({
      count: 2,
      live: 1,
      by_state: { cancelled: 1, completed: 1 },
      ended_after: { completed: 1 },
      by_role: { custom: 1, reviewer: 1 },
    });
    expect(completed?.sessions?.total_seconds).toBeGreaterThan(0);
    expect(completed?.limits).toMatchObject({ sessions_hit: 0, blocked_seconds: 0 });
    expect(completed?.usage).toEqual({ fetched_at: null, age_seconds: null, status: null });

    const limit = rowOf(stats.json, 'fake-limit');
    expect(limit?.sessions).toMatchObject({ count: 1, live: 0, ended_after: { limit_reached: 1 } });
    expect(limit?.limits).toMatchObject({ sessions_hit: 1, entries: 1, blocked_now: 0 });
    // In limit_reached from the observation that saw it until terminate: at least the pause, at most the whole stretch.
    expect(limit?.limits?.blocked_seconds).toBeGreaterThanOrEqual(1.5);
    expect(limit?.limits?.blocked_seconds).toBeLessThanOrEqual((afterLimit - beforeLimit) / 1000);

    const totals = stats.json.totals as Group;
    expect(totals.parallelism.peak).toBe(3);
    // The time-weighted mean is all session time over the period's length.
    const summed = (completed?.sessions?.total_seconds ?? 0) + (limit?.sessions?.total_seconds ?? 0);
    expect(totals.parallelism.mean).toBeCloseTo(summed / (stats.json.period as { seconds: number }).seconds, 5);
    expect(totals.parallelism.mean).toBeGreaterThan(0);
    expect(totals.limits).toMatchObject({ sessions_hit: 1, entries: 1 });
    expect(totals.tokens).toEqual({ total: null, sessions_known: 0, sessions_unknown: 3 });

    // Sessions started before --since are not counted; the ones still alive then are reported.
    const later = await runCli(['stats', '--since', between, '--json'], temp.env);
    expect(later.json).toMatchObject({ session_count: 1, earlier_sessions_alive: 2 });
    expect((later.json.providers as ProviderRow[]).map((row) => row.provider)).toEqual(['fake-limit']);

    const limitsOnly = await runCli(['stats', '--provider', 'fake-limit', '--sections', 'limits', '--json'], temp.env);
    expect(Object.keys(rowOf(limitsOnly.json, 'fake-limit') ?? {})).toEqual(['provider', 'limits']);

    const human = await runCli(['stats'], temp.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^3 sessions since /);
    expect(human.stdout).toMatch(/^limits\nPROVIDER +SESSIONS HIT +TIMES +BLOCKED +BLOCKED NOW$/m);
    expect(human.stdout).toMatch(/^fake-limit +1 +1 +\ds +0$/m);
    expect(human.stdout).toMatch(/^fake-completed +unknown +0 of 2 sessions$/m);

    // tmux unreachable: the live session cannot be checked, which is said, and the stats still come.
    writeFileSync(join(temp.home, 'config.yaml'), 'tmux:\n  binary: /nonexistent/tmux\n');
    const unchecked = await runCli(['stats', '--json'], temp.env);
    expect(unchecked.code).toBe(0);
    expect(unchecked.json.session_count).toBe(3);
    expect(rowOf(unchecked.json, 'fake-completed')?.sessions?.live).toBe(1);
    expect(String((unchecked.json.warnings as string[])[0])).toContain('not checked against tmux');
  });

  it('a worker whose process died while nobody watched is counted as ended', async () => {
    await spawn('fake-crash', createPlainDir());
    // Wait on tmux itself (the pane goes with its process): an observe would record the end, and stats must find it on its own.
    const panes = (): string => {
      try {
        return execFileSync('tmux', ['-S', temp.tmuxSocket, 'list-panes', '-a', '-F', '#{pane_dead}'], {
          encoding: 'utf8',
          stdio: 'pipe',
        }).trim();
      } catch {
        return ''; // no server: the last pane is gone
      }
    };
    const deadline = Date.now() + 20_000;
    while (!['', '1'].includes(panes()) && Date.now() < deadline) await sleep(200);
    expect(['', '1']).toContain(panes());

    const stats = await runCli(['stats', '--json'], temp.env);
    expect(rowOf(stats.json, 'fake-crash')?.sessions).toMatchObject({ count: 1, live: 0, ended: 1 });
  });
});
