import type { ChildProcess } from 'node:child_process';

/**
 * Ends a child started with `detached: true` and its whole process group (a CLI's own helpers
 * included): SIGTERM, then SIGKILL after `graceMs`. Resolves once the child itself exited. The group
 * is signalled even when the child already exited, since a helper it left may still hold its pipes.
 */
export function killChild(child: ChildProcess, graceMs = 1000): Promise<void> {
  if (child.pid === undefined) return Promise.resolve();
  const alreadyExited = child.exitCode !== null || child.signalCode !== null;
  const exited = alreadyExited ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  timer.unref();
  if (alreadyExited) return exited;
  return exited.finally(() => clearTimeout(timer));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    // The group is gone, or the child was not a group leader.
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}
