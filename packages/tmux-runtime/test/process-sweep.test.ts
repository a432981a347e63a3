import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { endMarkedProcesses, endProcesses, findMarkedProcesses, processAlive } from '../src/process-sweep.js';

/** Starts `script` under sh and reads the first line it prints. */
function start(script: string, env: Record<string, string> = {}) {
  const child = spawn('/bin/sh', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  const firstLine = new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
  return { child, firstLine };
}

describe('process sweep', () => {
  it('a zombie (exited, never reaped by its parent) is not alive, so ending processes does not wait for it', async () => {
    // `sleep 0.1` exits while its parent has become `sleep 5`, which never reaps it.
    const { child, firstLine } = start('sleep 0.1 & echo $!; exec sleep 5');
    const zombie = Number(await firstLine);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(processAlive(zombie)).toBe(false);
    expect(processAlive(child.pid ?? 0)).toBe(true);
    expect(await endProcesses([zombie], 10_000)).toEqual([]);
    child.kill('SIGKILL');
  });

  it('finds processes by the exact marker in their environment and ends them', async () => {
    const { child, firstLine } = start('echo ready; exec sleep 30', { AGENTPOOL_SESSION_ID: 'ses_sweeptest0001' });
    await firstLine;
    const found = findMarkedProcesses('AGENTPOOL_SESSION_ID', 'ses_sweeptest0001');
    expect(found).toContain(child.pid);
    expect(findMarkedProcesses('AGENTPOOL_SESSION_ID', 'ses_sweeptest000')).not.toContain(child.pid);
    expect(await endProcesses(found)).toEqual([]);
    expect(processAlive(child.pid ?? 0)).toBe(false);
  });

  it('ends what a marked process starts on its way out (an exit hook), not only what was running at the first look', async () => {
    const marker = { AGENTPOOL_SESSION_ID: 'ses_sweeptest0002' };
    // On TERM it starts one more marked process, detached, then exits: as a CLI runs its session-end hook.
    const { firstLine } = start("trap 'setsid sleep 30 >/dev/null 2>&1 & exit 0' TERM; echo ready; while :; do sleep 0.05; done", marker);
    await firstLine;
    expect(findMarkedProcesses('AGENTPOOL_SESSION_ID', marker.AGENTPOOL_SESSION_ID).length).toBeGreaterThan(0);
    expect(await endMarkedProcesses('AGENTPOOL_SESSION_ID', marker.AGENTPOOL_SESSION_ID)).toBeGreaterThan(1);
    expect(findMarkedProcesses('AGENTPOOL_SESSION_ID', marker.AGENTPOOL_SESSION_ID).filter(processAlive)).toEqual([]);
  });
});
