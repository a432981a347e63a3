import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeRateLimitSnapshot, readAppServerUsage } from '../../src/index.js';
import { makeCodexHome } from './codex-home-fixtures.js';

const FAKE = fileURLToPath(new URL('./fixtures/fake-codex-app-server.mjs', import.meta.url));
const homes: string[] = [];
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fake(mode: string, extra: { timeoutMs?: number; settleMs?: number } = {}) {
  const codexHome = makeCodexHome();
  homes.push(codexHome);
  return {
    codexHome,
    run: () =>
      readAppServerUsage({
        command: process.execPath,
        argsPrefix: [FAKE],
        codexHome,
        env: { PATH: process.env.PATH, FAKE_APP_SERVER_MODE: mode },
        accountId: 'work',
        timeoutMs: extra.timeoutMs ?? 5000,
        settleMs: extra.settleMs ?? 300,
      }),
  };
}

describe('codex app-server usage (fake app-server)', () => {
  it('handshakes in the account’s CODEX_HOME, read-only and without approvals, and merges a sparse push into the read', async () => {
    const { codexHome, run } = fake('normal');
    const result = await run();
    const log = JSON.parse(readFileSync(join(codexHome, 'fake-app-server.log'), 'utf8').trim());
    expect(log).toEqual({
      args: ['app-server', '-c', 'sandbox_mode="read-only"', '-c', 'approval_policy="never"', '-c', 'features.plugins=false'],
      codexHome,
    });
    expect([result.accountType, result.planType, result.pushes, result.unauthenticated]).toEqual(['chatgpt', 'pro', 1, false]);
    const { snapshot } = result;
    expect(snapshot.accountId).toBe('work');
    expect(snapshot.status).toBe('ok');
    expect(snapshot.windows.map((w) => [w.kind, w.scope, w.name, w.usedPercent, w.source, w.confidence])).toEqual([
      // 55 from the push; its null reset did not clear the one read.
      ['5h', null, '5-hour limit', 55, 'codex-app-server', 'official'],
      ['5h', 'codex_bengalfox', 'GPT-5-Codex-Spark 5-hour limit', 7, 'codex-app-server', 'official'],
      // The push had no secondary: the weekly window read stays.
      ['weekly', null, 'weekly limit', 16, 'codex-app-server', 'official'],
    ]);
    expect(snapshot.windows[0]?.resetsAt).not.toBeNull();
  });

  it('pushes alone still give windows when the read failed, with a warning', async () => {
    const { snapshot } = await fake('pushes-only').run();
    expect(snapshot.windows.map((w) => [w.kind, w.usedPercent])).toEqual([['5h', 64]]);
    expect(snapshot.warnings.join('\n')).toMatch(
      /account\/rateLimits\/read failed: failed to fetch codex rate limits.*windows from pushes only/,
    );
  });

  it('a server that never answers ends at the time bound and is killed', async () => {
    const started = Date.now();
    const { snapshot } = await fake('hang', { timeoutMs: 800 }).run();
    expect(Date.now() - started).toBeLessThan(4000);
    expect(snapshot.status).toBe('error');
    expect(snapshot.reason).toMatch(/^codex app-server did not answer initialize within 0\.\d+ s$/);
  });

  it('a server that hangs on the limits read ends at the bound too', async () => {
    const { snapshot } = await fake('hang-on-limits', { timeoutMs: 1000 }).run();
    expect(snapshot.status).toBe('error');
    expect(snapshot.reason).toMatch(/did not answer account\/rateLimits\/read/);
  });

  it('a crash is an error with the exit code and the end of stderr', async () => {
    const atStart = await fake('crash').run();
    expect(atStart.snapshot.status).toBe('error');
    expect(atStart.snapshot.reason).toBe(
      'codex app-server exited (code 3) before answering initialize: thread main panicked: simulated crash at startup',
    );
    const midway = await fake('crash-on-limits').run();
    expect(midway.snapshot.reason).toMatch(
      /exited \(code 101\) before answering account\/rateLimits\/read: simulated crash while reading limits/,
    );
  });

  it('no login: unauthenticated, with the server’s own words', async () => {
    const result = await fake('unauthenticated').run();
    expect(result.unauthenticated).toBe(true);
    expect(result.snapshot.status).toBe('error');
    expect(result.snapshot.reason).toBe(
      'not logged in to ChatGPT (codex app-server account/rateLimits/read failed: codex account authentication required to read rate limits)',
    );
  });

  it('a missing binary is a spawn error, not a throw', async () => {
    const codexHome = makeCodexHome();
    homes.push(codexHome);
    const { snapshot } = await readAppServerUsage({ command: join(codexHome, 'no-such-codex'), codexHome, env: {} });
    expect(snapshot.reason).toBe('codex app-server could not start: ENOENT');
  });

  it('mergeRateLimitSnapshot keeps what a sparse update leaves null or out', () => {
    const base = {
      limitId: 'codex',
      primary: { usedPercent: 10, windowDurationMins: 300, resetsAt: 100 },
      secondary: { usedPercent: 5 },
      planType: 'pro',
    };
    expect(
      mergeRateLimitSnapshot(base, { limitId: 'codex', primary: { usedPercent: 20, resetsAt: null }, secondary: null, planType: null }),
    ).toEqual({
      limitId: 'codex',
      primary: { usedPercent: 20, windowDurationMins: 300, resetsAt: 100 },
      secondary: { usedPercent: 5 },
      planType: 'pro',
    });
  });
});
