import { closeSync, openSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { type AccountHomeLayout, AgentPoolError } from '@agentpool/core';
import type { NewPoolAccount } from './pool-account.js';

/** Labels name accounts on command lines and in usage snapshots. */
export const ACCOUNT_LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Kernel and device trees: never a provider home or an auth file. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

export interface AccountRequest {
  readonly label?: string | undefined;
  readonly provider?: string | undefined;
  readonly pool?: string | undefined;
  readonly sourceHome?: string | undefined;
  readonly authFile?: string | undefined;
}

export interface AccountCheckOptions {
  /** The providers that can run on an account, with how each keeps one in a home. */
  readonly layouts: ReadonlyMap<string, AccountHomeLayout>;
  /** The providers an error names as valid (default: every key of `layouts`); test-only ones are left out. */
  readonly listed?: readonly string[] | undefined;
  /** Home folder `~` expands to. */
  readonly homeDir: string;
  /** Folder relative paths are resolved against. */
  readonly cwd: string;
}

const ADD_EXAMPLE = 'agentpool pool accounts add --provider codex-cli --label work --auth-file ~/auth-team/work.json';

function usage(message: string, details: Record<string, unknown>, hint = ADD_EXAMPLE): AgentPoolError {
  return new AgentPoolError('INVALID_REQUEST', message, { details, hint });
}

const underSystemTree = (path: string): string | undefined =>
  SYSTEM_TREES.find((tree) => path === tree || path.startsWith(`${tree}${sep}`));

/** The real path, or the given one when it does not exist (existence is checked by the caller). */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Checks an `accounts add` request and returns the account to store: a known label shape, a
 * provider that runs on accounts, a source home that is a folder outside /proc, /sys and /dev, an
 * auth file that is a readable regular file (opened, never read). Without an auth file the source
 * home must hold the provider's login file. Paths come back absolute. Usage errors change nothing.
 */
export function checkNewAccount(request: AccountRequest, options: AccountCheckOptions): NewPoolAccount {
  const label = request.label?.trim() ?? '';
  if (!ACCOUNT_LABEL_PATTERN.test(label)) {
    throw usage(
      `The account label "${label.slice(0, 70)}" is not valid: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.`,
      { label: label.slice(0, 70) },
    );
  }
  const provider = request.provider?.trim() ?? '';
  const layout = options.layouts.get(provider);
  const known = options.listed ?? [...options.layouts.keys()];
  if (!layout) {
    throw usage(`Unknown account provider "${provider.slice(0, 40)}"; accounts can be ${known.join(' or ')}.`, {
      provider: provider.slice(0, 40),
      valid: known,
    });
  }
  const absolute = (path: string): string => {
    const expanded = path === '~' ? options.homeDir : path.startsWith('~/') ? join(options.homeDir, path.slice(2)) : path;
    return isAbsolute(expanded) ? resolve(expanded) : resolve(options.cwd, expanded);
  };
  const sourceHome = request.sourceHome?.trim() ? absolute(request.sourceHome.trim()) : null;
  const authFile = request.authFile?.trim() ? absolute(request.authFile.trim()) : null;
  if (sourceHome === null && authFile === null) {
    throw usage('An account needs a source home (--home) or an auth file (--auth-file), or both.', { label });
  }
  for (const [option, path] of [
    ['--home', sourceHome],
    ['--auth-file', authFile],
  ] as const) {
    const tree = path && (underSystemTree(path) ?? underSystemTree(realOrSelf(path)));
    if (tree) {
      throw usage(`${option} ${path} is under ${tree}, which holds no provider home or login.`, { option, path, system_tree: tree });
    }
  }
  if (sourceHome !== null) {
    let isDir = false;
    try {
      isDir = statSync(sourceHome).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      throw usage(`The source home ${sourceHome} does not exist or is not a folder.`, { source_home: sourceHome });
    }
  }
  const login = authFile ?? join(sourceHome as string, layout.authFile);
  let problem: string | null = null;
  try {
    if (!statSync(login).isFile()) problem = 'is not a regular file';
    else closeSync(openSync(login, 'r'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be opened (${code ?? 'error'})`;
  }
  if (problem) {
    throw usage(
      authFile
        ? `The auth file ${login} ${problem}.`
        : `The source home ${sourceHome} has no readable ${layout.authFile} (it ${problem}); pass the account's login with --auth-file.`,
      { auth_file: login, problem },
      authFile
        ? ADD_EXAMPLE
        : `agentpool pool accounts add --provider ${provider} --label ${label} --home ${sourceHome} --auth-file <login file>`,
    );
  }
  const pool = request.pool?.trim() || provider;
  if (!ACCOUNT_LABEL_PATTERN.test(pool)) {
    throw usage(`The pool name "${pool.slice(0, 70)}" is not valid: use letters, digits, ".", "_" or "-".`, { pool: pool.slice(0, 70) });
  }
  return { label, provider, pool, sourceHome, authFile };
}
