import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ProviderContext, providerEnv } from '@agentpool/core';

/**
 * Where Devin keeps its login: `$XDG_DATA_HOME/devin/credentials.toml` (default
 * `~/.local/share/devin/credentials.toml`). An account's home is its XDG data home.
 */
export function devinCredentialsFile(context: ProviderContext): string {
  const env = providerEnv(context);
  const dataHome = context.account?.home ?? (env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'));
  return join(dataHome, 'devin', 'credentials.toml');
}

/**
 * The string values of `credentials.toml` (`key = "value"` lines; tables and other types are
 * passed over). Read in memory only: the values are secrets.
 */
export function tomlStrings(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(?:#.*)?$/.exec(line);
    if (!match?.[1]) continue;
    values[match[1]] = match[3] ?? (match[2] ?? '').replace(/\\(["\\])/g, '$1');
  }
  return values;
}
