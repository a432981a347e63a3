import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { processesWithEnv, realCliProcesses } from '../src/process-scan.js';
import { waitUntil } from '../src/wait.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('finds a program running from the real-CLI folder, and nothing once it ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ap-real-clis-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bin'));
  const program = join(dir, 'bin', 'agent');
  copyFileSync('/bin/sleep', program);
  const env = { AGENTPOOL_REAL_CLI_DIR: dir };
  expect(realCliProcesses(env)).toEqual([]);
  const child = spawn(program, ['30'], { env: { ...process.env, MARKER: dir, AGENTPOOL_TEST_RUN: 'run-1' }, stdio: 'ignore' });
  const running = await waitUntil(() => {
    const found = realCliProcesses(env);
    return found.length > 0 ? found : null;
  });
  expect(running).toEqual([{ pid: child.pid, command: `${program} 30` }]);
  expect(processesWithEnv('MARKER', dir)).toEqual([child.pid]);
  // Another run's processes (or anyone else's) are not this run's.
  expect(realCliProcesses(env, { runMarker: 'run-1' })).toEqual(running);
  expect(realCliProcesses(env, { runMarker: 'run-2' })).toEqual([]);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  expect(realCliProcesses(env)).toEqual([]);
});
