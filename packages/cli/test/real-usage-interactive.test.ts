import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  claudeApiAnswer,
  createTempHome,
  FAKE_CLAUDE_OAUTH_TOKEN,
  FAKE_CLAUDE_REFRESH_TOKEN,
  type InterceptedAnswer,
  type InterceptProxy,
  opensslAvailable,
  prepareClaudeOAuthHome,
  processesWithEnv,
  REAL_CLI_VERSIONS,
  realCliBinary,
  realCliBinDir,
  realCliDir,
  realClisRequired,
  startInterceptProxy,
  type TempHome,
} from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/**
 * `agentpool usage --provider claude-code --interactive` with the real Claude Code: signed in with a
 * fake claude.ai subscription, api.anthropic.com intercepted by a test-only HTTPS proxy (throwaway
 * CA; HTTPS_PROXY and NODE_EXTRA_CA_CERTS, which Claude 2.1.197 honours). agentpool's own read of
 * the usage endpoint goes to a loopback server that fails (503), so the figures can only come from
 * Claude's `/usage` screen. Skipped when Claude is not installed (scripts/install-real-clis.sh),
 * except in CI (AGENTPOOL_REQUIRE_REAL_CLIS=1).
 */

const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1417+00:00');
const toMinute = (text: string) => new Date(Math.floor(Date.parse(text) / 60_000) * 60_000).toISOString();

let temp: TempHome | null = null;
let proxy: InterceptProxy | null = null;
let failing: Server | null = null;
let cliHome: string | null = null;
afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (failing ? failing.close(() => resolve()) : resolve()));
  // Whatever happened, nothing of Claude outlives its test.
  if (cliHome) for (const pid of processesWithEnv('HOME', cliHome)) process.kill(pid, 'SIGKILL');
  temp?.cleanup();
  temp = null;
  proxy = null;
  failing = null;
  cliHome = null;
});

/** Every file under `dir`, read as text: the fake tokens must appear in none that agentpool wrote. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
  });
}

interface Setup {
  readonly env: Record<string, string>;
  readonly home: string;
  readonly configDir: string;
  readonly ownReads: () => number;
}

/** A pool home, a Claude home signed in with the fake subscription, the proxy answering `usage()`, and agentpool's own endpoint failing. */
async function setUp(usage: () => InterceptedAnswer): Promise<Setup> {
  proxy = await startInterceptProxy({ hosts: ['api.anthropic.com'], answer: claudeApiAnswer(usage) });
  let ownReads = 0;
  const server = createServer((_request, response) => {
    ownReads++;
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end('{"error":"unavailable"}');
  });
  failing = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  temp = createTempHome('ap-usage-int-');
  cliHome = join(temp.home, '..', 'claude-user');
  const claude = prepareClaudeOAuthHome(cliHome);
  return {
    home: temp.home,
    configDir: claude.configDir,
    ownReads: () => ownReads,
    env: {
      ...temp.env,
      ...claude.env,
      PATH: `${realCliBinDir()}:${process.env.PATH ?? ''}`,
      HTTPS_PROXY: proxy.url,
      https_proxy: proxy.url,
      NODE_EXTRA_CA_CERTS: proxy.caFile,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      AGENTPOOL_CLAUDE_USAGE_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      // Claude prints resets in its own time zone; agentpool reads them back in the zone the screen names.
      TZ: 'Asia/Tokyo',
      CI: 'true',
    },
  };
}

function expectNoSecretsIn(setup: Setup, outputs: readonly string[]): void {
  for (const text of [...outputs, ...filesUnder(setup.home).map((file) => readFileSync(file).toString('latin1'))]) {
    expect(text).not.toContain(FAKE_CLAUDE_OAUTH_TOKEN);
    expect(text).not.toContain(FAKE_CLAUDE_REFRESH_TOKEN);
  }
}

interface WindowJson {
  name: string;
  kind: string;
  scope: string | null;
  used_percent: number;
  remaining_percent: number;
  resets_at: string | null;
  source: string;
  confidence: string;
}
interface RowJson {
  provider: string;
  status: string;
  usable: boolean;
  reason: string | null;
  windows: WindowJson[];
  warnings: string[];
}
const rowOf = (json: Record<string, unknown>): RowJson => (json.providers as RowJson[])[0] as RowJson;

