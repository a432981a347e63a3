import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
});
afterEach(() => temp.cleanup());

/** Node 20's recursive mkdir used to loop forever under /proc: every run here is bounded. */
const BOUND = { timeoutMs: 15_000 };

function withHome(home: string): Record<string, string> {
  return { ...temp.env, AGENTPOOL_HOME: home };
}

/** A read-only file system exists only inside a private mount namespace, so nothing outlives the test. */
function canMountReadOnly(): boolean {
  try {
    execFileSync('unshare', ['--mount', 'sh', '-c', 'mount -t tmpfs -o ro,size=64k tmpfs /mnt'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function onReadOnlyMount(dir: string): string[] {
  return ['unshare', '--mount', 'sh', '-c', 'mount -t tmpfs -o ro,size=64k tmpfs "$0" && exec "$@"', dir];
}

describe('an unusable home is a clear error, never a hang or raw errno text', () => {
  it.each(['/proc/agentpool-home', '/sys/kernel/agentpool-home', '/dev/agentpool-home'])(
    'refuses %s for init, sessions and doctor, exit 2',
    async (home) => {
      for (const command of [['init'], ['sessions'], ['doctor']]) {
        const result = await runCli([...command, '--json'], withHome(home), BOUND);
        expect({ command, timedOut: result.timedOut, code: result.code }).toEqual({ command, timedOut: false, code: 2 });
        expect(result.json.error?.code).toBe('INVALID_HOME');
        expect(result.json.error?.message).toContain(home);
        expect(String(result.json.error?.details.example)).toContain('AGENTPOOL_HOME=');
      }
      expect(existsSync(home)).toBe(false);
    },
    60_000,
  );

  it('refuses a home that is a file, and one under a file, naming the file; the file is left alone', async () => {
    mkdirSync(temp.home, { recursive: true });
    const file = join(temp.home, 'not-a-folder');
    writeFileSync(file, 'keep me\n');
    for (const [home, named] of [
      [file, file],
      [join(file, 'home'), file],
    ] as const) {
      for (const command of [['init'], ['sessions'], ['spawn', '--provider', 'fake-completed', '--task', 'Look around.']]) {
        const result = await runCli([...command, '--json'], withHome(home), BOUND);
        expect({ home, command, code: result.code, error: result.json.error?.code }).toEqual({
          home,
          command,
          code: 2,
          error: 'INVALID_HOME',
        });
        expect(result.json.error?.message).toContain(`${named} is a file`);
        expect(result.json.error?.message).not.toMatch(/ENOTDIR|EEXIST/);
      }
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it.skipIf(!canMountReadOnly())('a read-only home: init and sessions say so, doctor reports fail', async () => {
    const mount = join(temp.home, 'readonly');
    mkdirSync(mount, { recursive: true });
    for (const home of [mount, join(mount, 'nested', 'home')]) {
      const options = { ...BOUND, wrap: onReadOnlyMount(mount) };
      for (const command of [['init'], ['sessions']]) {
        const result = await runCli([...command, '--json'], withHome(home), options);
        expect({ home, command, code: result.code, error: result.json.error?.code }).toEqual({
          home,
          command,
          code: 1,
          error: 'HOME_NOT_WRITABLE',
        });
        expect(result.json.error?.message).toContain('read-only');
        expect(result.json.error?.message).not.toMatch(/ENOENT|EROFS:/);
      }
      const doctor = await runCli(['doctor', '--json'], withHome(home), options);
      expect(doctor.code).toBe(1);
      expect(doctor.json.ok).toBe(false);
      const check = (doctor.json.checks as { name: string; status: string; detail: string }[]).find((item) => item.name === 'home');
      expect(check?.status).toBe('fail');
      expect(check?.detail).toContain('read-only');
    }
  });
});
