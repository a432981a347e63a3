import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentPoolError } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConfigTextEdit, updateConfigFile } from '../src/config-file-update.js';

let root: string;
let config: string;
let backups: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'agentpool-mcp-config-'));
  config = join(root, 'client', 'config.json');
  backups = join(root, 'backups');
});
afterEach(() => {
  chmodSync(root, 0o700);
  if (existsSync(join(root, 'client'))) chmodSync(join(root, 'client'), 0o700);
  rmSync(root, { recursive: true, force: true });
});

const append =
  (line: string): ConfigTextEdit =>
  (before) =>
    `${before ?? ''}${line}\n`;
const unchanged: ConfigTextEdit = (before) => before;

function writeConfig(text: string, mode = 0o644): void {
  mkdirSync(join(root, 'client'), { recursive: true });
  writeFileSync(config, text, { mode });
  chmodSync(config, mode);
}

async function rejection(promise: Promise<unknown>): Promise<AgentPoolError> {
  try {
    await promise;
  } catch (error) {
    if (AgentPoolError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AgentPoolError');
}

describe('a config file is changed safely', () => {
  it('creates a missing file and its folder, readable by its owner only, with no backup', async () => {
    const result = await updateConfigFile(config, append('new'), { backupDir: backups });
    expect(result).toMatchObject({ path: config, changed: true, created: true, backup: null });
    expect(readFileSync(config, 'utf8')).toBe('new\n');
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(existsSync(backups)).toBe(false);
  });

  it('backs up the previous bytes before replacing them, and keeps the file’s mode', async () => {
    writeConfig('old\n', 0o644);
    const result = await updateConfigFile(config, append('more'), { backupDir: backups });
    expect(readFileSync(config, 'utf8')).toBe('old\nmore\n');
    expect(statSync(config).mode & 0o777).toBe(0o644);
    expect(result.backup).not.toBeNull();
    expect(readFileSync(result.backup!, 'utf8')).toBe('old\n');
    expect(statSync(result.backup!).mode & 0o777).toBe(0o600);
    expect(result.diff).toContain('+more');
    // No temp file is left beside the config.
    expect(readdirSync(join(root, 'client'))).toEqual(['config.json']);
  });

  it('keeps the newest ten backups', async () => {
    writeConfig('0\n');
    for (let index = 1; index <= 12; index++) await updateConfigFile(config, () => `${index}\n`, { backupDir: backups });
    const kept = readdirSync(backups).sort();
    expect(kept).toHaveLength(10);
    expect(readFileSync(join(backups, kept[kept.length - 1]!), 'utf8')).toBe('11\n');
  });

  it('writes where a symbolic link points, and the link stays a link', async () => {
    const real = join(root, 'dotfiles', 'config.json');
    mkdirSync(join(root, 'dotfiles'));
    writeFileSync(real, 'linked\n');
    mkdirSync(join(root, 'client'));
    symlinkSync(real, config);
    const result = await updateConfigFile(config, append('more'), { backupDir: backups });
    expect(result.path).toBe(real);
    expect(lstatSync(config).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('linked\nmore\n');
  });

  it('writes nothing, backs up nothing, when the edit changes nothing', async () => {
    writeConfig('same\n');
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(config, past, past);
    const result = await updateConfigFile(config, unchanged, { backupDir: backups });
    expect(result).toMatchObject({ changed: false, backup: null, diff: '' });
    expect(statSync(config).mtimeMs).toBe(past.getTime());
    expect(existsSync(backups)).toBe(false);
  });

  it('a dry run shows the diff and writes nothing, not even the folder', async () => {
    const result = await updateConfigFile(config, append('new'), { backupDir: backups, dryRun: true });
    expect(result).toMatchObject({ changed: true, created: true, backup: null });
    expect(result.diff).toContain('+new');
    expect(existsSync(join(root, 'client'))).toBe(false);
    expect(existsSync(backups)).toBe(false);
  });

  it('an edit that throws (a file that does not parse) leaves the file as it was and takes no backup', async () => {
    writeConfig('{ broken\n');
    const failing: ConfigTextEdit = () => {
      throw new AgentPoolError('CLIENT_CONFIG_INVALID', 'does not parse');
    };
    const error = await rejection(updateConfigFile(config, failing, { backupDir: backups }));
    expect(error.code).toBe('CLIENT_CONFIG_INVALID');
    expect(readFileSync(config, 'utf8')).toBe('{ broken\n');
    expect(existsSync(backups)).toBe(false);
  });
});

describe('read-only files and folders are refused, and nothing changes', () => {
  it('a read-only file: a clear error, the file as it was, the earlier backup intact', async () => {
    writeConfig('v1\n');
    const first = await updateConfigFile(config, () => 'v2\n', { backupDir: backups });
    chmodSync(config, 0o444);
    const error = await rejection(updateConfigFile(config, () => 'v3\n', { backupDir: backups }));
    expect(error.code).toBe('CLIENT_CONFIG_NOT_WRITABLE');
    expect(error.message).toContain(`${config} is read-only (mode 0444)`);
    expect(error.hint).toContain(`chmod u+w ${config}`);
    expect(readFileSync(config, 'utf8')).toBe('v2\n');
    expect(readdirSync(backups)).toHaveLength(1);
    expect(readFileSync(first.backup!, 'utf8')).toBe('v1\n');
  });

  it('a read-only folder: refused, since the file is replaced through a temp file beside it', async () => {
    writeConfig('v1\n');
    chmodSync(join(root, 'client'), 0o555);
    const error = await rejection(updateConfigFile(config, () => 'v2\n', { backupDir: backups }));
    expect(error.code).toBe('CLIENT_CONFIG_NOT_WRITABLE');
    expect(error.message).toContain('a read-only folder');
    expect(readFileSync(config, 'utf8')).toBe('v1\n');
    expect(readdirSync(join(root, 'client'))).toEqual(['config.json']);
  });
});

describe('the lock on a config file', () => {
  const lockfileModule = createRequire(import.meta.url).resolve('proper-lockfile');
  let holder: ChildProcess | null = null;
  afterEach(() => {
    holder?.kill('SIGKILL');
    holder = null;
  });

  /** Another process takes the lock on `file` and holds it until the returned function is called; resolves once it holds it. */
  function holdLock(file: string): Promise<() => Promise<void>> {
    const script = `const l = require(${JSON.stringify(lockfileModule)}); l.lock(${JSON.stringify(file)}, { realpath: false }).then((release) => { process.stdout.write('locked\\n'); process.stdin.on('data', () => {}); process.stdin.on('end', () => release().then(() => process.exit(0))); });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    holder = child;
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return new Promise((resolve, reject) => {
      child.stdout?.on('data', () =>
        resolve(async () => {
          child.stdin?.end();
          await exited;
        }),
      );
      child.on('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
    });
  }

  it('waits while another process holds it, then writes', async () => {
    writeConfig('v1\n');
    const release = await holdLock(config);
    let finished = false;
    const update = updateConfigFile(config, () => 'v2\n', { backupDir: backups, lockWaitMs: 10_000 }).finally(() => {
      finished = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(finished).toBe(false);
    expect(readFileSync(config, 'utf8')).toBe('v1\n');
    await release();
    await update;
    expect(readFileSync(config, 'utf8')).toBe('v2\n');
  });

  it('gives up with CLIENT_CONFIG_LOCKED when it stays held, and changes nothing', async () => {
    writeConfig('v1\n');
    await holdLock(config);
    const error = await rejection(updateConfigFile(config, () => 'v2\n', { backupDir: backups, lockWaitMs: 300 }));
    expect(error.code).toBe('CLIENT_CONFIG_LOCKED');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`${config}.lock`);
    expect(readFileSync(config, 'utf8')).toBe('v1\n');
    expect(existsSync(backups)).toBe(false);
  });

  it('takes over a lock left behind by a process that died', async () => {
    writeConfig('v1\n');
    mkdirSync(`${config}.lock`);
    const past = new Date(Date.now() - 60_000);
    utimesSync(`${config}.lock`, past, past);
    await updateConfigFile(config, () => 'v2\n', { backupDir: backups, lockWaitMs: 300 });
    expect(readFileSync(config, 'utf8')).toBe('v2\n');
    expect(existsSync(`${config}.lock`)).toBe(false);
  });
});