describe(`agentpool usage --interactive with the real Claude Code (${REAL_CLI_VERSIONS['claude-code'].version})`, () => {
  const binary = realCliBinary('claude-code');
  const run = (binary && opensslAvailable()) || realClisRequired() ? it : it.skip;

  run("reads Claude's /usage screen: the endpoint's figures, floored as Claude shows them, resets to the minute", async () => {
    expect(binary, `claude is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
    expect(opensslAvailable(), 'openssl makes the throwaway CA').toBe(true);
    const now = Date.now();
    const body = {
      five_hour: { utilization: 37.4, resets_at: iso(now + 2.3 * HOUR + 17_000) },
      seven_day: { utilization: 62.9, resets_at: iso(now + 70 * HOUR + 41_000) },
      seven_day_opus: { utilization: 100.0, resets_at: iso(now + 70 * HOUR + 41_000) },
      seven_day_sonnet: { utilization: 12.0, resets_at: iso(now + 100 * HOUR + 5_000) },
      extra_usage: { is_enabled: false, monthly_limit: null, used_credits: null, utilization: null },
    };
    const setup = await setUp(() => ({ status: 200, body }));

    const result = await runCli(['usage', '--provider', 'claude-code', '--interactive', '--json'], setup.env, { timeoutMs: 120_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const row = rowOf(result.json);
    expect(row, JSON.stringify(row)).toMatchObject({ provider: 'claude-code', status: 'ok', usable: true });
    const windows = row.windows.map(({ name, kind, scope, used_percent, remaining_percent, resets_at, source, confidence }) => ({
      name,
      kind,
      scope,
      used_percent,
      remaining_percent,
      resets_at,
      source,
      confidence,
    }));
    const screen = { source: 'claude-usage-screen', confidence: 'observed' };
    expect(windows).toEqual([
      {
        name: 'Current session',
        kind: '5h',
        scope: null,
        used_percent: 37,
        remaining_percent: 63,
        resets_at: toMinute(body.five_hour.resets_at),
        ...screen,
      },
      {
        name: 'Current week (all models)',
        kind: 'weekly',
        scope: null,
        used_percent: 62,
        remaining_percent: 38,
        resets_at: toMinute(body.seven_day.resets_at),
        ...screen,
      },
      {
        name: 'Current week (Sonnet only)',
        kind: 'weekly',
        scope: 'sonnet',
        used_percent: 12,
        remaining_percent: 88,
        resets_at: toMinute(body.seven_day_sonnet.resets_at),
        ...screen,
      },
    ]);
    // agentpool read the endpoint itself first (and failed); Claude read it through the proxy with its token.
    expect(setup.ownReads()).toBe(1);
    expect(row.warnings.some((warning) => warning.startsWith('claude-oauth-usage: ') && /503/.test(warning))).toBe(true);
    const usageReads = proxy?.requests.filter((request) => request.path === '/api/oauth/usage') ?? [];
    expect(usageReads.length).toBe(1);
    expect(usageReads[0]?.hadAuthorization).toBe(true);
    // Claude's start-up "quota" model call went to the closed local port, never to the (intercepted) API.
    expect(proxy?.requests.some((request) => request.path.startsWith('/v1/messages'))).toBe(false);
    // Claude exited and left nothing behind.
    expect(processesWithEnv('CLAUDE_CONFIG_DIR', setup.configDir)).toEqual([]);
    expectNoSecretsIn(setup, [result.stdout, result.stderr]);
  });

  run('without --interactive (and with --no-interactive) Claude is never started', async () => {
    expect(binary, `claude is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
    const setup = await setUp(() => ({ status: 200, body: { five_hour: { utilization: 1, resets_at: null } } }));
    for (const args of [[], ['--no-interactive']]) {
      const result = await runCli(['usage', '--provider', 'claude-code', ...args, '--json'], setup.env, { timeoutMs: 60_000 });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const row = rowOf(result.json);
      expect(row.windows).toEqual([]);
      expect(row.status).not.toBe('ok');
      expect(row.reason).toMatch(/^claude-oauth-usage: .*503/);
      expectNoSecretsIn(setup, [result.stdout, result.stderr]);
    }
    expect(setup.ownReads()).toBe(2);
    // Claude asks api.anthropic.com for its profile at every start: no tunnel, no request, no start.
    expect(proxy?.tunnels).toEqual([]);
    expect(proxy?.requests).toEqual([]);
    expect(existsSync(join(setup.home, 'usage', 'claude-usage-screen'))).toBe(false);
  });

  run("a /usage screen that shows Claude's own error is unknown, with that error as the reason", async () => {
    expect(binary, `claude is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
    const setup = await setUp(() => ({
      status: 500,
      body: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } },
    }));
    const result = await runCli(['usage', '--provider', 'claude-code', '--interactive', '--json'], setup.env, { timeoutMs: 120_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const row = rowOf(result.json);
    expect(row.windows).toEqual([]);
    expect(row.usable).toBe(false);
    expect(['error', 'unknown']).toContain(row.status);
    expect(row.reason).toMatch(/^claude-usage-screen: Claude's \/usage screen says: Failed to load usage data/);
    expect(processesWithEnv('CLAUDE_CONFIG_DIR', setup.configDir)).toEqual([]);
    expectNoSecretsIn(setup, [result.stdout, result.stderr]);
  });
});
