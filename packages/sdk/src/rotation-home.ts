import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { AccountHomeLayout } from '@agentpool/core';
import { createPrivateWorkerHome, removePrivateWorkerHome } from '@agentpool/sessions';

export interface RotationHomeRequest {
  /** agentpool's folder of worker homes (`$AGENTPOOL_HOME/homes`, 0700). */
  readonly homesDir: string;
  /** The id the resumed session will get: the home is `<homes>/<id>`, removed when that session ends. */
  readonly sessionId: string;
  readonly layout: AccountHomeLayout;
  /** The new account (its label) and its login, copied in 0600 under the layout's login file name. */
  readonly account: string;
  readonly authFile: string;
  /**
   * The conversation to carry: the old home and its files (absolute, inside it), copied to the same
   * place. The old home is also the configuration source (its top-level entries the layout keeps):
   * the worker goes on with the configuration it ran with, from a home of its own provider.
   */
  readonly carry: { readonly fromHome: string; readonly files: readonly string[] };
}

/**
 * The private home of a worker moved to another account, made as a pooled spawn makes one
 * (createPrivateWorkerHome: 0700, the old home's configuration without per-run state, the new
 * login 0600) plus the worker's
 * conversation files from its old home at the same relative paths (0600), so the provider's resume
 * finds them. Called while the old worker still runs: a pooled worker's old home is removed when its
 * session ends. A failure leaves nothing behind.
 */
export function makeRotationHome(request: RotationHomeRequest): string {
  const home = createPrivateWorkerHome(request.homesDir, request.sessionId, request.layout, {
    label: request.account,
    sourceHome: request.carry.fromHome,
    authFile: request.authFile,
  });
  try {
    copyConversation(request.carry, home);
    return home;
  } catch (error) {
    removePrivateWorkerHome(request.homesDir, request.sessionId);
    throw error;
  }
}

/**
 * A second copy of the conversation, in a 0700 folder `<homes>/carried-<old session id>`, kept
 * while the worker is moved: if the resume does not start, the spawn's failure removes the new home
 * and a pooled worker's old home is already gone with its session, so this is what is left of it.
 * Removed once the resumed session runs. A failure leaves nothing behind.
 */
export function stageConversation(homesDir: string, oldSessionId: string, carry: RotationHomeRequest['carry']): string {
  const dir = join(homesDir, `carried-${oldSessionId}`);
  mkdirSync(dir, { mode: 0o700 });
  try {
    chmodSync(dir, 0o700);
    copyConversation(carry, dir);
    return dir;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Copies the conversation files (each inside the old home) to the same relative paths under `to`, 0600 in 0700 folders. */
function copyConversation(carry: RotationHomeRequest['carry'], to: string): void {
  for (const file of carry.files) {
    const inside = relative(carry.fromHome, file);
    if (inside === '' || inside.startsWith('..') || resolve(carry.fromHome, inside) !== resolve(file)) {
      throw new Error(`conversation file ${file} is not inside ${carry.fromHome}`);
    }
    const target = join(to, inside);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(file, target);
    chmodSync(target, 0o600);
  }
}

/**
 * Removes a worker home directly inside `homesDir` with the guard of removePrivateWorkerHome (real
 * path checked, a symlink left alone); any other folder is left alone. Returns whether it is gone.
 */
export function removeOwnedHome(homesDir: string, home: string): boolean {
  if (dirname(resolve(home)) !== resolve(homesDir) || resolve(home) === resolve(homesDir)) return false;
  const removal = removePrivateWorkerHome(homesDir, relative(resolve(homesDir), resolve(home)));
  return removal.status !== 'refused';
}
