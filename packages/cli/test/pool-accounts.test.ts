import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAgentPool } from '@agentpool/sdk';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { createSnapshot, normaliseWindow } from '@agentpool/usage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from './run-cli.js';

const CANARY = 'CANARY-7f3a9c1e-do-not-leak';
let temp: TempHome;
let root: string;
beforeEach(() => {
  temp = createTempHome();
  mkdirSync(temp.home, { recursive: true });
  root = join(temp.home, '..');
});
afterEach(() => temp.cleanup());

const cli = (args: readonly string[], env: Record<string, string> = temp.env) => runCli(args, env, { cwd: root, timeoutMs: 60_000 });
const errorCode = (result: CliResult) => result.json.error?.code;

/** A Codex-style source home: configuration to copy, per-run state to leave out, and its own login. */
function sourceHome(name: string): string {
  const home = join(root, name);
  mkdirSync(join(home, 'sessions', '2026'), { recursive: true });
  mkdirSync(join(home, 'prompts'), { recursive: true });
  mkdirSync(join(home, 'log'), { recursive: true });
  writeFileSync(join(home, 'config.toml'), 'model = "gpt-5"\n');
  writeFileSync(join(home, 'AGENTS.md'), '# house rules\n');
  writeFileSync(join(home, 'prompts', 'review.md'), 'review it\n');
  writeFileSync(join(home, 'sessions', '2026', 'rollout.jsonl'), '{}\n');
  writeFileSync(join(home, 'log', 'codex.log'), 'log\n');
  writeFileSync(join(home, 'history.jsonl'), '{}\n');
  writeFileSync(join(home, 'state.sqlite'), 'db');
  writeFileSync(join(home, 'auth.json'), '{"source":"login of the template"}\n');
  return home;
}

function authFile(name: string, token = `token-${name}`): string {
  const path = join(root, `${name}.json`);
  writeFileSync(path, `${JSON.stringify({ tokens: { access_token: token } })}\n`);
  return path;
}

async function addAccount(label: string, extra: readonly string[], provider = 'fake-completed'): Promise<CliResult> {
  const result = await cli(['pool', 'accounts', 'add', '--provider', provider, '--label', label, ...extra, '--json']);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return result;
}

async function spawn(args: readonly string[]): Promise<CliResult> {
  return cli(['spawn', ...args, '--task', 'Summarise the repo.', '--repo', root, '--isolation', 'shared', '--json']);
}

const listed = async () =>
  ((await cli(['pool', 'accounts', 'list', '--json'])).json.accounts as { label: string; paused: boolean; live_assignments: number }[]) ??
  [];

describe('pool accounts add|remove|list', () => {
  it('adds, lists and removes accounts, keeping paths only', async () => {
    const auth = authFile('work');
    const added = await addAccount('work', ['--auth-file', auth], 'codex-cli');
    expect(added.json.account).toMatchObject({ label: 'work', provider: 'codex-cli', pool: 'codex-cli', auth_file: auth, paused: false });
    await addAccount('team-2', ['--home', sourceHome('tmpl'), '--auth-file', authFile('claude'), '--pool', 'team'], 'claude-code');
    expect((await listed()).map((account) => account.label)).toEqual(['team-2', 'work']);
    const removed = await cli(['pool', 'accounts', 'remove', 'team-2', '--json']);
    expect(removed.code).toBe(0);
    expect((await listed()).map((account) => account.label)).toEqual(['work']);
  });

  it('refuses bad requests with exit 2, naming the problem, and changes nothing', async () => {
    const auth = authFile('work');
    await addAccount('work', ['--auth-file', auth], 'codex-cli');
    const cases: [readonly string[], string, RegExp][] = [
      [['--provider', 'gemini', '--label', 'x', '--auth-file', auth], 'INVALID_REQUEST', /Unknown account provider "gemini".*codex-cli/],
      [['--provider', 'codex-cli', '--label', 'work', '--auth-file', auth], 'ACCOUNT_EXISTS', /"work" exists already/],
      [['--provider', 'codex-cli', '--label', 'y', '--auth-file', join(root, 'missing.json')], 'INVALID_REQUEST', /does not exist/],
      [['--provider', 'codex-cli', '--label', 'y', '--auth-file', root], 'INVALID_REQUEST', /not a regular file/],
      [['--provider', 'codex-cli', '--label', 'y', '--home', '/proc/self'], 'INVALID_REQUEST', /under \/proc/],
      [['--provider', 'codex-cli', '--label', 'y', '--home', '/sys/kernel'], 'INVALID_REQUEST', /under \/sys/],
      [['--provider', 'codex-cli', '--label', 'y', '--home', join(root, 'user')], 'INVALID_REQUEST', /does not exist or is not a folder/],
      [['--provider', 'codex-cli', '--label', 'bad label', '--auth-file', auth], 'INVALID_REQUEST', /label/],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli(['pool', 'accounts', 'add', ...args, '--json']);
      expect(result.code, args.join(' ')).toBe(2);
      expect(errorCode(result), args.join(' ')).toBe(code);
      expect(result.json.error?.message).toMatch(message);
    }
    const emptyHome = join(root, 'empty-home');
    mkdirSync(emptyHome);
    const noLogin = await cli(['pool', 'accounts', 'add', '--provider', 'codex-cli', '--label', 'z', '--home', emptyHome, '--json']);
    expect(noLogin.code).toBe(2);
    expect(noLogin.json.error?.message).toMatch(/has no readable auth\.json.*--auth-file/);
    for (const command of [
      ['pool', 'accounts', 'remove', 'nope'],
      ['pool', 'pause', 'nope'],
    ]) {
      const result = await cli([...command, '--json']);
      expect(result.code).toBe(2);
      expect(errorCode(result)).toBe('UNKNOWN_ACCOUNT');
      expect(result.json.error?.details.known).toEqual(['work']);
    }
    expect(await listed()).toEqual([expect.objectContaining({ label: 'work', paused: false })]);
  });
});

