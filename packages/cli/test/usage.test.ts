import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createGitRepo, createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysNotSnakeCase } from './json-keys.js';
import { runCli } from './run-cli.js';

/** Resets an hour and a bit from the real now, so "in 1h …" holds whenever the test runs. */
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

let temp: TempHome;
let env: Record<string, string>;
let fiveHourReset: string;
let weeklyReset: string;
beforeEach(() => {
  temp = createTempHome();
  const dir = join(temp.env.HOME as string, 'usage');
  mkdirSync(dir, { recursive: true });
  fiveHourReset = inMinutes(133);
  weeklyReset = inMinutes(3 * 24 * 60);
  const file = join(dir, 'usage.json');
  writeFileSync(
    file,
    JSON.stringify({
      providers: {
        'fake-completed': {
          windows: [
            { name: '5h limit', duration_seconds: 18_000, used_percent: 100, resets_at: fiveHourReset },
            { name: 'weekly limit', duration_seconds: 604_800, used_percent: 30, resets_at: weeklyReset },
          ],
        },
        'fake-question': { windows: [{ name: 'weekly limit', duration_seconds: 604_800, used_percent: 25, resets_at: weeklyReset }] },
        'fake-idle': { status: 'unsupported', warnings: ['no usage endpoint for this plan'] },
      },
    }),
  );
  env = { ...temp.env, AGENTPOOL_FAKE_USAGE_FILE: file };
});
afterEach(() => temp.cleanup());

