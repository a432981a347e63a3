// Reads Linux /proc: the process table (pid, parent, command line) and CPU time per process.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const CLOCK_TICKS = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10) || 100;

/**
 * CPU ticks of one process: its own (utime + stime) and those of its children it has reaped
 * (cutime + cstime). Null when the process is gone.
 */
export function readCpuTicks(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is in parentheses and may hold spaces; the numeric fields follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const [utime, stime, cutime, cstime] = [14, 15, 16, 17].map((n) => Number(fields[n - 3]));
  return { self: utime + stime, children: cutime + cstime };
}

/** Every process visible now: pid, parent pid and command-line arguments. */
export function readProcessTable() {
  const table = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      table.push({ pid: Number(entry), ppid, args });
    } catch {
      // Exited while we looked.
    }
  }
  return table;
}

/** Processes below `rootPid` (not including it). */
export function descendantsOf(rootPid, table = readProcessTable()) {
  const children = new Map();
  for (const proc of table) {
    if (!children.has(proc.ppid)) children.set(proc.ppid, []);
    children.get(proc.ppid).push(proc);
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * VmRSS, VmHWM (peak RSS), RssAnon (private memory) and RssFile (mapped files: mostly the node
 * binary, shared with every node process) of a process in KiB; null when it is gone or is not node
 * yet (the CLI starts through `env -S node …`).
 */
export function readMemory(pid) {
  let status;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  if (!/^Name:\s+node$/m.test(status)) return null;
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM'), anonKb: field('RssAnon'), fileKb: field('RssFile') };
}
