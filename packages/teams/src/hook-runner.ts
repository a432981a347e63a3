import { spawn } from 'node:child_process';
import type { HookRun } from './team-hooks.js';

/** How long a hook may run before it is killed (Claude Code's default command-hook timeout). */
export const HOOK_TIMEOUT_MS = 60_000;
/** The most of a hook's stdout or stderr kept. */
const MAX_OUTPUT = 64 * 1024;

export type HookCommandRunner = (command: string, payload: Readonly<Record<string, unknown>>) => Promise<HookRun>;

/**
 * Runs a hook command through `/bin/sh -c` (it is a user's command line, as Claude Code runs its
 * command hooks) with the event's JSON on stdin; kills its whole process group after `timeoutMs`.
 */
export function runHookCommand(
  command: string,
  payload: Readonly<Record<string, unknown>>,
  options: { timeoutMs?: number; env?: Readonly<Record<string, string | undefined>>; cwd?: string } = {},
): Promise<HookRun> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), AGENTPOOL_HOOK_EVENT: String(payload.event ?? '') },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const keep = (sofar: string, chunk: Buffer) =>
      sofar.length >= MAX_OUTPUT ? sofar : (sofar + chunk.toString('utf8')).slice(0, MAX_OUTPUT);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = keep(stdout, chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = keep(stderr, chunk);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    }, options.timeoutMs ?? HOOK_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, stdout, stderr, timedOut, startError: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: timedOut ? null : code, stdout, stderr, timedOut });
    });
    // A hook that does not read its stdin must not fail the run: EPIPE is expected then.
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${JSON.stringify(payload)}\n`);
  });
}