describe('usage-summary, guard and the spawn gate on a home with an exhausted 5-hour window', () => {
  it('usage-summary --json shows usable:false, limit_reached, 0 % and the reset; spawn is refused; guard exits 1', async () => {
    const summary = await runCli(['usage-summary', '--provider', 'fake-completed,fake-question', '--json'], env);
    expect(summary.code).toBe(0);
    const providers = summary.json.providers as Record<string, Record<string, unknown>>;
    expect(providers['fake-completed']).toMatchObject({
      usable: false,
      status: 'limit_reached',
      next_available_at: fiveHourReset,
      binding_window: { name: '5h limit', kind: '5h' },
    });
    expect((providers['fake-completed']?.windows as Record<string, unknown>[] | undefined)?.[0]).toMatchObject({
      kind: '5h',
      remaining_percent: 0,
      resets_at: fiveHourReset,
    });
    expect(providers['fake-question']).toMatchObject({ usable: true, status: 'ok' });
    expect(keysNotSnakeCase(summary.json, [['providers']])).toEqual([]);

    const repo = createGitRepo();
    const spawn = await runCli(['spawn', '--provider', 'fake-completed', '--task', 'Look around.', '--repo', repo, '--json'], env);
    expect(spawn.code).toBe(1);
    expect(spawn.json.error?.code).toBe('USAGE_POLICY_BLOCKED');
    expect(spawn.json.error?.message).toContain('5h limit window (5h) is exhausted');
    expect(spawn.json.error?.details).toMatchObject({ resets_at: fiveHourReset, window: { kind: '5h', remaining_percent: 0 } });
    const human = await runCli(['spawn', '--provider', 'fake-completed', '--task', 'Look around.', '--repo', repo], env);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/error \[USAGE_POLICY_BLOCKED\].*resets at .* \(in 2h 1[23]m\)/);

    const guard = await runCli(['guard', '--provider', 'fake-completed', '--json'], env);
    expect(guard.code).toBe(1);
    expect(guard.json).toMatchObject({ verdict: 'below_buffer', usable: false, resets_at: fiveHourReset });
    expect((await runCli(['guard', '--provider', 'fake-completed', '--window', 'weekly'], env)).code).toBe(0);
    expect((await runCli(['guard', '--provider', 'fake-question'], env)).code).toBe(0);
    expect((await runCli(['guard', '--provider', 'fake-question', '--min-remaining', '80'], env)).code).toBe(1);
  }, 60_000);

  it('spawns a blocked provider with --allow-low-usage, with a warning', async () => {
    await runCli(['usage-summary', '--provider', 'fake-completed', '--json'], env);
    const repo = createGitRepo();
    const spawn = await runCli(
      ['spawn', '--provider', 'fake-completed', '--task', 'Look around.', '--repo', repo, '--allow-low-usage', '--json'],
      env,
    );
    try {
      expect(spawn.code).toBe(0);
      expect((spawn.json.warnings as string[]).join(' ')).toContain('Spawned anyway');
    } finally {
      if (spawn.json.session_id) await runCli(['terminate', String(spawn.json.session_id)], env);
    }
  }, 60_000);

  it('guard: unknown usage exits 69; a bad --min-remaining or a window the provider lacks exits 2', async () => {
    const unknown = await runCli(['guard', '--provider', 'fake-idle', '--json'], env);
    expect(unknown.code).toBe(69);
    expect(unknown.json).toMatchObject({ verdict: 'unknown', usable: false });
    expect(String(unknown.json.reason)).toContain('no usage endpoint');

    for (const value of ['101', '-1', 'lots']) {
      const bad = await runCli(['guard', '--provider', 'fake-completed', '--min-remaining', value, '--json'], env);
      expect(bad.code).toBe(2);
      expect(bad.json.error?.message).toContain('--min-remaining must be a percentage from 0 to 100');
    }
    const missing = await runCli(['guard', '--provider', 'fake-question', '--window', '5h', '--json'], env);
    expect(missing.code).toBe(2);
    expect(missing.json.error?.message).toBe('fake-question has no 5h window (it reports: weekly).');
    expect((await runCli(['guard', '--provider', 'fake-question', '--window', 'fortnight'], env)).code).toBe(2);
    expect((await runCli(['guard', '--json'], env)).code).toBe(2);
  }, 60_000);

  it('usage prints one row per provider with a bar per window, reset time, confidence and age; --cached probes nothing', async () => {
    const probed = await runCli(['usage', '--provider', 'fake-completed,fake-idle'], env);
    expect(probed.code).toBe(0);
    const lines = probed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^fake-completed\s+limit_reached\s+5h \[░{10}\] 0% left, resets .* \(in 2h 1[23]m\) · weekly \[███████░░░\] 70% left/,
    );
    expect(lines[0]).toContain('(official, 0s old)');
    expect(lines[1]).toMatch(/^fake-idle\s+unknown\s+no usage endpoint for this plan/);

    writeFileSync(env.AGENTPOOL_FAKE_USAGE_FILE as string, '{"broken');
    const cached = await runCli(['usage', '--provider', 'fake-completed', '--cached', '--json'], env);
    expect(cached.json).toMatchObject({ refreshed: false, providers: [{ provider: 'fake-completed', status: 'limit_reached' }] });
    const never = await runCli(['usage', '--provider', 'fake-question', '--cached', '--json'], env);
    expect(never.json).toMatchObject({ providers: [{ provider: 'fake-question', status: 'unknown', usable: false, fetched_at: null }] });
    expect((await runCli(['capacity-summary', '--provider', 'fake-completed', '--json'], env)).json).toMatchObject({
      providers: { 'fake-completed': { usable: false } },
    });
  }, 60_000);

  it('a refresh never waits past --timeout: a provider whose endpoint never answers is late and the summary partial', async () => {
    const server = createServer((request, response) => {
      if (request.url?.endsWith('fake-question')) {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ windows: [{ name: '5h limit', duration_seconds: 18_000, used_percent: 10 }] }));
      }
      // fake-completed: never answered.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const args = ['usage-summary', '--provider', 'fake-completed,fake-question', '--refresh', '--timeout', '0.5'];
      const result = await runCli([...args, '--json'], { ...env, AGENTPOOL_FAKE_USAGE_URL: url }, { timeoutMs: 15_000 });
      expect(result.timedOut).toBe(false);
      expect(result.code).toBe(0);
      expect(result.json).toMatchObject({ partial: true, late_providers: ['fake-completed'] });
      const providers = result.json.providers as Record<string, Record<string, unknown>>;
      expect(providers['fake-completed']).toMatchObject({ usable: false, status: 'error', late: true });
      expect(providers['fake-question']).toMatchObject({ usable: true, late: false });
      const human = await runCli(args, { ...env, AGENTPOOL_FAKE_USAGE_URL: url }, { timeoutMs: 15_000 });
      expect(human.stdout).toContain('partial: no answer in time from fake-completed');
      expect((await runCli([...args.slice(0, -1), '0'], env)).code).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
