import type { AccountHomeLayout, ProviderAdapter } from '@agentpool/core';

/**
 * The configuration files a usage probe's throwaway home copies from the pool's source home, per
 * provider. Only these named files: the source (`pool.sources`, `~/.codex` by default) is not
 * necessarily a home of the probed provider, so the layout's skip list (which copies everything
 * else) would be unsafe here. Login file and home variable come from the adapter's `accountHome`.
 */
const PROBE_CONFIG_FILES: Readonly<Record<string, readonly string[]>> = {
  'codex-cli': ['config.toml'],
  'claude-code': ['settings.json'],
};

/** The providers whose accounts agentpool can read and rotate. */
export const ACCOUNT_HOME_PROVIDERS = Object.keys(PROBE_CONFIG_FILES);

/** How a usage probe builds an account's home: the adapter's layout plus the configuration files worth copying. */
export interface AccountHomeFiles extends AccountHomeLayout {
  readonly configFiles: readonly string[];
}

/** The probe home layout of a provider (from its `accountHome`), or null when it declares none. */
export function accountHomeFiles(adapter: ProviderAdapter): AccountHomeFiles | null {
  const layout = adapter.accountHome;
  return layout ? { ...layout, configFiles: PROBE_CONFIG_FILES[adapter.id] ?? [] } : null;
}
