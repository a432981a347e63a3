import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ProviderContext, providerEnv } from '@agentpool/core';

/**
 * Where cursor-agent may keep its login, most specific first: `CURSOR_CONFIG_DIR` (an account's home),
 * `$XDG_CONFIG_HOME/cursor/auth.json` (Linux default `~/.config/cursor/auth.json`), and
 * `~/.cursor/auth.json` (macOS with `AGENT_CLI_CREDENTIAL_STORE=file`; the default there is the Keychain).
 */
export function cursorAuthFiles(context: ProviderContext): string[] {
  const env = providerEnv(context);
  const home = env.HOME || homedir();
  const configDir = context.account?.home ?? env.CURSOR_CONFIG_DIR;
  if (configDir) return [join(configDir, 'auth.json')];
  return [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'cursor', 'auth.json'), join(home, '.cursor', 'auth.json')];
}
