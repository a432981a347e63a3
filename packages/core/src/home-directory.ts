import { accessSync, constants, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AgentPoolError } from './errors.js';

/** Kernel file systems: never a home (Node 20's recursive mkdir loops forever under /proc). */
const FORBIDDEN_ROOTS = ['/proc', '/sys', '/dev'];

const HOME_HINT = 'export AGENTPOOL_HOME="$HOME/.agentpool"   (any folder you can write to)';

function under(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

/** The home or its nearest existing ancestor, and whether that is the home itself. */
function nearestExisting(home: string): { path: string; isHome: boolean; isDirectory: boolean } {
  let path = home;
  for (;;) {
    try {
      return { path, isHome: path === home, isDirectory: statSync(path).isDirectory() };
    } catch (error) {
      // ENOENT: look further up. ENOTDIR: a file is in the way higher up; the loop finds it.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw homeError(home, error);
      const parent = dirname(path);
      if (parent === path) return { path, isHome: false, isDirectory: true };
      path = parent;
    }
  }
}

/** An errno from checking or creating the home, as an error that names the home and the fix. */
export function homeError(home: string, error: unknown, at: string = home): AgentPoolError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const because =
    code === 'EROFS'
      ? `${at} is on a read-only file system`
      : code === 'EACCES' || code === 'EPERM'
        ? `${at} is not writable by this user`
        : code === 'ENOSPC' || code === 'EDQUOT'
          ? `the disk holding ${at} is full`
          : code === 'ENOTDIR' || code === 'EEXIST'
            ? `${at} is a file, not a folder`
            : `${at} cannot be used (${code ?? String(error)})`;
  const usage = code === 'ENOTDIR' || code === 'EEXIST';
  return new AgentPoolError(usage ? 'INVALID_HOME' : 'HOME_NOT_WRITABLE', `The agentpool home ${home} cannot be used: ${because}.`, {
    details: { home, path: at, ...(code ? { errno: code } : {}) },
    hint: HOME_HINT,
    cause: error,
  });
}

/**
 * What makes `home` unusable, or null. Looks only (stat, realpath, access), never creates: a
 * home under /proc, /sys or /dev; a home that is a file, or has a file where a parent folder should
 * be; and, with `writable`, a home (or, when it does not exist yet, its nearest existing parent)
 * this user cannot write to.
 */
export function findHomeProblem(home: string, options: { writable: boolean }): AgentPoolError | null {
  const absolute = resolve(home);
  const existing = nearestExisting(absolute);
  let real = existing.path;
  try {
    real = realpathSync.native(existing.path);
  } catch {
    // Unreadable path: the checks below name the problem.
  }
  const forbidden = FORBIDDEN_ROOTS.find((root) => under(absolute, root) || under(real, root));
  if (forbidden) {
    return new AgentPoolError(
      'INVALID_HOME',
      `The agentpool home ${absolute} is under ${forbidden}, a kernel file system; agentpool cannot keep its files there.`,
      { details: { home: absolute, under: forbidden }, hint: HOME_HINT },
    );
  }
  if (!existing.isDirectory) {
    return new AgentPoolError(
      'INVALID_HOME',
      existing.isHome
        ? `The agentpool home ${absolute} is a file, not a folder.`
        : `The agentpool home ${absolute} cannot be created: ${existing.path} is a file, not a folder.`,
      { details: { home: absolute, file: existing.path }, hint: HOME_HINT },
    );
  }
  if (options.writable) {
    try {
      accessSync(existing.path, constants.W_OK | constants.X_OK);
    } catch (error) {
      return homeError(absolute, error, existing.path);
    }
  }
  return null;
}

/** Checks the home (see findHomeProblem), then creates it (mode 0700) if it does not exist. */
export function ensureHomeDirectory(home: string): void {
  const problem = findHomeProblem(home, { writable: true });
  if (problem) throw problem;
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw homeError(resolve(home), error);
  }
}
