import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const CANARY = 'canary-refresh-token-7f3a9c1e5b';

let temp: TempHome;
let team: string;
let env: Record<string, string>;

beforeEach(() => {
  temp = createTempHome();
  mkdirSync(temp.home, { recursive: true });
  team = join(temp.home, '..', 'team');
  mkdirSync(team);
  for (const name of ['acct-1.json', 'acct-2.json', 'acct-3.json']) {
    writeFileSync(join(team, name), JSON.stringify({ tokens: { refresh_token: `${CANARY}-${name}` } }));
  }
  writeFileSync(join(team, 'acct-1.json.lock'), '');
  env = { ...temp.env, CAP_AUTH_TEAM_DIR: team };
  for (const variable of ['CAP_SOURCES', 'CAP_STRATEGY', 'CAP_AUTH_TEAM_GLOB', 'CAP_AUTH_STRATEGY', 'AUTH_TEAM_DIR']) delete env[variable];
});
afterEach(() => temp.cleanup());

const database = () => join(temp.home, 'agentpool.sqlite');
const databaseBytes = () =>
  readdirSync(temp.home)
    .filter((name) => name.startsWith('agentpool.sqlite'))
    .map((name) => readFileSync(join(temp.home, name)).toString('latin1'))
    .join('');

/**
 * Starts `count` CLI processes while this test holds the database's write lock, so they all reach
 * their pick before any can finish one; then lets them go. Code that read before taking the lock
 * would see the same counts in every process.
 */
async function raceWhileLocked(count: number, args: (index: number) => string[], runEnv: Record<string, string>) {
  const created = await runCli(['pool', 'list', '--json'], runEnv); // creates and migrates the store first
  expect(created.code).toBe(0);
  const lock = new BetterSqlite3(database());
  lock.exec('BEGIN IMMEDIATE');
  const running = Promise.all(Array.from({ length: count }, (_, index) => runCli(args(index), runEnv)));
  await sleep(2500);
  lock.exec('COMMIT');
  lock.close();
  return running;
}

