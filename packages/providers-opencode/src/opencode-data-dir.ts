import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';

/**
 * opencode's data folder (its `auth.json`, sessions and logs): `<XDG_DATA_HOME>/opencode`. An
 * account's home is used as that account's `XDG_DATA_HOME`, so each account has its own credentials.
 */
export function opencodeDataDir(context: ProviderContext): string {
  const env = { ...context.env, ...context.settings.env, ...context.account?.env };
  const xdgData = context.account?.home ?? env.XDG_DATA_HOME ?? join(env.HOME ?? homedir(), '.local', 'share');
  return join(xdgData, 'opencode');
}
