import { constants } from 'node:fs';
import { access, lstat, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AgentPoolError } from '@agentpool/core';

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * A file-system failure on a client's config file as an error that names the file and the fix.
 * `doing` says what was attempted ("write", "lock", "read", "back up").
 */
export function configFileError(path: string, doing: string, error: unknown): AgentPoolError {
  if (AgentPoolError.isInstance(error)) return error;
  const code = errnoOf(error);
  if (code === 'ELOCKED') {
    return new AgentPoolError(
      'CLIENT_CONFIG_LOCKED',
      `${path} is locked by another process that is changing it (its lock is ${path}.lock). Nothing was changed.`,
      {
        details: { path },
        hint: 'run the same command again in a few seconds (a lock left by a crashed process counts as stale after 10 s)',
        cause: error,
      },
    );
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    const because = code === 'EROFS' ? 'it is on a read-only file system' : 'this user may not change it or its folder';
    return new AgentPoolError('CLIENT_CONFIG_NOT_WRITABLE', `Cannot ${doing} ${path}: ${because}. Nothing was changed.`, {
      details: { path, errno: code },
      hint: `ls -ld ${dirname(path)} ${path}   (make both writable, or print the config without --install and add it by hand)`,
      cause: error,
    });
  }
  if (code === 'EISDIR' || code === 'ENOTDIR') {
    return new AgentPoolError(
      'CLIENT_CONFIG_INVALID',
      `Cannot ${doing} ${path}: it, or a folder above it, is not what it should be (${code}). Nothing was changed.`,
      {
        details: { path, errno: code },
        hint: `ls -ld ${path}`,
        cause: error,
      },
    );
  }
  return new AgentPoolError('CLIENT_CONFIG_NOT_WRITABLE', `Cannot ${doing} ${path} (${code ?? String(error)}). Nothing was changed.`, {
    details: { path, ...(code ? { errno: code } : {}) },
    hint: `ls -ld ${dirname(path)} ${path}`,
    cause: error,
  });
}

/** The file to edit: a symbolic link is followed, so the link (a dotfiles checkout, say) stays a link. */
export async function resolveConfigTarget(path: string): Promise<string> {
  let isLink: boolean;
  try {
    isLink = (await lstat(path)).isSymbolicLink();
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return path;
    throw configFileError(path, 'read', error);
  }
  if (!isLink) return path;
  try {
    return await realpath(path);
  } catch (error) {
    // A link to a file not created yet: the file is created where the link points.
    if (errnoOf(error) === 'ENOENT') return resolve(dirname(path), await readlink(path));
    throw configFileError(path, 'read', error);
  }
}

/** The file's text, or null when it does not exist. */
export async function readConfigText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    throw configFileError(path, 'read', error);
  }
}

function readOnlyError(path: string, what: string, mode: number): AgentPoolError {
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return new AgentPoolError(
    'CLIENT_CONFIG_NOT_WRITABLE',
    `${path} is ${what} (mode ${octal}), so agentpool leaves it alone. Nothing was changed.`,
    {
      details: { path, mode: octal },
      hint: `chmod u+w ${path}   (if you mean to let agentpool change it), then run the same command again`,
    },
  );
}

/**
 * Refuses a file or folder marked read-only. The mode bits are read as the user's intent, even
 * for root (whom the kernel would let through): agentpool writes through a temp file in the
 * folder and renames it, so both must be writable.
 */
export async function assertWritable(target: string, exists: boolean): Promise<void> {
  const folder = dirname(target);
  for (const [path, what, present] of [
    [folder, 'a read-only folder', true],
    [target, 'read-only', exists],
  ] as const) {
    if (!present) continue;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      throw configFileError(path, 'check', error);
    }
    if ((info.mode & 0o222) === 0) throw readOnlyError(path, what, info.mode);
    try {
      await access(path, constants.W_OK);
    } catch (error) {
      throw configFileError(path, 'write', error);
    }
  }
}
