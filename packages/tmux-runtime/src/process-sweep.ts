import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes whose environment holds `name=value` exactly (the session marker every process of a
 * worker inherits, detached daemons included). Linux reads `/proc/<pid>/environ`, which the
 * owner and root may read; elsewhere nothing is found and only the pane's own processes end with it.
 */
export function findMarkedProcesses(name: string, value: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = Buffer.from(`${name}=${value}\0`);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue;
    }
    const at = environ.indexOf(needle);
    if (at === 0 || (at > 0 && environ[at - 1] === 0)) found.push(pid);
  }
  return found;
}

/**
 * Whether a process is running (one we may not signal counts). A signal 0 costs no tmux call and
 * almost no CPU; a zombie (exited, not yet reaped by its parent) is not running.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S …"; comm may hold spaces or parentheses, the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    // No /proc (or the process just went): trust the signal.
    return true;
  }
}

/** Sends TERM to each process, then KILL to those still running after `graceMs`. Returns the ones that had to be killed. */
export async function endProcesses(pids: readonly number[], graceMs = 2000): Promise<number[]> {
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone, or not ours to signal.
    }
  };
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  let left = pids.filter(processAlive);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = left.filter(processAlive);
  }
  for (const pid of left) signal(pid, 'SIGKILL');
  return left;
}

/** Sweeps after the first: a process the ended ones started while dying (an exit hook) is found by the next. */
const MAX_SWEEPS = 5;

/**
 * Ends every process marked `name=value`, again and again until none is left (at most five sweeps):
 * a CLI that is killed may start one more marked process on its way out, such as a session-end hook
 * or a respawned helper, after the first look. Returns how many processes were ended in all.
 */
export async function endMarkedProcesses(name: string, value: string, graceMs = 2000): Promise<number> {
  let ended = 0;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    const found = findMarkedProcesses(name, value).filter(processAlive);
    if (found.length === 0) break;
    await endProcesses(found, graceMs);
    ended += found.length;
  }
  return ended;
}
