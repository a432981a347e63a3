import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REAL_CLI_VERSIONS, realCliBinary, realCliDir, realClisRequired } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { droidProvider } from '../src/index.js';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});
function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ap-droid-detect-'));
  homes.push(dir);
  return dir;
}

const binary = realCliBinary('droid');
const run = binary || realClisRequired() ? it : it.skip;

describe(`droid-cli detect (${REAL_CLI_VERSIONS.droid.package}@${REAL_CLI_VERSIONS.droid.version}${binary ? '' : `: real CLI skipped, not installed in ${realCliDir()}`})`, () => {
  run('finds the real binary on PATH and reads its version, offline and quickly', async () => {
    expect(binary, `droid is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
    const started = Date.now();
    const found = await droidProvider.detect({
      env: { PATH: dirname(binary ?? ''), HOME: home() },
      home: '/nonexistent',
      settings: {},
      signal: AbortSignal.timeout(20_000),
    });
    expect(found?.binaryPath).toBe(binary);
    expect(found?.version).toBe(REAL_CLI_VERSIONS.droid.version);
    expect(found?.auth.status).toBe('unauthenticated');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  run('config providers.droid-cli.binary wins over PATH', async () => {
    const found = await droidProvider.detect({
      env: { PATH: '/nonexistent', HOME: home() },
      home: '/nonexistent',
      settings: { binary: binary ?? '' },
    });
    expect(found?.binaryPath).toBe(binary);
  });

  it('reads auth from its own local state: FACTORY_API_KEY, a stored login, airgap mode, else none', async () => {
    // A stand-in binary: detection reads only the files and environment here.
    const dir = home();
    const fake = join(dir, 'bin', 'droid');
    mkdirSync(dirname(fake));
    writeFileSync(fake, '#!/bin/sh\necho 0.225.2\n', { mode: 0o755 });
    const detect = (env: Record<string, string>, accountHome?: string) =>
      droidProvider.detect({
        env: { PATH: dirname(fake), HOME: join(dir, 'user'), ...env },
        home: '/nonexistent',
        settings: {},
        ...(accountHome ? { account: { id: 'work', home: accountHome, env: {} } } : {}),
      });
    expect((await detect({}))?.auth).toMatchObject({ status: 'unauthenticated', confidence: 'local_cli' });
    expect((await detect({ FACTORY_API_KEY: 'fk-x' }))?.auth).toMatchObject({ status: 'authenticated', confidence: 'observed' });
    expect((await detect({ FACTORY_AIRGAP_ENABLED: '1' }))?.auth).toMatchObject({ status: 'not_required' });
    mkdirSync(join(dir, 'account', '.factory'), { recursive: true });
    writeFileSync(join(dir, 'account', '.factory', 'auth.v2.file'), 'encrypted');
    const stored = await detect({}, join(dir, 'account'));
    expect(stored?.auth).toMatchObject({ status: 'authenticated', confidence: 'local_cli' });
    expect(stored?.auth.reason).toContain('auth.v2.file');
    expect(stored?.version).toBe('0.225.2');
  });
});
