import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { AccountHomeFiles } from './account-home-layout.js';

export interface RotationHomeRequest {
  /** agentpool's folder of worker homes (`$AGENTPOOL_HOME/homes`, 0700). */
  readonly homesDir: string;
  readonly layout: AccountHomeFiles;
  /** The new account's login, copied in 0600 under the layout's login file name. */
  readonly authFile: string;
  /** A source home whose configuration files are copied (never its sessions, logs or history). */
  readonly sourceHome: string | null;
  /** The conversation to carry: the old home and its files (absolute, inside it), copied to the same place. */
  readonly carry: { readonly fromHome: string; readonly files: readonly string[] };
}

/**
 * A private home (0700) for a worker moved to another account: the source's configuration, the new
 * login (0600), and the worker's conversation files from its old home at the same relative paths,
 * so the provider's resume finds them. A failure leaves nothing behind.
 */
export function makeRotationHome(request: RotationHomeRequest): string {
  mkdirSync(request.homesDir, { recursive: true, mode: 0o700 });
  chmodSync(request.homesDir, 0o700);
  const home = mkdtempSync(join(request.homesDir, 'rotated-'));
  try {
    chmodSync(home, 0o700);
    for (const file of request.layout.configFiles) {
      const from = request.sourceHome ? join(request.sourceHome, file) : null;
      if (from && existsSync(from)) copyFileSync(from, join(home, file));
    }
    const login = join(home, request.layout.authFile);
    copyFileSync(request.authFile, login);
    chmodSync(login, 0o600);
    for (const file of request.carry.files) {
      const inside = relative(request.carry.fromHome, file);
      if (inside.startsWith('..') || resolve(request.carry.fromHome, inside) !== resolve(file)) {
        throw new Error(`conversation file ${file} is not inside ${request.carry.fromHome}`);
      }
      const target = join(home, inside);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      copyFileSync(file, target);
      chmodSync(target, 0o600);
    }
    return home;
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}

/** Removes a worker home agentpool made (inside `homesDir`); any other folder is left alone. Returns whether it removed it. */
export function removeOwnedHome(homesDir: string, home: string): boolean {
  const root = resolve(homesDir) + sep;
  if (!resolve(home).startsWith(root)) return false;
  rmSync(home, { recursive: true, force: true });
  return true;
}
