import type { ProviderContext } from './provider-adapter.js';

/**
 * The environment a provider's CLI sees for `context`: agentpool's own, then the provider's
 * configured `env`, then the account's, each overriding the one before. Read it to tell whether a
 * credential variable (an API key, a config home) is set.
 */
export function providerEnv(context: ProviderContext): Readonly<Record<string, string | undefined>> {
  return { ...context.env, ...context.settings.env, ...context.account?.env };
}
