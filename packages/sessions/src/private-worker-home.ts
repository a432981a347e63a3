import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AccountHomeLayout } from '@agentpool/core';
import { copiesHomeEntry } from './home-sync-filter.js';

/** What a worker's private home is made from: a pool account's source home and/or auth file. */
export interface WorkerHomeSource {
  /** The account's label: the session records it as its account. */
  readonly label: string;
  /** A provider home whose configuration is copied (never its per-run state); null: none. */
  readonly sourceHome: string | null;
  /** The login file copied in (0600); null: the source home's own login file. */
  readonly authFile: string | null;
}

/** The private home of a session: `<homes>/<session id>`. */
export function privateWorkerHomePath(homesDir: string, sessionId: string): string {
  return join(homesDir, sessionId);
}

/**
 * Makes a session's private provider home (0700, in a 0700 homes folder): the source home's top-level
 * entries the layout keeps (configuration; no sessions, logs, history, databases), and the account's
 * login copied in as the layout's login file, 0600. Regular files, folders and symlinks only. Fails if
 * the home exists; a failure leaves nothing behind.
 */
export function createPrivateWorkerHome(homesDir: string, sessionId: string, layout: AccountHomeLayout, source: WorkerHomeSource): string {
  mkdirSync(homesDir, { recursive: true, mode: 0o700 });
  chmodSync(homesDir, 0o700);
  const home = privateWorkerHomePath(homesDir, sessionId);
  mkdirSync(home, { mode: 0o700 });
  try {
    chmodSync(home, 0o700);
    if (source.sourceHome !== null) {
      for (const name of readdirSync(source.sourceHome)) {
        if (!copiesHomeEntry(layout, name)) continue;
        cpSync(join(source.sourceHome, name), join(home, name), {
          recursive: true,
          verbatimSymlinks: true,
          errorOnExist: true,
          filter: (path) => {
            const stat = lstatSync(path);
            return stat.isFile() || stat.isDirectory() || stat.isSymbolicLink();
          },
        });
      }
    }
    const login = source.authFile ?? (source.sourceHome === null ? null : join(source.sourceHome, layout.authFile));
    if (login === null) throw new Error(`account ${source.label} has neither an auth file nor a source home`);
    const target = join(home, layout.authFile);
    copyFileSync(login, target);
    chmodSync(target, 0o600);
    return home;
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}

export type WorkerHomeRemoval =
  | { readonly status: 'removed' | 'absent'; readonly path: string }
  | { readonly status: 'refused'; readonly path: string; readonly reason: string };

/**
 * Removes a session's private home, only when its real path is a folder directly inside the real
 * homes folder (a symlink swapped in for it, or a homes folder that moved, is left alone and reported).
 */
export function removePrivateWorkerHome(homesDir: string, sessionId: string): WorkerHomeRemoval {
  const path = privateWorkerHomePath(homesDir, sessionId);
  if (!existsSync(path) && !isLink(path)) return { status: 'absent', path };
  let real: string;
  let realHomes: string;
  try {
    real = realpathSync(path);
    realHomes = realpathSync(homesDir);
  } catch (error) {
    return { status: 'refused', path, reason: `cannot resolve it: ${(error as Error).message}` };
  }
  if (isLink(path) || dirname(real) !== realHomes || !lstatSync(real).isDirectory()) {
    return { status: 'refused', path, reason: `its real path ${real} is not a folder inside ${realHomes}` };
  }
  rmSync(real, { recursive: true, force: true });
  return { status: 'removed', path };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
