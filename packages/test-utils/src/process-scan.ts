import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { realCliDir } from './real-cli.js';

/** A running process, as /proc shows it. */
export interface ProcessEntry {
  readonly pid: number;
  readonly command: string;
}

/** Every process this user can read in /proc, with its command line (NULs as spaces). */
function allProcesses(): { pid: number; cmdline: string; exe: string | null }[] {
  const found: { pid: number; cmdline: string; exe: string | null }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      let exe: string | null = null;
      try {
        exe = readlinkSync(`/proc/${entry}/exe`);
      } catch {
        // Another user's process, or a zombie.
      }
      found.push({ pid: Number(entry), cmdline, exe });
    } catch {
      // Gone since the listing.
    }
  }
  return found;
}

/** Processes whose environment holds `name=value` (a worker's HOME, say), from /proc. */
export function processesWithEnv(name: string, value: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => hasEnv(pid, name, value));
}

/** Whether a process's environment holds `name=value` exactly. */
function hasEnv(pid: number, name: string, value: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${name}=${value}`);
  } catch {
    return false;
  }
}

/**
 * Processes running a program from the real-CLI folder (its binary, or node running its script):
 * what a test that drives a real CLI must leave behind when it ends — nothing. With `runMarker`,
 * only those whose environment carries `AGENTPOOL_TEST_RUN=<runMarker>` (started by that test run,
 * not by anyone else using the same folder on the machine).
 */
export function realCliProcesses(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { runMarker?: string } = {},
): ProcessEntry[] {
  const dir = realCliDir(env);
  const roots = new Set([dir]);
  try {
    roots.add(realpathSync(dir));
  } catch {
    // Not installed: nothing can run from it.
    return [];
  }
  const under = (path: string | null) => path !== null && [...roots].some((root) => path.startsWith(`${root}/`));
  return allProcesses()
    .filter((p) => p.pid !== process.pid && (under(p.exe) || p.cmdline.split(' ').some(under)))
    .filter((p) => options.runMarker === undefined || hasEnv(p.pid, 'AGENTPOOL_TEST_RUN', options.runMarker))
    .map((p) => ({ pid: p.pid, command: p.cmdline.slice(0, 200) }));
}
