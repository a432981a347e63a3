import type { AccountHomeLayout, ProviderRegistry } from '@agentpool/core';

/** The registered providers that can run on a pool account (those declaring `accountHome`), with their layouts. */
export function accountLayouts(registry: ProviderRegistry): Map<string, AccountHomeLayout> {
  const layouts = new Map<string, AccountHomeLayout>();
  for (const adapter of registry.list({ includeTestOnly: true })) if (adapter.accountHome) layouts.set(adapter.id, adapter.accountHome);
  return layouts;
}

/** The providers named to users as account providers: those with an account home that are not test-only. */
export function listedAccountProviders(registry: ProviderRegistry): string[] {
  return registry
    .list({ includeTestOnly: false })
    .filter((adapter) => adapter.accountHome)
    .map((adapter) => adapter.id);
}