describe('spawn on a pool account', () => {
  it('gives the worker a private home without per-run state, the login 0600, and removes it on terminate', async () => {
    const source = sourceHome('tmpl');
    const auth = authFile('work');
    await addAccount('work', ['--home', source, '--auth-file', auth]);
    const spawned = await spawn(['--account', 'work']);
    expect(spawned.code, spawned.stdout + spawned.stderr).toBe(0);
    const id = spawned.json.session_id as string;
    expect(spawned.json.account).toMatchObject({ label: 'work', provider: 'fake-completed', chosen_by: 'named' });
    const home = join(temp.home, 'homes', id);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(temp.home, 'homes')).mode & 0o777).toBe(0o700);
    expect(readdirSync(home).sort()).toEqual(['AGENTS.md', 'auth.json', 'config.toml', 'prompts']);
    expect(readFileSync(join(home, 'prompts', 'review.md'), 'utf8')).toBe('review it\n');
    expect(readFileSync(join(home, 'auth.json'), 'utf8')).toBe(readFileSync(auth, 'utf8'));
    expect(statSync(join(home, 'auth.json')).mode & 0o777).toBe(0o600);

    const shown = await cli(['session', 'show', id, '--json']);
    expect((shown.json.session as { account_id: string }).account_id).toBe('work');
    expect((await cli(['session', 'show', id])).stdout).toMatch(/account_id\s+work/);

    const ended = await cli(['terminate', id, '--json']);
    expect(ended.code).toBe(0);
    expect(existsSync(home)).toBe(false);
  });

  it('removes the home when the worker exits on its own, at the first look that finds it ended', { timeout: 120_000 }, async () => {
    await addAccount('solo', ['--auth-file', authFile('solo')], 'fake-crash');
    const spawned = await spawn(['--account', 'solo']);
    expect(spawned.code, spawned.stdout + spawned.stderr).toBe(0);
    const id = spawned.json.session_id as string;
    const home = join(temp.home, 'homes', id);
    expect(existsSync(home)).toBe(true);
    let session: { state: string; ended_at: string | null } = { state: '', ended_at: null };
    for (let attempt = 0; attempt < 30 && session.ended_at === null; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      session = (await cli(['session', 'show', id, '--json'])).json.session as typeof session;
    }
    expect(session.ended_at).not.toBeNull();
    expect(['exited', 'error']).toContain(session.state);
    expect(existsSync(home)).toBe(false);
  });

  it('refuses an unknown account with UNKNOWN_ACCOUNT listing the known ones, and a provider mismatch', async () => {
    await addAccount('work', ['--auth-file', authFile('work')]);
    const unknown = await spawn(['--account', 'nope']);
    expect(unknown.code).toBe(2);
    expect(errorCode(unknown)).toBe('UNKNOWN_ACCOUNT');
    expect(unknown.json.error?.details.known).toEqual(['work']);
    const mismatch = await spawn(['--account', 'work', '--provider', 'fake-question']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.json.error?.message).toMatch(/fake-completed account/);
    expect(existsSync(join(temp.home, 'homes')) ? readdirSync(join(temp.home, 'homes')) : []).toEqual([]);
  });

  it('--pool picks an unpaused account, records a live assignment and releases it when the worker ends', async () => {
    await addAccount('a', ['--auth-file', authFile('a'), '--pool', 'team']);
    await addAccount('b', ['--auth-file', authFile('b'), '--pool', 'team']);
    expect((await cli(['pool', 'pause', 'a', '--json'])).code).toBe(0);
    const ids: string[] = [];
    for (let round = 0; round < 2; round++) {
      const spawned = await spawn(['--pool', 'team']);
      expect(spawned.code, spawned.stdout + spawned.stderr).toBe(0);
      expect(spawned.json.account).toMatchObject({ label: 'b', chosen_by: 'balanced' });
      ids.push(spawned.json.session_id as string);
    }
    expect((await listed()).find((account) => account.label === 'b')?.live_assignments).toBe(2);
    const pooled = await cli(['pool', 'list', '--json']);
    expect((pooled.json.assignments as { worker: string }[]).map((assignment) => assignment.worker).sort()).toEqual([...ids].sort());

    expect((await cli(['pool', 'pause', 'b'])).code).toBe(0);
    const paused = await spawn(['--pool', 'team']);
    expect(paused.code).toBe(1);
    expect(errorCode(paused)).toBe('ACCOUNTS_PAUSED');

    for (const id of ids) expect((await cli(['terminate', id])).code).toBe(0);
    expect((await listed()).find((account) => account.label === 'b')?.live_assignments).toBe(0);
    expect((await cli(['pool', 'list', '--json'])).json.assignments).toEqual([]);
  });
});

