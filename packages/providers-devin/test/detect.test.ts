import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDevinProvider, devinProvider } from '../src/index.js';

// No Devin CLI installs here. Each test writes a STAND-IN: a tiny shell script named like the real
// binary that prints what `devin --version` prints (`devin 3000.4.25 (…)`, as tools that run it
// report), so detection is tested without the real CLI.
let dir: string;
let bin: string;
let home: string;

function standIn(name: string, script: string): string {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n# stand-in for the Devin CLI, not the real program\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

function context(extra: Partial<ProviderContext> = {}, env: Record<string, string> = {}): ProviderContext {
  return { env: { PATH: bin, HOME: home, ...env }, home: join(home, '.agentpool'), settings: {}, ...extra };
}

function login(dataHome: string): void {
  mkdirSync(join(dataHome, 'devin'), { recursive: true });
  writeFileSync(join(dataHome, 'devin', 'credentials.toml'), 'api_key = "secret"\n');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentpool-devin-detect-'));
  bin = join(dir, 'bin');
  home = join(dir, 'home');
  mkdirSync(bin);
  mkdirSync(home);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('devin-cli detection (with a stand-in script for the CLI)', () => {
  it('finds nothing when devin is not on PATH', async () => {
    expect(await devinProvider.detect(context())).toBeNull();
  });

  it('finds the stand-in devin and reads its version', async () => {
    const path = standIn('devin', 'echo "devin 3000.10.21 (611c1cba)"');
    const found = await devinProvider.detect(context());
    expect(found?.binaryPath).toBe(path);
    expect(found?.version).toBe('3000.10.21');
  });

  it('config providers.devin-cli.binary wins; binary candidates come from its settings', async () => {
    standIn('devin', 'echo "devin 3000.10.21 (611c1cba)"');
    const configured = standIn('devin-beta', 'echo "devin 3000.11.1 (abc)"');
    const found = await devinProvider.detect(context({ settings: { binary: 'devin-beta' } }));
    expect(found?.binaryPath).toBe(configured);
    expect(found?.version).toBe('3000.11.1');
    expect((await createDevinProvider({ binaryCandidates: ['devin-beta'] }).detect(context()))?.binaryPath).toBe(configured);
  });

  it('bounds the version read by the caller’s AbortSignal: a hung --version gives no version, not a hang', async () => {
    standIn('devin', 'exec sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const found = await devinProvider.detect(context({ signal: controller.signal }));
    expect(found?.version).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads the login from Devin’s own credentials file, never running it: ~/.local/share/devin/credentials.toml', async () => {
    standIn('devin', 'echo "devin 3000.10.21 (611c1cba)"');
    expect((await devinProvider.detect(context()))?.auth).toMatchObject({ status: 'unauthenticated', confidence: 'local_cli' });
    login(join(home, '.local', 'share'));
    const auth = (await devinProvider.detect(context()))?.auth;
    expect(auth).toMatchObject({ status: 'authenticated', confidence: 'local_cli' });
    expect(auth?.reason).toContain('.local/share/devin/credentials.toml');
    expect(auth?.reason).not.toContain('secret');
  });

  it('follows XDG_DATA_HOME and an account’s home; WINDSURF_API_KEY alone is unknown', async () => {
    standIn('devin', 'echo "devin 3000.10.21 (611c1cba)"');
    const xdg = join(dir, 'xdg');
    login(xdg);
    expect((await devinProvider.detect(context({}, { XDG_DATA_HOME: xdg })))?.auth.status).toBe('authenticated');
    const account = join(dir, 'account');
    mkdirSync(account);
    const withAccount = context({ account: { id: 'work', home: account, env: {} } });
    expect((await devinProvider.detect(withAccount))?.auth.status).toBe('unauthenticated');
    login(account);
    expect((await devinProvider.detect(withAccount))?.auth.status).toBe('authenticated');
    expect((await devinProvider.detect(context({}, { WINDSURF_API_KEY: 'k' })))?.auth).toMatchObject({ status: 'unknown' });
  });
});
