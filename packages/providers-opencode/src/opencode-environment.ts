import { type ProviderContext, parseJsonObject } from '@agentpool/core';

/**
 * opencode takes per-process configuration from two environment variables, each merged over the
 * user's config files: `OPENCODE_CONFIG_CONTENT` (a whole config document, loaded after the global
 * and project files) and `OPENCODE_PERMISSION` (permission rules, applied last of all). agentpool
 * adds to whatever value the worker would inherit (the caller's, the provider's configured env, the
 * account's) instead of replacing it.
 */

/** The value a worker inherits for `name`: the account's, else the provider settings', else the caller's. */
export function inheritedVariable(context: ProviderContext, name: string): string | undefined {
  return context.account?.env[name] ?? context.settings.env?.[name] ?? context.env[name];
}

/**
 * `OPENCODE_CONFIG_CONTENT` with `pluginUrl` added to its `plugin` list, or null when the inherited
 * value is not a JSON object (it is then left alone: agentpool never breaks a user's own set-up).
 */
export function configContentWithPlugin(inherited: string | undefined, pluginUrl: string): string | null {
  const config = inherited === undefined || inherited.trim() === '' ? {} : parseJsonObject(inherited);
  if (!config) return null;
  const plugins = Array.isArray(config.plugin) ? config.plugin : [];
  return JSON.stringify({ ...config, plugin: [...plugins, pluginUrl] });
}

/**
 * Read-only as opencode enforces it: every edit tool denied (opencode then does not even offer
 * them to the model) and every shell command asked for, over any rules the worker inherits. The
 * caller answers each ask (agentpool reports `approval_prompt`); a command approved may still write.
 */
export const READ_ONLY_PERMISSION = { edit: 'deny', bash: 'ask' } as const;

/** `OPENCODE_PERMISSION` for a read-only worker: the inherited rules (when they are a JSON object) with edit and bash overridden. */
export function readOnlyPermission(inherited: string | undefined): string {
  const rules = (inherited && parseJsonObject(inherited)) || {};
  return JSON.stringify({ ...rules, ...READ_ONLY_PERMISSION });
}