describe('agentpool pool', () => {
  it('reads the pool: section of config.yaml, and an environment variable wins over it', async () => {
    writeFileSync(
      join(temp.home, 'config.yaml'),
      ['pool:', '  sources: [/srv/home-a, /srv/home-b]', '  strategy: hash', `  auth_team_dir: ${team}`, '  auth_strategy: rr', ''].join(
        '\n',
      ),
    );
    delete env.CAP_AUTH_TEAM_DIR;
    const fromConfig = await runCli(['pool', 'where', '--json'], env);
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.json).toMatchObject({
      sources: ['/srv/home-a', '/srv/home-b'],
      strategy: 'hash',
      auth_team_dir: team,
      auth_strategy: 'team_cycle',
    });

    const overridden = await runCli(['pool', 'where', '--json'], { ...env, CAP_STRATEGY: 'round_robin', CAP_SOURCES: '["/env/x"]' });
    expect(overridden.json).toMatchObject({ sources: ['/env/x'], strategy: 'round_robin' });
    expect((overridden.json.origins as Record<string, unknown>).strategy).toEqual({ from: 'env', variable: 'CAP_STRATEGY' });
  });

  it('prints the picked path alone on a line, as cap does', async () => {
    const source = await runCli(['pool', 'pick', '--worker', 'coder-20260101-120000-1', '--base', 'coder'], {
      ...env,
      CAP_SOURCES: '/a,/b',
    });
    expect(source.stdout).toBe('/a\n');
    const auth = await runCli(['pool', 'pick-auth', '--worker', 'coder-20260101-120000-1', '--base', 'coder'], env);
    expect(auth.code).toBe(0);
    expect(auth.stdout).toMatch(new RegExp(`^${team}/acct-[123]\\.json\\n$`));
  });

  it('round_robin over processes picking at once: every source exactly as often, the counter exact', async () => {
    const sources = { ...env, CAP_SOURCES: '/s/0,/s/1,/s/2,/s/3' };
    const results = await raceWhileLocked(8, (index) => ['pool', 'pick', '--worker', `w-${index}`, '--json'], sources);
    expect(results.map((result) => result.code)).toEqual(Array(8).fill(0));
    const counts = new Map<string, number>();
    for (const result of results) counts.set(String(result.json.source), (counts.get(String(result.json.source)) ?? 0) + 1);
    expect([...counts.entries()].sort()).toEqual([
      ['/s/0', 2],
      ['/s/1', 2],
      ['/s/2', 2],
      ['/s/3', 2],
    ]);
    const listing = await runCli(['pool', 'list', '--json'], sources);
    expect(listing.json.source_counter).toBe(8);
  }, 60_000);

  it('balanced over processes picking at once: no file gets a second worker before every file has one', async () => {
    const results = await raceWhileLocked(6, (index) => ['pool', 'pick-auth', '--worker', `w-${index}`, '--json'], env);
    expect(results.map((result) => result.code)).toEqual(Array(6).fill(0));
    const listing = await runCli(['pool', 'list', '--json'], env);
    const files = listing.json.auth_files as { auth_path: string; live_assignments: number }[];
    expect(files.map((file) => [file.auth_path, file.live_assignments])).toEqual([
      [join(team, 'acct-1.json'), 2],
      [join(team, 'acct-2.json'), 2],
      [join(team, 'acct-3.json'), 2],
    ]);
  }, 60_000);

  it('a released worker frees its file for the next balanced pick', async () => {
    const first = await runCli(['pool', 'pick-auth', '--worker', 'w1', '--json'], env);
    await runCli(['pool', 'pick-auth', '--worker', 'w2', '--json'], env);
    await runCli(['pool', 'pick-auth', '--worker', 'w3', '--json'], env);
    const released = await runCli(['pool', 'release', '--worker', 'w1', '--json'], env);
    expect(released.json).toMatchObject({ released: true });
    const next = await runCli(['pool', 'pick-auth', '--worker', 'w4', '--json'], env);
    expect(next.json.auth_path).toBe(first.json.auth_path);
  });

  it('team_cycle: everybody gets the current auth until it is advanced; reset-state keeps the pointer', async () => {
    const cycle = { ...env, CAP_AUTH_STRATEGY: 'round_robin' };
    const picks = [];
    for (const worker of ['w1', 'w2']) picks.push((await runCli(['pool', 'pick-auth', '--worker', worker], cycle)).stdout.trim());
    expect(picks).toEqual([join(team, 'acct-1.json'), join(team, 'acct-1.json')]);
    expect((await runCli(['pool', 'auth-advance'], cycle)).stdout.trim()).toBe(join(team, 'acct-2.json'));
    const reset = await runCli(['pool', 'reset-state', '--json'], cycle);
    expect(reset.json).toMatchObject({ reset: true, released_assignments: 2 });
    expect((await runCli(['pool', 'auth-current'], cycle)).stdout.trim()).toBe(join(team, 'acct-2.json'));
  });

  describe('bad input: a clear error, exit 2, nothing changed', () => {
    it.each([
      ['an unknown CAP_STRATEGY', ['pool', 'pick', '--worker', 'w'], { CAP_STRATEGY: 'random' }, 'CONFIG_INVALID', 'CAP_STRATEGY'],
      [
        'an unknown CAP_AUTH_STRATEGY',
        ['pool', 'pick-auth', '--worker', 'w'],
        { CAP_AUTH_STRATEGY: 'most_used' },
        'CONFIG_INVALID',
        'CAP_AUTH_STRATEGY',
      ],
      [
        'a missing team folder',
        ['pool', 'pick-auth', '--worker', 'w'],
        { CAP_AUTH_TEAM_DIR: '/no/such/team' },
        'AUTH_TEAM_NOT_FOUND',
        '/no/such/team',
      ],
      ['a glob that matches nothing', ['pool', 'auth-current'], { CAP_AUTH_TEAM_GLOB: '*.yaml' }, 'AUTH_TEAM_EMPTY', '*.yaml'],
      ['no --worker', ['pool', 'pick-auth'], {}, 'INVALID_REQUEST', '--worker'],
      ['a blank --worker', ['pool', 'pick-auth', '--worker', ' '], {}, 'INVALID_REQUEST', '--worker'],
    ])('%s', async (_name, args, extra, code, named) => {
      const result = await runCli([...args, '--json'], { ...env, ...extra });
      expect(result.code).toBe(2);
      expect(result.json.error?.code).toBe(code);
      expect(`${result.json.error?.message} ${JSON.stringify(result.json.error?.details)}`).toContain(named);
      expect(existsSync(database())).toBe(false);
      const human = await runCli(args, { ...env, ...extra });
      expect(human.code).toBe(2);
      expect(human.stderr).toMatch(/next: /);
    });

    it('no team folder configured at all', async () => {
      delete env.CAP_AUTH_TEAM_DIR;
      const result = await runCli(['pool', 'pick-auth', '--worker', 'w', '--json'], env);
      expect(result.code).toBe(2);
      expect(result.json.error?.code).toBe('AUTH_TEAM_NOT_FOUND');
      expect(result.json.error?.details.example).toContain('CAP_AUTH_TEAM_DIR');
    });

    it('an unknown strategy in config.yaml names the line', async () => {
      writeFileSync(join(temp.home, 'config.yaml'), 'pool:\n  auth_strategy: most_used\n');
      const result = await runCli(['pool', 'where', '--json'], env);
      expect(result.code).toBe(2);
      expect(result.json.error?.code).toBe('CONFIG_INVALID');
      expect(result.json.error?.message).toContain(':2:');
    });
  });

  it('never puts an auth file’s content in output or in the database', async () => {
    const outputs: string[] = [];
    for (const strategy of ['balanced', 'team_cycle']) {
      const run = { ...env, CAP_AUTH_STRATEGY: strategy };
      for (const args of [
        ['pool', 'pick-auth', '--worker', `w-${strategy}`, '--base', 'coder'],
        ['pool', 'auth-current'],
        ['pool', 'auth-advance'],
        ['pool', 'list'],
        ['pool', 'where'],
        ['pool', 'release', '--worker', `w-${strategy}`],
      ]) {
        for (const json of [[], ['--json']]) {
          const result = await runCli([...args, ...json], run);
          expect(result.code).toBe(0);
          outputs.push(result.stdout, result.stderr);
        }
      }
    }
    await runCli(['pool', 'pick-auth', '--worker', 'kept'], env);
    expect(outputs.join('')).toContain('acct-1.json');
    expect(outputs.join('')).not.toContain(CANARY);
    expect(databaseBytes()).toContain('acct-');
    expect(databaseBytes()).not.toContain(CANARY);
  }, 60_000);
});

