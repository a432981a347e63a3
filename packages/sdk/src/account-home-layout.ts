import type { ProviderAdapter } from '@agentpool/core';

/** How a provider keeps one account in a home folder: the variable naming it, the login file, the configuration worth copying. */
export interface AccountHomeFiles {
  readonly homeVariable: string;
  readonly authFile: string;
  /** Files of a source home a private copy takes (configuration only: never sessions, logs or history). */
  readonly configFiles: readonly string[];
}

const KNOWN: Readonly<Record<string, AccountHomeFiles>> = {
  'codex-cli': { authFile: 'auth.json', homeVariable: 'CODEX_HOME', configFiles: ['config.toml'] },
  'claude-code': { authFile: '.credentials.json', homeVariable: 'CLAUDE_CONFIG_DIR', configFiles: ['settings.json'] },
};

/** The fake agents keep their login and conversations in `FAKE_AGENT_HOME` (tests run rotation against them). */
const FAKE: AccountHomeFiles = { authFile: 'auth.json', homeVariable: 'FAKE_AGENT_HOME', configFiles: [] };

/** The providers whose accounts agentpool can read and rotate. */
export const ACCOUNT_HOME_PROVIDERS = Object.keys(KNOWN);

/** The account home layout of a provider, or null when it has none agentpool knows. */
export function accountHomeFiles(adapter: ProviderAdapter): AccountHomeFiles | null {
  const known = KNOWN[adapter.id];
  if (known) return known;
  return adapter.testOnly && adapter.id.startsWith('fake-') ? FAKE : null;
}
