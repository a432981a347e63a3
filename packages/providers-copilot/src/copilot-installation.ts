import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { findExecutable, type Installation, type ProviderContext, providerEnv } from '@agentpool/core';

/** How Copilot CLI is started: its own binary, or through GitHub CLI (`gh copilot -- …`). */
export interface CopilotBinary {
  readonly path: string;
  /** Arguments that come before Copilot's own (`['copilot', '--']` through gh). */
  readonly prefix: readonly string[];
}

const THROUGH_GH = ['copilot', '--'] as const;

function binaryAt(path: string): CopilotBinary {
  return { path, prefix: basename(path) === 'gh' ? THROUGH_GH : [] };
}

/**
 * The Copilot CLI to run: config `providers.copilot-cli.binary` when set (a path or a name on PATH;
 * `gh` means `gh copilot`), else the first of `candidates` on PATH, else `gh copilot` when GitHub
 * CLI has already downloaded Copilot CLI (gh 2.86+ keeps it in `<data home>/gh/copilot`; without it
 * `gh copilot` would offer to download, which is not for a worker to do).
 */
export function findCopilotBinary(context: ProviderContext, candidates: readonly string[]): CopilotBinary | null {
  const env = context.env;
  if (context.settings.binary) {
    const path = findExecutable(context.settings.binary, env);
    return path ? binaryAt(path) : null;
  }
  for (const name of candidates) {
    const path = findExecutable(name, env);
    if (path) return binaryAt(path);
  }
  const gh = findExecutable('gh', env);
  const dataHome = env.XDG_DATA_HOME ?? join(env.HOME ?? homedir(), '.local', 'share');
  return gh && existsSync(join(dataHome, 'gh', 'copilot')) ? { path: gh, prefix: THROUGH_GH } : null;
}

/** The folder Copilot keeps its state in: the account's home, `COPILOT_HOME`, else `~/.copilot`. */
export function copilotHome(context: ProviderContext): string {
  const env = providerEnv(context);
  return context.account?.home ?? env.COPILOT_HOME ?? join(env.HOME ?? homedir(), '.copilot');
}

/** `config.json` is JSON with `//` comment lines ("This file is managed automatically"). */
function readCommentedJson(path: string): Record<string, unknown> | null {
  try {
    const raw = readFileSync(path, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whether GitHub CLI holds a login for github.com (Copilot CLI uses `gh auth token` when it has no login of its own). */
function ghSignedIn(env: Readonly<Record<string, string | undefined>>): boolean {
  const dir = env.GH_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config'), 'gh');
  try {
    return /^\s+(oauth_token|user):/m.test(readFileSync(join(dir, 'hosts.yml'), 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Copilot's auth, in the order Copilot itself uses it, read from files and the environment only
 * (no network, nothing started): a token in `COPILOT_GITHUB_TOKEN` / `GH_TOKEN` / `GITHUB_TOKEN`;
 * a custom model provider (`COPILOT_PROVIDER_BASE_URL`), which needs no GitHub login; a `/login`
 * recorded in `config.json` (`logged_in_users`; the token itself sits in the system keychain, or in
 * that file where there is none); GitHub CLI's own login.
 */
export function copilotAuth(context: ProviderContext): Installation['auth'] {
  const env = providerEnv(context);
  const tokenVariable = ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'].find((name) => env[name]);
  if (tokenVariable) return { status: 'authenticated', confidence: 'observed', reason: `${tokenVariable} is set in the environment` };
  if (env.COPILOT_PROVIDER_BASE_URL) {
    return { status: 'not_required', confidence: 'observed', reason: 'COPILOT_PROVIDER_BASE_URL names a custom model provider' };
  }
  const file = join(copilotHome(context), 'config.json');
  const config = readCommentedJson(file);
  const users = Array.isArray(config?.logged_in_users) ? config.logged_in_users : [];
  if (users.length > 0 || config?.last_logged_in_user) {
    return { status: 'authenticated', confidence: 'local_cli', reason: `${file} records a /login` };
  }
  if (ghSignedIn(env)) {
    return { status: 'authenticated', confidence: 'estimated', reason: 'GitHub CLI is signed in; Copilot uses its token' };
  }
  return {
    status: 'unauthenticated',
    confidence: 'local_cli',
    reason: `no token in the environment, no /login in ${file}, no GitHub CLI login`,
  };
}
