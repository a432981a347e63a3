import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ccusageBackend, codexbarBackend, locateBackend, probeWithBackend } from '../src/index.js';
// @ts-expect-error -- a plain ES module shared with capture.sh
import { writeClaudeLogTree } from './fixtures/ccusage/claude-log-tree.mjs';

const fakeCodexBar = fileURLToPath(new URL('fixtures/codexbar/fake-codexbar.mjs', import.meta.url));
// The real ccusage 20.0.24, a root devDependency.
const realCcusage = fileURLToPath(new URL('../../../node_modules/.bin/ccusage', import.meta.url));

let root: string;
let bin: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'usage-backend-'));
  bin = join(root, 'bin');
  mkdirSync(bin);
  mkdirSync(join(root, 'home'));
  // `codexbar` on PATH: CodexBar's CLI cannot run here, so a script printing its documented JSON stands in.
  writeFileSync(join(bin, 'codexbar'), `#!/bin/sh\nexec "${process.execPath}" "${fakeCodexBar}" "$@"\n`);
  chmodSync(join(bin, 'codexbar'), 0o755);
  env = {
    PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: join(root, 'home'),
    CLAUDE_CONFIG_DIR: join(root, 'claude'),
    FAKE_CODEXBAR_LOG: join(root, 'codexbar.log'),
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const runCodexBar = (mode: string, timeoutMs = 10_000) =>
  probeWithBackend({
    backend: codexbarBackend,
    path: join(bin, 'codexbar'),
    providerId: 'codex-cli',
    env: { ...env, FAKE_CODEXBAR_MODE: mode },
    timeoutMs,
  });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('locateBackend', () => {
  it('finds a backend on PATH, or says it is missing and how to install it', () => {
    expect(locateBackend(codexbarBackend, env)).toMatchObject({ installed: true, path: join(bin, 'codexbar') });
    const missing = locateBackend(codexbarBackend, { PATH: '/usr/bin:/bin' });
    expect(missing).toMatchObject({ installed: false, reason: 'codexbar is not on PATH' });
    expect(missing.installed === false && missing.installHint).toContain('brew install steipete/tap/codexbar');
  });

  it('uses the configured command, and names the config key when it is not there', () => {
    expect(locateBackend(codexbarBackend, { PATH: '' }, join(bin, 'codexbar'))).toMatchObject({ installed: true });
    expect(locateBackend(ccusageBackend, env, '/nowhere/ccusage')).toMatchObject({
      installed: false,
      reason: 'usage.backends.ccusage.command (/nowhere/ccusage) is not an executable file',
    });
  });
});

describe('probeWithBackend: codexbar (a stand-in printing its documented shape)', () => {
  it('asks CodexBar for its own provider name and reads its windows', async () => {
    const result = await runCodexBar('ok');
    expect(result.late).toBe(false);
    expect(result.snapshot.status).toBe('ok');
    expect(result.snapshot.windows.map((w) => [w.kind, w.usedPercent, w.source])).toEqual([
      ['5h', 28, 'codexbar'],
      ['weekly', 59, 'codexbar'],
    ]);
    const run = JSON.parse(readFileSync(env.FAKE_CODEXBAR_LOG as string, 'utf8'));
    expect(run.args).toEqual(['usage', '--provider', 'codex', '--format', 'json', '--json-only']);
  });

  it('garbage, a failed fetch and a crash are errors naming codexbar, with no window and no secret', async () => {
    const garbage = await runCodexBar('garbage');
    expect(garbage.snapshot).toMatchObject({ status: 'error', windows: [] });
    expect(garbage.snapshot.reason).toContain('codexbar: printed output that is not JSON');

    const failed = await runCodexBar('fail');
    expect(failed.snapshot.status).toBe('error');
    expect(failed.snapshot.reason).toMatch(/^codexbar: codex: not signed in .* \(code 1\) \(exited with code 1\)$/);
    expect(failed.snapshot.reason).not.toContain('abcdefghijklmnop');

    const crashed = await runCodexBar('crash');
    expect(crashed.snapshot.reason).toBe('codexbar: exited with code 3: CodexBarCLI: fatal error: could not load config');
  });

  it('one that hangs is stopped at its bound and reported late', async () => {
    const result = await runCodexBar('hang', 800);
    expect(result.late).toBe(true);
    expect(result.snapshot).toMatchObject({ status: 'error', reason: 'codexbar: did not answer within 0.8 s; it was stopped' });
    const { pid } = JSON.parse(readFileSync(env.FAKE_CODEXBAR_LOG as string, 'utf8'));
    expect(alive(pid)).toBe(false);
  });

  it('an executable that went away is an error, not a crash', async () => {
    const result = await probeWithBackend({
      backend: codexbarBackend,
      path: join(root, 'gone'),
      providerId: 'codex-cli',
      env,
      timeoutMs: 5000,
    });
    expect(result.snapshot).toMatchObject({ status: 'error', reason: expect.stringContaining('could not be started (ENOENT)') });
  });
});

describe('probeWithBackend: the real ccusage 20.0.24 on a generated Claude log tree', () => {
  it('reads the active block as an estimated 5h window against the largest earlier block', async () => {
    const now = Date.now();
    writeClaudeLogTree(env.CLAUDE_CONFIG_DIR, 'active', now);
    const result = await probeWithBackend({
      backend: ccusageBackend,
      path: realCcusage,
      providerId: 'claude-code',
      env,
      timeoutMs: 30_000,
    });
    expect(result.snapshot.status).toBe('ok');
    const window = result.snapshot.windows[0];
    expect(window).toMatchObject({ kind: '5h', used: 9000, limit: 30000, usedPercent: 30, confidence: 'estimated', source: 'ccusage' });
    // The block started at its first entry (2 h ago) floored to the hour and lasts 5 hours.
    const start = new Date(now - 2 * 3600_000);
    start.setUTCMinutes(0, 0, 0);
    expect(window?.resetsAt).toBe(new Date(start.getTime() + 5 * 3600_000).toISOString());
  }, 60_000);

  it('a Claude home ccusage cannot read is an error naming ccusage', async () => {
    const result = await probeWithBackend({
      backend: ccusageBackend,
      path: realCcusage,
      providerId: 'claude-code',
      env,
      timeoutMs: 30_000,
    });
    expect(result.snapshot.status).toBe('error');
    expect(result.snapshot.reason).toMatch(/^ccusage: exited with code 1: .*No valid Claude data directories/);
  }, 60_000);
});