describe('cap (the compatibility bin)', () => {
  const CAP = fileURLToPath(new URL('../dist/cap.js', import.meta.url));
  const cap = (args: string[], runEnv: Record<string, string>) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      execFile(process.execPath, [CAP, ...args], { env: runEnv }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      });
    });

  it("takes cap's argv and prints a bare path per line, as cap does", async () => {
    const runEnv = { ...env, CAP_SOURCES: '/srv/a,/srv/b' };
    expect((await cap(['list'], runEnv)).stdout).toBe('/srv/a\n/srv/b\n');
    expect((await cap(['pick', '--worker', 'coder-20260101-120000-7', '--base', 'coder'], runEnv)).stdout).toBe('/srv/a\n');
    const auth = await cap(['pick-auth', '--worker', 'coder-20260101-120000-7', '--base', 'coder'], runEnv);
    expect(auth.stdout).toMatch(new RegExp(`^${team}/acct-[123]\\.json\\n$`));
    expect((await cap(['auth-current', '--team-dir', team], runEnv)).stdout).toBe(`${join(team, 'acct-1.json')}\n`);
    expect((await cap(['auth-advance', '--team-dir', team], runEnv)).stdout).toBe(`${join(team, 'acct-2.json')}\n`);
  });

  it('refuses what it does not do yet, and unknown commands, with exit 2', async () => {
    const status = await cap(['status', team], env);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('cap status is not available');
    expect((await cap(['frobnicate'], env)).code).toBe(2);
    expect((await cap(['pick'], env)).code).toBe(2);
  });
});
