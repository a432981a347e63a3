import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * How many inotify watches this process holds (Linux): the `inotify wd:` lines of every inotify
 * descriptor in /proc/self/fdinfo. A directory watch that was never removed shows up here.
 */
export function inotifyWatchCount(pid: number | 'self' = 'self'): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    if (target !== 'anon_inode:inotify') continue;
    try {
      count += readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('inotify wd:')).length;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}
