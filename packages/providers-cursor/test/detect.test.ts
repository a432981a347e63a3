import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCursorProvider, cursorProvider } from '../src/index.js';

// No Cursor CLI installs here. Each test writes a STAND-IN: a tiny shell script named like the real
// binary that prints what `cursor-agent --version` prints (e.g. "2026.09.18-9a7762b", as reported by
// tools that run it), so detection is tested without the real CLI.
let dir: string;
let bin: string;
let home: string;

function standIn(name: string, script: string): string {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n# stand-in for the Cursor Agent CLI, not the real program\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

function context(extra: Partial<ProviderContext> = {}, env: Record<string, string> = {}): ProviderContext {
  return { env: { PATH: bin, HOME: home, ...env }, home: join(home, '.agentpool'), settings: {}, ...extra };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentpool-cursor-detect-'));
  bin = join(dir, 'bin');
  home = join(dir, 'home');
  mkdirSync(bin);
  mkdirSync(home);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cursor-cli detection (with a stand-in script for the CLI)', () => {
  it('finds nothing when neither cursor-agent nor agent is on PATH', async () => {
    expect(await cursorProvider.detect(context())).toBeNull();
  });

  it('finds the stand-in cursor-agent, reads its version, and prefers cursor-agent over agent', async () => {
    const path = standIn('cursor-agent', 'echo "2026.09.18-9a7762b"');
    standIn('agent', 'echo "not cursor"');
    const found = await cursorProvider.detect(context());
    expect(found?.binaryPath).toBe(path);
    expect(found?.version).toBe('2026.09.18-9a7762b');
  });

  it('falls back to the stand-in agent alias; config providers.cursor-cli.binary wins over both', async () => {
    const alias = standIn('agent', 'echo "v2026.04.17-479fd04"');
    expect((await cursorProvider.detect(context()))?.binaryPath).toBe(alias);
    expect((await cursorProvider.detect(context()))?.version).toBe('2026.04.17-479fd04');
    standIn('cursor-agent', 'echo "2026.09.18-9a7762b"');
    const configured = standIn('my-cursor', 'echo "2026.01.28-fd13201"');
    const found = await cursorProvider.detect(context({ settings: { binary: 'my-cursor' } }));
    expect(found?.binaryPath).toBe(configured);
    expect(found?.version).toBe('2026.01.28-fd13201');
  });

  it('does not take another program named agent for Cursor: only one whose --version reads like a Cursor build', async () => {
    standIn('agent', 'echo "agent 1.4.2"');
    expect(await cursorProvider.detect(context())).toBeNull();
    standIn('agent', 'exec sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await cursorProvider.detect(context({ signal: controller.signal }))).toBeNull();
    // Named in config, it is the user's word: taken whatever it prints.
    standIn('agent', 'echo "agent 1.4.2"');
    expect((await cursorProvider.detect(context({ settings: { binary: 'agent' } })))?.version).toBe('agent 1.4.2');
  });

  it('takes binary candidates from its settings', async () => {
    const path = standIn('cursor-nightly', 'echo "2026.09.26"');
    expect((await createCursorProvider({ binaryCandidates: ['cursor-nightly'] }).detect(context()))?.binaryPath).toBe(path);
  });

  it('bounds the version read by the caller’s AbortSignal: a hung --version gives no version, not a hang', async () => {
    standIn('cursor-agent', 'exec sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const found = await cursorProvider.detect(context({ signal: controller.signal }));
    expect(found?.version).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads the login from cursor-agent’s own files, never running it: ~/.config/cursor/auth.json', async () => {
    standIn('cursor-agent', 'echo "2026.09.18-9a7762b"');
    const linux = createCursorProvider({ platform: 'linux' });
    expect((await linux.detect(context()))?.auth).toMatchObject({ status: 'unauthenticated', confidence: 'local_cli' });
    mkdirSync(join(home, '.config', 'cursor'), { recursive: true });
    writeFileSync(join(home, '.config', 'cursor', 'auth.json'), '{"accessToken":"x","refreshToken":"y"}');
    const auth = (await linux.detect(context()))?.auth;
    expect(auth).toMatchObject({ status: 'authenticated', confidence: 'local_cli' });
    expect(auth?.reason).toContain('.config/cursor/auth.json');
    expect(auth?.reason).not.toContain('accessToken');
  });

  it('counts CURSOR_API_KEY, the XDG config home, an account’s CURSOR_CONFIG_DIR, and says unknown for the macOS Keychain', async () => {
    standIn('cursor-agent', 'echo "2026.09.18-9a7762b"');
    const linux = createCursorProvider({ platform: 'linux' });
    expect((await linux.detect(context({}, { CURSOR_API_KEY: 'k' })))?.auth).toMatchObject({
      status: 'authenticated',
      confidence: 'observed',
    });
    const xdg = join(dir, 'xdg');
    mkdirSync(join(xdg, 'cursor'), { recursive: true });
    writeFileSync(join(xdg, 'cursor', 'auth.json'), '{}');
    expect((await linux.detect(context({}, { XDG_CONFIG_HOME: xdg })))?.auth.status).toBe('authenticated');
    const account = join(dir, 'account');
    mkdirSync(account);
    expect((await linux.detect(context({ account: { id: 'work', home: account, env: {} } })))?.auth.status).toBe('unauthenticated');
    writeFileSync(join(account, 'auth.json'), '{}');
    expect((await linux.detect(context({ account: { id: 'work', home: account, env: {} } })))?.auth.status).toBe('authenticated');
    const mac = createCursorProvider({ platform: 'darwin' });
    expect((await mac.detect(context()))?.auth).toMatchObject({ status: 'unknown' });
  });
});
