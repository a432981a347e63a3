import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of the file: the replaced file's, else 0600 (client configs hold other servers' keys). */
  readonly mode: number;
  /** Owner to keep when root rewrites another user's file (`sudo agentpool …`). */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

/**
 * Writes `text` to `target` so that a reader sees the old file or the new one, never a part: a
 * temp file in the same folder, flushed to disk, then renamed over the target.
 */
export async function writeFileAtomically(target: string, text: string, options: AtomicWriteOptions): Promise<void> {
  const folder = dirname(target);
  const temp = join(folder, `.${basename(target)}.agentpool-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', options.mode);
  try {
    try {
      await handle.chmod(options.mode);
      if (options.owner && process.getuid?.() === 0) await handle.chown(options.owner.uid, options.owner.gid);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // The rename itself reaches the disk with the folder's entry; best effort, some file systems refuse.
  const directory = await open(folder, 'r').catch(() => null);
  await directory?.sync().catch(() => undefined);
  await directory?.close();
}
