import { chmod, copyFile, constants as fsConstants, mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Backups kept per client and scope; older ones are removed when a new one is taken. */
export const BACKUPS_KEPT = 10;

/** `2025-01-31T09-14-07.123Z`: sorts by time, and is a valid file name everywhere. */
function stamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-');
}

/**
 * Copies `source` to `<folder>/<file name>.<time>.bak` (0600 in a 0700 folder: it holds whatever
 * the config holds) and keeps the newest BACKUPS_KEPT. Returns the backup's path.
 */
export async function backupConfigFile(source: string, folder: string, now: Date = new Date()): Promise<string> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const name = basename(source);
  let backup = join(folder, `${name}.${stamp(now)}.bak`);
  for (let attempt = 1; ; attempt++) {
    try {
      await copyFile(source, backup, fsConstants.COPYFILE_EXCL);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
      backup = join(folder, `${name}.${stamp(now)}-${attempt}.bak`);
    }
  }
  await chmod(backup, 0o600);
  await pruneBackups(folder, name);
  return backup;
}

async function pruneBackups(folder: string, name: string): Promise<void> {
  const ours = (await readdir(folder)).filter((entry) => entry.startsWith(`${name}.`) && entry.endsWith('.bak')).sort();
  for (const old of ours.slice(0, Math.max(0, ours.length - BACKUPS_KEPT))) await rm(join(folder, old), { force: true });
}
