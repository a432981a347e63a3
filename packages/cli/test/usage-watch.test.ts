import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli.js';

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

let temp: TempHome;
let env: Record<string, string>;
let usageFile: string;
let out: string;
let reset: string;

/** The fake providers' windows, read from a file the test rewrites between runs. */
function setWindows(windows: Record<string, number | 'failed'>): void {
  const providers = Object.fromEntries(
    Object.entries(windows).map(([id, left]) => [
      id,
      left === 'failed'
        ? { status: 'failed', warnings: ['usage endpoint answered 503'] }
        : { windows: [{ name: '5h limit', duration_seconds: 18_000, remaining_percent: left, resets_at: reset }] },
    ]),
  );
  writeFileSync(usageFile, JSON.stringify({ providers }));
}

/** Every event JSON the configured commands got on stdin, one per line. */
const received = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];

beforeEach(() => {
  temp = createTempHome();
  const dir = join(temp.env.HOME as string, 'watch');
  mkdirSync(dir, { recursive: true });
  usageFile = join(dir, 'usage.json');
  out = join(dir, 'events');
  reset = inMinutes(133);
  mkdirSync(temp.home, { recursive: true });
  writeFileSync(
    join(temp.home, 'config.yaml'),
    [
      'version: 1',
      'policy:',
      '  min_remaining_percent: 10',
      'usage:',
      '  watch:',
      '    on:',
      '      quota_low:',
      `        - cat >> '${out}.low'`,
      '      quota_reached:',
      `        - ["/bin/sh", "-c", "cat >> '${out}.reached'; echo \\"$AGENTPOOL_USAGE_EVENT $AGENTPOOL_USAGE_PROVIDER\\" >> '${out}.env'"]`,
      '      quota_reset:',
      `        - cat >> '${out}.reset'`,
      '      provider_unavailable:',
      `        - cat >> '${out}.unavailable'`,
      '        - exit 3',
      '',
    ].join('\n'),
  );
  env = { ...temp.env, AGENTPOOL_FAKE_USAGE_FILE: usageFile };
});
afterEach(() => temp.cleanup());

const once = (...extra: string[]) =>
  runCli(['usage', 'watch', '--once', '--provider', 'fake-completed,fake-question', '--json', ...extra], env, { timeoutMs: 60_000 });

describe('usage watch --once through the built CLI', () => {
  it('runs the configured commands with the event JSON on stdin as the fake windows change between runs', async () => {
    setWindows({ 'fake-completed': 50, 'fake-question': 60 });
    const first = await once();
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ providers: ['fake-completed', 'fake-question'], partial: false, events: [] });

    setWindows({ 'fake-completed': 8, 'fake-question': 60 });
    const second = await once();
    expect(second.code).toBe(0);
    expect(second.json.events).toMatchObject([
      {
        event: 'quota_low',
        provider: 'fake-completed',
        window: { name: '5h limit', remaining_percent: 8, previous_remaining_percent: 50 },
        commands: [{ exit_code: 0 }],
      },
    ]);
    const [low] = received(`${out}.low`);
    expect(low).toMatchObject({
      event: 'quota_low',
      provider: 'fake-completed',
      min_remaining_percent: 10,
      status: 'ok',
      previous_status: 'ok',
      window: { name: '5h limit', kind: '5h', remaining_percent: 8, previous_remaining_percent: 50, resets_at: reset },
    });

    setWindows({ 'fake-completed': 0, 'fake-question': 'failed' });
    const third = await once();
    expect(third.code).toBe(0);
    const events = third.json.events as Record<string, unknown>[];
    expect(events.map((event) => `${event.event} ${event.provider}`)).toEqual([
      'quota_reached fake-completed',
      'provider_unavailable fake-question',
    ]);
    expect(received(`${out}.reached`)).toMatchObject([
      { event: 'quota_reached', status: 'limit_reached', window: { remaining_percent: 0 } },
    ]);
    expect(readFileSync(`${out}.env`, 'utf8')).toBe('quota_reached fake-completed\n');
    expect(received(`${out}.unavailable`)).toMatchObject([
      { event: 'provider_unavailable', provider: 'fake-question', status: 'error', previous_status: 'ok' },
    ]);
    // A failing command is reported and does not stop the others or the watch.
    expect(events[1]?.commands).toMatchObject([
      { command: `cat >> '${out}.unavailable'`, exit_code: 0 },
      { command: 'exit 3', exit_code: 3 },
    ]);

    setWindows({ 'fake-completed': 100, 'fake-question': 60 });
    const fourth = await once();
    expect((fourth.json.events as Record<string, unknown>[]).map((event) => `${event.event} ${event.provider}`)).toEqual([
      'quota_reset fake-completed',
    ]);
    expect(received(`${out}.reset`)).toMatchObject([
      { event: 'quota_reset', window: { remaining_percent: 100, previous_remaining_percent: 0 } },
    ]);
    // Nothing ran twice.
    expect(received(`${out}.low`)).toHaveLength(1);
    expect(received(`${out}.reached`)).toHaveLength(1);

    const human = await runCli(['usage', 'watch', '--once', '--provider', 'fake-completed'], env, { timeoutMs: 60_000 });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/refreshed 1 provider\(s\)\n {2}no events/);
  }, 120_000);

  it('refuses a bad interval and an unknown provider', async () => {
    const interval = await runCli(['usage', 'watch', '--interval', '0', '--json'], env, { timeoutMs: 30_000 });
    expect(interval.code).toBe(2);
    expect(interval.json.error?.code).toBe('INVALID_TIMEOUT');
    const unknown = await runCli(['usage', 'watch', '--once', '--provider', 'no-such', '--json'], env, { timeoutMs: 30_000 });
    expect(unknown.code).not.toBe(0);
    expect(unknown.json.error?.code).toBeDefined();
  }, 60_000);
});

describe('usage watch on an interval', () => {
  it('prints one JSON line per refresh, raises events between refreshes and stops cleanly on SIGTERM', async () => {
    setWindows({ 'fake-completed': 50 });
    const child = spawn(process.execPath, [BIN, 'usage', 'watch', '--interval', '1', '--provider', 'fake-completed', '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const lines = () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const waitFor = (test: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (test()) resolve();
        };
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          check();
        });
        child.on('close', () => (test() ? resolve() : reject(new Error(`watch ended early: ${stdout}`))));
        check();
      });
    try {
      await waitFor(() => lines().length >= 1);
      setWindows({ 'fake-completed': 0 });
      await waitFor(() => lines().some((line) => (line.events as unknown[] | undefined)?.length));
      const code = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      expect(await code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const all = lines();
    const withEvents = all.find((line) => (line.events as unknown[]).length > 0);
    expect(((withEvents?.events ?? []) as Record<string, unknown>[]).map((event) => event.event)).toEqual(['quota_low', 'quota_reached']);
    expect(all.at(-1)).toMatchObject({ stopped: true, events: 2 });
    expect(received(`${out}.reached`)).toHaveLength(1);
    expect(received(`${out}.low`)).toHaveLength(1);
  }, 120_000);
});
