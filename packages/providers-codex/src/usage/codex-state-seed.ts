import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { killChild } from '@agentpool/usage';
import { codexNativeLaunch } from '../codex-native-launch.js';
import { APP_SERVER_PROBE_ARGS } from './codex-app-server-usage.js';

/**
 * Codex 0.169 creates five SQLite databases in a new home on start (state_5, logs_2, goals_1,
 * memories_1, queue_1) and migrates them: ~0.2 s of CPU, a third of what reading one account's
 * limits costs. Their files, with the write-ahead log (never the -shm index, rebuilt on open).
 */
const STATE_DATABASE = /^[a-z]+(?:_[a-z]+)*_\d+\.sqlite(?:-wal)?$/;

export interface CodexStateSeedOptions {
  /** The `codex` binary (the npm wrapper is skipped as for the app-server). */
  readonly binary: string;
  /** Where the empty databases are kept, one folder per Codex executable. */
  readonly cacheDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** For making them, the first time: a Codex that has not exited by then is killed. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

const making = new Map<string, Promise<void>>();

/** One folder per Codex executable (path, size, modification time): an upgrade makes its own. */
function seedKey(executable: string): string {
  const { size, mtimeMs } = statSync(executable);
  return createHash('sha256').update(`${executable}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 16);
}

function exited(child: ReturnType<typeof spawn>, timeoutMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (!ok) void killChild(child);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', () => done(false));
    child.once('exit', (code) => done(code === 0));
  });
}

/**
 * Starts `codex app-server` once in an empty home (no login, no configuration), lets it answer
 * `initialize` and exit at the end of its input, and keeps the databases it made: they hold the
 * schema and nothing of any account. Written to a staging folder and renamed into place, so a
 * concurrent reader sees all of them or none.
 */
async function makeSeed(folder: string, options: CodexStateSeedOptions): Promise<void> {
  mkdirSync(options.cacheDir, { recursive: true, mode: 0o700 });
  const scratch = mkdtempSync(join(options.cacheDir, '.making-'));
  try {
    const home = join(scratch, 'home');
    const staged = join(scratch, 'seed');
    mkdirSync(home);
    mkdirSync(staged);
    const launch = codexNativeLaunch(options.binary);
    const child = spawn(launch.command, [...APP_SERVER_PROBE_ARGS], {
      cwd: home,
      env: { ...options.env, ...launch.env, CODEX_HOME: home },
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { clientInfo: { name: 'agentpool', version: '0.0.0' }, capabilities: null } })}\n`,
    );
    if (!(await exited(child, options.timeoutMs ?? 10_000, options.signal))) throw new Error('codex app-server did not exit');
    const databases = readdirSync(home).filter((name) => STATE_DATABASE.test(name));
    if (!databases.some((name) => name.endsWith('.sqlite'))) throw new Error('codex app-server made no database');
    for (const name of databases) renameSync(join(home, name), join(staged, name));
    try {
      renameSync(staged, folder);
    } catch (error) {
      if (!existsSync(folder)) throw error; // another process made it first: theirs is as good
    }
    // Seeds of earlier Codex executables are not used again.
    for (const name of readdirSync(options.cacheDir)) {
      if (!name.startsWith('.') && join(options.cacheDir, name) !== folder) {
        rmSync(join(options.cacheDir, name), { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Copies Codex's empty state databases into `codexHome`, a home made for one usage read, so the
 * app-server starts without creating and migrating them. The first call for a Codex executable
 * makes them (one extra app-server start, concurrent calls share it). Returns false, having
 * changed nothing in the home, when they cannot be had: the read then runs on the bare home.
 */
export async function seedCodexState(codexHome: string, options: CodexStateSeedOptions): Promise<boolean> {
  let folder: string;
  try {
    // A database of the home's own must never get another's write-ahead log: only a home without any is seeded.
    if (readdirSync(codexHome).some((name) => name.includes('.sqlite'))) return false;
    folder = join(options.cacheDir, seedKey(codexNativeLaunch(options.binary).command));
    if (!existsSync(folder)) {
      let pending = making.get(folder);
      if (!pending) {
        pending = makeSeed(folder, options).finally(() => making.delete(folder));
        making.set(folder, pending);
      }
      await pending;
    }
  } catch {
    return false;
  }
  const copied: string[] = [];
  try {
    for (const name of readdirSync(folder)) {
      if (!STATE_DATABASE.test(name)) continue;
      copyFileSync(join(folder, name), join(codexHome, name));
      copied.push(name);
    }
    return copied.length > 0;
  } catch {
    for (const name of copied) rmSync(join(codexHome, name), { force: true });
    return false;
  }
}
