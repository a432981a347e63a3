import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realCliBinary, realClisRequired } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { codexProvider, readAppServerUsage } from '../../src/index.js';
import { makeCodexHome } from './codex-home-fixtures.js';
import { startWhamImitation, type WhamImitation, whamBody, writeChatgptAuth } from './wham-imitation.js';

const codex = realCliBinary('codex');
const run = codex || realClisRequired() ? it : it.skip;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A throwaway CODEX_HOME with a fake ChatGPT login whose backend is `baseUrl`. */
function chatgptHome(baseUrl: string): string {
  const codexHome = makeCodexHome();
  cleanups.push(() => rmSync(codexHome, { recursive: true, force: true }));
  writeChatgptAuth(codexHome);
  writeFileSync(join(codexHome, 'config.toml'), `chatgpt_base_url = "${baseUrl}"\ncheck_for_update_on_startup = false\n`);
  return codexHome;
}

async function imitation(answer: WhamImitation['answer']): Promise<WhamImitation> {
  const server = await startWhamImitation(answer);
  cleanups.push(() => server.close());
  return server;
}

const env = () => ({ PATH: process.env.PATH, LANG: 'C.UTF-8' });

describe('the real codex app-server (0.169.0)', () => {
  run('reads wham/usage from the loopback imitation: the right windows, kinds by duration', async () => {
    const server = await imitation({ body: whamBody({ now: Date.now(), additional: true }) });
    const codexHome = chatgptHome(server.baseUrl);
    const result = await readAppServerUsage({ command: codex as string, codexHome, env: { ...env(), HOME: codexHome }, timeoutMs: 30_000 });
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests[0]?.headers['chatgpt-account-id']).toBe('acct-test-1');
    // Started without plugins: it did not list the account's installed plugins.
    expect(server.others.filter((url) => url.includes('/plugins'))).toEqual([]);
    expect(result.snapshot.status).toBe('ok');
    expect(result.snapshot.windows.map((w) => [w.kind, w.scope, w.usedPercent, w.remainingPercent, w.source])).toEqual([
      ['5h', null, 42, 58, 'codex-app-server'],
      ['5h', 'codex_bengalfox', 7, 93, 'codex-app-server'],
      ['weekly', null, 16, 84, 'codex-app-server'],
    ]);
    // Reset times are the imitation's reset_at, to the second.
    const fiveHour = result.snapshot.windows[0];
    expect(Math.abs(Date.parse(fiveHour?.resetsAt ?? '') - (Date.now() + 3600_000))).toBeLessThan(60_000);
  });

  run('a weekly-only plan through the real app-server: primary lasting 10080 minutes is weekly', async () => {
    const server = await imitation({ body: whamBody({ now: Date.now(), primary: [100, 604_800], secondary: null, limitReached: true }) });
    const codexHome = chatgptHome(server.baseUrl);
    const { snapshot } = await readAppServerUsage({
      command: codex as string,
      codexHome,
      env: { ...env(), HOME: codexHome },
      timeoutMs: 30_000,
    });
    expect(snapshot.windows.map((w) => [w.kind, w.remainingPercent])).toEqual([['weekly', 0]]);
    expect(snapshot.status).toBe('limit_reached');
  });

  run('offline (nothing listening): the real error, quickly', async () => {
    const gone = await startWhamImitation({ body: {} });
    await gone.close();
    const codexHome = chatgptHome(gone.baseUrl);
    const started = Date.now();
    const { snapshot } = await readAppServerUsage({
      command: codex as string,
      codexHome,
      env: { ...env(), HOME: codexHome },
      timeoutMs: 30_000,
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(10_000);
    expect(snapshot.status).toBe('error');
    expect(snapshot.reason).toMatch(
      /^codex app-server account\/rateLimits\/read failed: failed to fetch codex rate limits: error sending request for url \(http:\/\/127\.0\.0\.1:\d+\/backend-api\/wham\/usage\)/,
    );
  });

  run('no login, and an API-key login: the real app-server’s own words, unauthenticated and unsupported in the report', async () => {
    const codexHome = makeCodexHome();
    cleanups.push(() => rmSync(codexHome, { recursive: true, force: true }));
    const none = await readAppServerUsage({ command: codex as string, codexHome, env: { ...env(), HOME: codexHome }, timeoutMs: 30_000 });
    expect(none.unauthenticated).toBe(true);
    expect(none.snapshot.reason).toBe(
      'not logged in to ChatGPT (codex app-server account/rateLimits/read failed: codex account authentication required to read rate limits)',
    );
    const context = {
      env: { ...env(), HOME: codexHome },
      home: codexHome,
      settings: { binary: codex as string },
      account: { id: 'a', home: codexHome, env: {} },
    };
    expect((await codexProvider.probeUsage?.(context))?.status).toBe('unauthenticated');

    writeFileSync(join(codexHome, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'sk-test-not-a-real-key-0000' }));
    const keyed = await readAppServerUsage({ command: codex as string, codexHome, env: { ...env(), HOME: codexHome }, timeoutMs: 30_000 });
    expect([keyed.accountType, keyed.snapshot.status, keyed.snapshot.reason]).toEqual([
      'apiKey',
      'unknown',
      'the Codex home is logged in with an API key: no subscription windows',
    ]);
    const report = await codexProvider.probeUsage?.(context);
    expect(report?.status).toBe('unsupported');
    expect(report?.windows).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('sk-test-not-a-real-key-0000');
  });

  run('probeUsage of the adapter: the real app-server’s windows in one report for the account', async () => {
    const server = await imitation({ body: whamBody({ now: Date.now() }) });
    const codexHome = chatgptHome(server.baseUrl);
    const report = await codexProvider.probeUsage?.({
      env: { ...env(), HOME: codexHome },
      home: codexHome,
      settings: { binary: codex as string },
      account: { id: 'team-2', home: codexHome, env: {} },
    });
    expect(report?.status).toBe('ok');
    expect(report?.accountId).toBe('team-2');
    expect(report?.windows.map((w) => [w.kind, w.usedPercent, w.source])).toEqual([
      ['5h', 42, 'codex-app-server'],
      ['weekly', 16, 'codex-app-server'],
    ]);
    // The app-server read the endpoint: it was not asked a second time directly.
    expect(server.requests.filter((request) => request.headers['user-agent'] === 'agentpool-usage-probe')).toHaveLength(0);
  });
});
