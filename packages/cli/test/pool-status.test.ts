import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createTempHome, REAL_CLI_VERSIONS, realCliBinary, type TempHome } from '@agentpool/test-utils';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const CANARY = 'canary-refresh-token-4e1d7b';
const codex = realCliBinary('codex');

/** A fake, well-formed ChatGPT access token for one account (never a real one). */
const accessToken = (accountId: string) => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
    email: `${accountId}@example.com`,
    exp: 4_102_444_800,
    'https://api.openai.com/auth': { chatgpt_plan_type: 'pro', chatgpt_account_id: accountId, chatgpt_user_id: `user-${accountId}` },
  })}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
};

const usedPercentOf: Record<string, number> = { 'acct-a': 20, 'acct-b': 100, 'acct-c': 55 };

/** The ChatGPT backend's `wham/usage` on 127.0.0.1, answering each account (by its `chatgpt-account-id`) with its own 5-hour figure. */
async function startBackend(): Promise<{ baseUrl: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    if (!(request.url ?? '').startsWith('/backend-api/wham/usage')) {
      response.writeHead(404).end('{}');
      return;
    }
    seen.push(request.headers);
    const used = usedPercentOf[String(request.headers['chatgpt-account-id'])] ?? 0;
    const now = Math.floor(Date.now() / 1000);
    const window = (percent: number, seconds: number, after: number) => ({
      used_percent: percent,
      limit_window_seconds: seconds,
      reset_after_seconds: after,
      reset_at: now + after,
    });
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        plan_type: 'pro',
        rate_limit: {
          allowed: used < 100,
          limit_reached: used >= 100,
          primary_window: window(used, 18_000, 3600),
          secondary_window: window(10, 604_800, 86_400),
        },
        additional_rate_limits: [],
        credits: { has_credits: false, unlimited: false, balance: '0' },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/backend-api/`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let temp: TempHome;
let backend: Awaited<ReturnType<typeof startBackend>>;
let env: Record<string, string>;

beforeEach(async () => {
  temp = createTempHome();
  mkdirSync(temp.home, { recursive: true });
  backend = await startBackend();
  const source = join(temp.home, '..', 'source-codex-home');
  const team = join(temp.home, '..', 'team');
  mkdirSync(source, { recursive: true });
  mkdirSync(team);
  writeFileSync(join(source, 'config.toml'), `chatgpt_base_url = "${backend.baseUrl}"\ncheck_for_update_on_startup = false\n`);
  // What a worker home must never get: the source's sessions and history.
  mkdirSync(join(source, 'sessions'));
  writeFileSync(join(source, 'history.jsonl'), '{}\n');
  for (const account of ['acct-a', 'acct-b']) {
    const token = accessToken(account);
    writeFileSync(
      join(team, `${account}.json`),
      JSON.stringify({
        OPENAI_API_KEY: null,
        tokens: { id_token: token, access_token: token, refresh_token: `${CANARY}-${account}`, account_id: account },
        last_refresh: new Date().toISOString(),
      }),
    );
  }
  const binary = codex ? `  codex-cli:\n    binary: ${JSON.stringify(codex)}\n` : '';
  writeFileSync(
    join(temp.home, 'config.yaml'),
    `version: 1\npool:\n  sources: [${JSON.stringify(source)}]\n  auth_team_dir: ${JSON.stringify(team)}\n${binary ? `providers:\n${binary}` : ''}`,
  );
  env = { ...temp.env };
  for (const variable of ['CAP_SOURCES', 'CAP_AUTH_TEAM_DIR', 'AUTH_TEAM_DIR', 'CAP_AUTH_TEAM_GLOB', 'CODEX_HOME']) delete env[variable];
});
afterEach(async () => {
  await backend.close();
  temp.cleanup();
});

describe(`agentpool pool status${codex ? ` (through the real ${REAL_CLI_VERSIONS.codex.package}@${REAL_CLI_VERSIONS.codex.version} app-server)` : ''}`, () => {
  it("reads every account's own limits at once in private homes, leaves nothing behind and never shows a login", async () => {
    const result = await runCli(['pool', 'status', '--json', '--timeout', '40'], env);
    expect(result.code, result.stderr).toBe(0);
    const report = result.json as {
      provider: string;
      partial: boolean;
      accounts: Array<{
        account: string;
        usable: boolean;
        status: string;
        windows: Array<{ kind: string; remaining_percent: number; source: string }>;
      }>;
    };
    expect(report.provider).toBe('codex-cli');
    expect(report.partial).toBe(false);
    const byAccount = Object.fromEntries(report.accounts.map((row) => [row.account, row]));
    expect(byAccount['acct-a.json']).toMatchObject({ usable: true, status: 'ok' });
    expect(byAccount['acct-a.json']?.windows.find((window) => window.kind === '5h')?.remaining_percent).toBe(80);
    expect(byAccount['acct-b.json']).toMatchObject({ usable: false, status: 'limit_reached' });
    expect(byAccount['acct-b.json']?.windows.find((window) => window.kind === '5h')?.remaining_percent).toBe(0);
    // Each account asked with its own login.
    expect(new Set(backend.seen.map((headers) => headers['chatgpt-account-id']))).toEqual(new Set(['acct-a', 'acct-b']));
    expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY);
    // The private homes are gone.
    const scratch = join(temp.home, 'tmp');
    expect(existsSync(scratch) ? readdirSync(scratch) : []).toEqual([]);
    if (codex) {
      // Codex's empty state databases are kept for the next read: made without a login, they hold nothing of an account.
      const cache = join(temp.home, 'cache', 'codex-state');
      const seeds = readdirSync(cache);
      expect(seeds).toHaveLength(1);
      const files = readdirSync(join(cache, seeds[0] as string));
      expect(files).toContain('state_5.sqlite');
      for (const file of files) {
        const bytes = readFileSync(join(cache, seeds[0] as string, file));
        for (const secret of [CANARY, 'acct-a', 'acct-b']) expect(bytes.includes(secret), `${file} holds ${secret}`).toBe(false);
      }
    }

    const human = await runCli(['pool', 'status', '--timeout', '40'], env);
    expect(human.stdout).toMatch(/acct-a\.json\s+usable\s+5h \[████████░░\] 80% left/);
    expect(human.stdout).toMatch(/acct-b\.json\s+limit_reached/);
  }, 90_000);

  it('reads registered accounts too: each with its own home or login, a team file an account names read once under its label', async () => {
    const source = join(temp.home, '..', 'source-codex-home');
    const team = join(temp.home, '..', 'team');
    // An account with a home of its own (its own login in it), and one that names a team file.
    const spareHome = join(temp.home, '..', 'spare-home');
    mkdirSync(spareHome);
    writeFileSync(join(spareHome, 'config.toml'), `chatgpt_base_url = "${backend.baseUrl}"\ncheck_for_update_on_startup = false\n`);
    const token = accessToken('acct-c');
    writeFileSync(
      join(spareHome, 'auth.json'),
      JSON.stringify({
        OPENAI_API_KEY: null,
        tokens: { id_token: token, access_token: token, refresh_token: `${CANARY}-c`, account_id: 'acct-c' },
      }),
    );
    const add = async (args: readonly string[]) => {
      const added = await runCli(['pool', 'accounts', 'add', '--provider', 'codex-cli', ...args, '--json'], env);
      expect(added.code, added.stdout + added.stderr).toBe(0);
    };
    await add(['--label', 'work', '--home', source, '--auth-file', join(team, 'acct-a.json')]);
    await add(['--label', 'spare', '--home', spareHome, '--pool', 'night']);
    expect((await runCli(['pool', 'pause', 'spare'], env)).code).toBe(0);

    const result = await runCli(['pool', 'status', '--json', '--timeout', '40'], env);
    expect(result.code, result.stderr).toBe(0);
    const rows = (
      result.json.accounts as Array<Record<string, unknown> & { windows: Array<{ kind: string; remaining_percent: number }> }>
    ).map((row) => ({
      account: row.account,
      kind: row.kind,
      pool: row.pool,
      paused: row.paused,
      also_known_as: row.also_known_as,
      left: row.windows.find((window) => window.kind === '5h')?.remaining_percent,
    }));
    expect(rows).toEqual([
      { account: 'spare', kind: 'account', pool: 'night', paused: true, also_known_as: [], left: 45 },
      { account: 'work', kind: 'account', pool: 'codex-cli', paused: false, also_known_as: ['acct-a.json'], left: 80 },
      { account: 'acct-b.json', kind: 'auth_file', pool: null, paused: false, also_known_as: [], left: 0 },
    ]);
    // One request per login: the shared file was not read twice.
    expect(backend.seen.map((headers) => headers['chatgpt-account-id']).sort()).toEqual(['acct-a', 'acct-b', 'acct-c']);
    // What the headroom strategy and the spawn gate read: a snapshot under each name.
    const db = new Database(join(temp.home, 'agentpool.sqlite'), { readonly: true });
    const cached = db.prepare("select account_key from usage_snapshots where provider_id = 'codex-cli' order by account_key").all();
    db.close();
    expect(cached.map((row) => (row as { account_key: string }).account_key)).toEqual(['acct-a.json', 'acct-b.json', 'spare', 'work']);
    expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY);

    const human = await runCli(['pool', 'status', '--timeout', '40'], env);
    expect(human.stdout).toMatch(/spare \[night, paused\]\s+usable\s+5h \[[█░]+\] 45% left/);
  }, 90_000);

  it('refuses a provider without accounts, a bad timeout and a missing team folder, exit 2', async () => {
    const provider = await runCli(['pool', 'status', '--provider', 'gemini-cli'], env);
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain('--provider');
    const timeout = await runCli(['pool', 'status', '--timeout', '0'], env);
    expect(timeout.code).toBe(2);
    const noTeam = await runCli(['pool', 'status', '--team-dir', join(temp.home, 'nowhere')], env);
    expect(noTeam.code).toBe(2);
  });
});
