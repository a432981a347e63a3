import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { writeFileAtomically } from './atomic-write.js';
import { backupConfigFile } from './config-backup.js';
import { configDiff } from './config-diff.js';
import { assertWritable, configFileError, readConfigText, resolveConfigTarget } from './config-file-access.js';

/** The new text for a config file given its current text (null: no file); null or the same text: nothing to write. */
export type ConfigTextEdit = (before: string | null) => string | null;

export interface ConfigFileUpdateOptions {
  /** Where backups of this file go (one folder per client and scope). */
  readonly backupDir: string;
  /** Compute and show the change; write nothing, take no lock, make no backup. */
  readonly dryRun?: boolean;
  /** How long to wait for another process's lock on the file before giving up; default 10 s. */
  readonly lockWaitMs?: number;
}

export interface ConfigFileUpdate {
  /** The file that was (or would be) written: the config path, or where its symbolic link points. */
  readonly path: string;
  readonly changed: boolean;
  /** The file did not exist and was (or would be) created. */
  readonly created: boolean;
  /** The copy of the previous file, when one was taken. */
  readonly backup: string | null;
  /** Unified diff of the change, secrets masked; empty when nothing changes. */
  readonly diff: string;
}

const LOCK_STALE_MS = 10_000;
const LOCK_RETRY_MS = 100;

async function acquireLock(target: string, waitMs: number): Promise<() => Promise<void>> {
  let compromised: Error | null = null;
  const release = await lockfile.lock(target, {
    realpath: false,
    stale: LOCK_STALE_MS,
    update: LOCK_STALE_MS / 4,
    retries: { retries: Math.max(0, Math.ceil(waitMs / LOCK_RETRY_MS)), factor: 1, minTimeout: LOCK_RETRY_MS, maxTimeout: LOCK_RETRY_MS },
    onCompromised: (error) => {
      compromised = error;
    },
  });
  return async () => {
    await release().catch(() => undefined);
    if (compromised) throw compromised;
  };
}

/**
 * Changes one config file the safe way: the change is computed from the current text; when there
 * is one, the file is locked (proper-lockfile, `<file>.lock`), read again and the change computed
 * again under the lock, refused if the file or folder is read-only, backed up, and replaced
 * atomically with its mode (and owner) kept. An edit that throws leaves the file as it was.
 */
export async function updateConfigFile(path: string, edit: ConfigTextEdit, options: ConfigFileUpdateOptions): Promise<ConfigFileUpdate> {
  const target = await resolveConfigTarget(path);
  const preview = await readConfigText(target);
  const previewAfter = edit(preview);
  const changes = (before: string | null, after: string | null) => after !== null && after !== before;
  if (options.dryRun || !changes(preview, previewAfter)) {
    return {
      path: target,
      changed: changes(preview, previewAfter),
      created: preview === null && changes(preview, previewAfter),
      backup: null,
      diff: changes(preview, previewAfter) ? configDiff(target, preview, previewAfter) : '',
    };
  }

  try {
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw configFileError(target, 'create the folder of', error);
  }
  // Before the lock: proper-lockfile retries every failure, so a read-only folder would cost the whole wait.
  await assertWritable(target, preview !== null);
  let release: () => Promise<void>;
  try {
    release = await acquireLock(target, options.lockWaitMs ?? LOCK_STALE_MS);
  } catch (error) {
    throw configFileError(target, 'lock', error);
  }
  let outcome: ConfigFileUpdate;
  try {
    const before = await readConfigText(target);
    const after = edit(before);
    if (after === null || !changes(before, after)) {
      outcome = { path: target, changed: false, created: false, backup: null, diff: '' };
    } else {
      await assertWritable(target, before !== null);
      const info = before === null ? null : await stat(target);
      let backup: string | null = null;
      if (before !== null) {
        try {
          backup = await backupConfigFile(target, options.backupDir);
        } catch (error) {
          throw configFileError(options.backupDir, 'back up into', error);
        }
      }
      try {
        await writeFileAtomically(target, after, {
          mode: info ? info.mode & 0o7777 : 0o600,
          ...(info ? { owner: { uid: info.uid, gid: info.gid } } : {}),
        });
      } catch (error) {
        throw configFileError(target, 'write', error);
      }
      outcome = { path: target, changed: true, created: before === null, backup, diff: configDiff(target, before, after) };
    }
  } finally {
    await release();
  }
  return outcome;
}