describe('team spawn-member on a pool account', () => {
  it('runs the member in a private copy of the account home; team members names the account; --pool picks one', {
    timeout: 120_000,
  }, async () => {
    await addAccount('work', ['--home', sourceHome('tmpl'), '--auth-file', authFile('work')]);
    await addAccount('spare', ['--auth-file', authFile('spare'), '--pool', 'team']);
    const team = ['--team-name', 'crew', '--team-root', join(root, 'teams')];
    expect((await cli(['team', 'init', ...team, '--goal', 'g', '--members', 'lead,implementer-a,reviewer', '--json'])).code).toBe(0);
    const member = (name: string, extra: readonly string[]) =>
      cli(['team', 'spawn-member', ...team, '--member', name, ...extra, '--repo', root, '--isolation', 'shared', '--json']);

    const named = await member('implementer-a', ['--account', 'work']);
    expect(named.code, named.stdout + named.stderr).toBe(0);
    expect(named.json).toMatchObject({ account: 'work', provider: 'fake-completed' });
    const home = join(temp.home, 'homes', named.json.session_id as string);
    expect(readFileSync(join(home, 'auth.json'), 'utf8')).toBe(readFileSync(join(root, 'work.json'), 'utf8'));
    const picked = await member('lead', ['--pool', 'team']);
    expect(picked.code, picked.stdout + picked.stderr).toBe(0);
    expect(picked.json.account).toBe('spare');

    const members = (await cli(['team', 'members', ...team, '--json'])).json.members as { member: string; account: string | null }[];
    expect(members.map((m) => [m.member, m.account])).toEqual([
      ['lead', 'spare'],
      ['implementer-a', 'work'],
      ['reviewer', null],
    ]);
    expect((await cli(['team', 'members', ...team])).stdout).toMatch(/implementer-a\s+implementer\s+fake-completed \(work\)/);

    const unknown = await member('reviewer', ['--account', 'nope']);
    expect(unknown.code).toBe(2);
    expect(errorCode(unknown)).toBe('UNKNOWN_ACCOUNT');
    const neither = await member('reviewer', []);
    expect(neither.code).toBe(2);
    expect(neither.json.error?.message).toMatch(/needs --provider \(or --account/);

    for (const id of [named.json.session_id, picked.json.session_id]) expect((await cli(['terminate', String(id)])).code).toBe(0);
    expect(existsSync(home)).toBe(false);
    expect((await listed()).find((account) => account.label === 'spare')?.live_assignments).toBe(0);
  });
});

describe('headroom', () => {
  async function cacheUsage(provider: string, account: string, fiveHourLeft: number | null): Promise<void> {
    const pool = await createAgentPool({ home: temp.home, env: temp.env });
    const now = new Date();
    const windows =
      fiveHourLeft === null
        ? []
        : [
            normaliseWindow({
              name: '5h',
              durationSeconds: 5 * 3600,
              remainingPercent: fiveHourLeft,
              resetsAt: new Date(now.getTime() + 3600_000),
              source: 'fixture',
              confidence: 'official',
              observedAt: now,
            }),
          ].map((result) => {
            if (!result.ok) throw new Error(result.problem);
            return result.window;
          });
    const snapshot = createSnapshot({
      providerId: provider,
      accountId: account,
      windows,
      fetchedAt: now,
      ...(fiveHourLeft === null ? { status: 'error' as const, reason: 'probe failed' } : {}),
    });
    await (await pool.store()).usage.put(snapshot);
    await pool.close();
  }

  it('pick-auth headroom picks the file with the most left, ranks unknown below it, never an exhausted one', async () => {
    const team = join(root, 'team');
    mkdirSync(team);
    for (const name of ['a.json', 'b.json', 'c.json', 'd.json']) writeFileSync(join(team, name), '{}\n');
    await cacheUsage('codex-cli', 'a.json', 0);
    await cacheUsage('codex-cli', 'b.json', 40);
    await cacheUsage('codex-cli', 'c.json', 85);
    const env = { ...temp.env, CAP_AUTH_TEAM_DIR: team, CAP_AUTH_STRATEGY: 'headroom' };
    const picked = await cli(['pool', 'pick-auth', '--worker', 'w-1', '--json'], env);
    expect(picked.json.auth_path).toBe(join(team, 'c.json'));
    await cacheUsage('codex-cli', 'c.json', 5);
    await cacheUsage('codex-cli', 'b.json', 0);
    // d.json is unknown (never read): it is picked only because no file known to have headroom is left.
    expect((await cli(['pool', 'pick-auth', '--worker', 'w-2', '--json'], env)).json.auth_path).toBe(join(team, 'd.json'));
    await cacheUsage('codex-cli', 'd.json', 0);
    const none = await cli(['pool', 'pick-auth', '--worker', 'w-3', '--json'], env);
    expect(none.code).toBe(1);
    expect(errorCode(none)).toBe('NO_HEADROOM');
  });

  it('auth-advance --to-headroom skips spent and unknown files to the next one with checked headroom', async () => {
    const team = join(root, 'team');
    mkdirSync(team);
    for (const name of ['a.json', 'b.json', 'c.json', 'd.json']) writeFileSync(join(team, name), '{}\n');
    await cacheUsage('codex-cli', 'b.json', 0);
    await cacheUsage('codex-cli', 'c.json', null);
    await cacheUsage('codex-cli', 'd.json', 50);
    const env = { ...temp.env, CAP_AUTH_TEAM_DIR: team, CAP_AUTH_STRATEGY: 'team_cycle' };
    expect((await cli(['pool', 'auth-current', '--json'], env)).json.auth_path).toBe(join(team, 'a.json'));
    const advanced = await cli(['pool', 'auth-advance', '--to-headroom', '--json'], env);
    expect(advanced.json).toMatchObject({ auth_path: join(team, 'd.json'), previous: join(team, 'a.json') });
    await cacheUsage('codex-cli', 'd.json', 0);
    const none = await cli(['pool', 'auth-advance', '--to-headroom', '--json'], env);
    expect(errorCode(none)).toBe('NO_HEADROOM');
    expect((await cli(['pool', 'auth-current', '--json'], env)).json.auth_path).toBe(join(team, 'd.json'));
  });

  it('spawn --pool with the headroom strategy takes the account with the most left', async () => {
    await addAccount('low', ['--auth-file', authFile('low')]);
    await addAccount('high', ['--auth-file', authFile('high')]);
    await cacheUsage('fake-completed', 'low', 30);
    await cacheUsage('fake-completed', 'high', 90);
    await addAccount('unread', ['--auth-file', authFile('unread')]);
    // What the pick reads, as `pool accounts list` shows it (never probed there).
    const headrooms = ((await cli(['pool', 'accounts', 'list', '--json'])).json.accounts as { label: string; headroom: unknown }[]).map(
      (account) => [account.label, account.headroom],
    );
    expect(headrooms).toEqual([
      ['high', { kind: 'known', remaining_percent: 90, window: '5h' }],
      ['low', { kind: 'known', remaining_percent: 30, window: '5h' }],
      ['unread', { kind: 'unknown', reason: expect.stringContaining('no usage snapshot cached') }],
    ]);
    expect((await cli(['pool', 'accounts', 'list'])).stdout).toMatch(/high\s+fake-completed\s+fake-completed\s+0\s+90% \(5h\)/);
    const spawned = await cli(
      ['spawn', '--pool', 'fake-completed', '--task', 'Summarise.', '--repo', root, '--isolation', 'shared', '--json'],
      { ...temp.env, CAP_AUTH_STRATEGY: 'headroom' },
    );
    expect(spawned.code, spawned.stdout + spawned.stderr).toBe(0);
    expect(spawned.json.account).toMatchObject({
      label: 'high',
      chosen_by: 'headroom',
      headroom: { kind: 'known', remaining_percent: 90 },
    });
    expect((await cli(['terminate', spawned.json.session_id as string])).code).toBe(0);
  });
});

describe('credentials: a canary in an auth file', () => {
  /** Every file under `dir` as text, `skip` (the worker's private home, where the login belongs) left out. */
  function filesUnder(dir: string, skip: string): string[] {
    const found: string[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (path === skip) continue;
      if (entry.isDirectory()) found.push(...filesUnder(path, skip));
      else if (entry.isFile()) found.push(`${path}\n${readFileSync(path).toString('latin1')}`);
    }
    return found;
  }
  const processTable = (): string =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map((entry) => {
        try {
          return readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        } catch {
          return '';
        }
      })
      .join('\n');

  it('never appears in the database, logs, artifacts, the process table or any output', { timeout: 120_000 }, async () => {
    const auth = authFile('canary', CANARY);
    const source = sourceHome('tmpl');
    const outputs: CliResult[] = [await addAccount('canary', ['--home', source, '--auth-file', auth])];
    outputs.push(await cli(['pool', 'accounts', 'add', '--provider', 'fake-completed', '--label', 'human', '--auth-file', auth]));
    const spawned = await spawn(['--account', 'canary']);
    expect(spawned.code, spawned.stdout + spawned.stderr).toBe(0);
    const id = spawned.json.session_id as string;
    const privateHome = join(temp.home, 'homes', id);
    // The copy exists where it belongs, and only there.
    expect(readFileSync(join(privateHome, 'auth.json'), 'utf8')).toContain(CANARY);
    outputs.push(spawned, await cli(['spawn', '--account', 'human', '--task', 'Summarise.', '--repo', root, '--isolation', 'shared']));
    const second = /spawned (ses_\w+)/.exec(outputs.at(-1)?.stdout ?? '')?.[1];
    expect(second).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const table = processTable();
    for (const args of [
      ['session', 'show', id],
      ['session', 'show', id, '--json'],
      ['observe', id, '--json'],
      ['artifacts', id, '--json'],
      ['sessions', '--json'],
      ['sessions'],
      ['pool', 'accounts', 'list'],
      ['pool', 'accounts', 'list', '--json'],
      ['pool', 'list', '--json'],
      ['collect', id, '--json'],
      ['transcript', id, '--json'],
    ]) {
      outputs.push(await cli(args));
    }
    outputs.push(await cli(['terminate', id, '--json']), await cli(['terminate', second as string]));
    const stored = filesUnder(temp.home, join(temp.home, 'homes'));
    expect(stored.some((file) => file.includes('stream.raw'))).toBe(true);
    expect(stored.some((file) => file.includes('agentpool.sqlite'))).toBe(true);
    for (const output of outputs) expect(`${output.stdout}${output.stderr}`).not.toContain(CANARY);
    for (const file of stored) expect(file.includes(CANARY), file.split('\n')[0]).toBe(false);
    expect(table).not.toContain(CANARY);
    expect(existsSync(privateHome)).toBe(false);
  });
});
