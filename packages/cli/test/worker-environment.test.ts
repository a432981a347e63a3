import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome, waitUntil } from '@agentpool/test-utils';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
  // The workers run in the home folder itself.
  mkdirSync(temp.home, { recursive: true });
});
afterEach(async () => {
  const list = await runCli(['sessions', '--live', '--json'], temp.env);
  for (const session of (list.json.sessions as { id: string }[] | undefined) ?? []) await runCli(['terminate', session.id], temp.env);
  temp.cleanup();
});

/** The environment of the worker process of a session (the process carrying its id), read from /proc. */
function workerEnvironment(sessionId: string): Record<string, string> | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let environ: string;
    let cmdline: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const pairs = environ.split('\0').filter(Boolean);
    if (pairs.includes(`AGENTPOOL_SESSION_ID=${sessionId}`) && cmdline.includes('fake-agent')) {
      return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
    }
  }
  return null;
}

async function spawnIdle(env: Record<string, string>, extra: readonly string[] = ['--task', 'Wait for instructions.']): Promise<string> {
  const spawned = await runCli(['spawn', '--provider', 'fake-idle', '--repo', temp.home, ...extra, '--json'], env);
  expect(spawned.code).toBe(0);
  return String(spawned.json.session_id);
}

it('a worker gets the environment of the process that spawned it, not of the one that started the tmux server', async () => {
  const first = await spawnIdle({ ...temp.env, AGENTPOOL_TEST_FOO: 'first' });
  await waitUntil(() => workerEnvironment(first));
  const second = await spawnIdle({ ...temp.env, AGENTPOOL_TEST_FOO: 'second' });
  const env = await waitUntil(() => workerEnvironment(second));
  expect(env.AGENTPOOL_TEST_FOO).toBe('second');
  const none = await spawnIdle({ ...temp.env });
  expect((await waitUntil(() => workerEnvironment(none))).AGENTPOOL_TEST_FOO).toBeUndefined();
}, 60_000);

it('neither a provider key nor the task appears on any command line while the worker runs', async () => {
  const key = 'sk-ant-api03-processtable-secret-000000000000';
  const marker = 'ZEBRA-QUOKKA-7731';
  mkdirSync(temp.home, { recursive: true });
  writeFileSync(join(temp.home, 'config.yaml'), `providers:\n  fake-idle:\n    env:\n      ANTHROPIC_API_KEY: ${key}\n`);
  const id = await spawnIdle({ ...temp.env }, ['--task', `Find the ${marker} in the logs.`, '--initial-prompt-mode', 'arg']);
  const env = await waitUntil(() => workerEnvironment(id));
  expect(env.ANTHROPIC_API_KEY).toBe(key);
  const table = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  expect(table).not.toContain(key);
  // In prompt mode arg only the worker's own argv holds the task; tmux's and the pane shell's never do.
  const holders = table.split('\n').filter((line) => line.includes(marker));
  expect(holders.every((line) => line.includes('fake-agent') && !line.startsWith('tmux') && !line.includes('/bin/sh'))).toBe(true);
  const doctor = await runCli(['doctor', '--privacy', '--json'], temp.env);
  expect(JSON.stringify(doctor.json)).toContain('prompt mode arg');
}, 60_000);
