import { AgentPoolError, adapterShapeProblems, isAgentPoolPlugin, type ProviderAdapter } from '@agentpool/core';
import { resolvePluginSpecifier } from './plugin-resolution.js';

/** The exports a plugin may put its adapters in; each holds a definePlugin plugin, one adapter or an array of adapters. */
const ADAPTER_EXPORTS = ['default', 'plugin', 'provider', 'providers'] as const;

/**
 * Loads a third-party provider plugin: an npm package installed beside config.yaml, or a file path
 * (relative to the config folder). It exports a plugin made with `definePlugin` (as `default` or
 * `plugin`) or adapters as `default`, `provider` or `providers`, and every adapter it exports must be a complete ProviderAdapterV1: a malformed one is
 * an error naming the plugin, the export and the field, never silently skipped.
 */
export async function loadProviderPlugin(specifier: string, configDir: string): Promise<ProviderAdapter[]> {
  const target = resolvePluginSpecifier(specifier, configDir);
  let module: Record<string, unknown>;
  try {
    module = (await import(target)) as Record<string, unknown>;
  } catch (error) {
    throw new AgentPoolError('CONFIG_INVALID', `Cannot load provider plugin "${specifier}": ${(error as Error).message}`, {
      details: { plugin: specifier, url: target },
      hint: /^[./]/.test(specifier)
        ? 'Check the path in config `plugins:` (relative to the config file).'
        : `Reinstall it beside config.yaml, or remove it from config \`plugins:\`.`,
      cause: error,
    });
  }
  const exported = ADAPTER_EXPORTS.flatMap((name) => {
    const value = module[name];
    if (value === undefined) return [];
    if (isAgentPoolPlugin(value)) {
      return value.providers.map((candidate, index) => ({ where: `${name}.providers[${index}]`, candidate: candidate as unknown }));
    }
    return (Array.isArray(value) ? value : [value]).map((candidate, index) => ({
      where: Array.isArray(value) ? `${name}[${index}]` : name,
      candidate: candidate as unknown,
    }));
  });
  // `export default plugin` beside `export const plugin` names the same adapters twice: count each once.
  const unique = exported.filter(({ candidate }, index) => exported.findIndex((entry) => entry.candidate === candidate) === index);
  if (unique.length === 0) {
    throw new AgentPoolError(
      'CONFIG_INVALID',
      `Provider plugin "${specifier}" exports no plugin or ProviderAdapterV1 (default, plugin, provider or providers).`,
      {
        details: { plugin: specifier, exports: Object.keys(module) },
        hint: 'Export `default definePlugin({ name, providers: [defineProvider({...})] })` from @agentpool/core (or a bare adapter as `provider`).',
      },
    );
  }
  return unique.map(({ where, candidate }) => {
    const problems = adapterShapeProblems(candidate);
    const first = problems[0];
    if (first) {
      const field = first.field || '(the export itself)';
      throw new AgentPoolError(
        'CONFIG_INVALID',
        `Provider plugin "${specifier}" export ${where}: ${first.field ? `${first.field} ` : ''}${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''}.`,
        {
          details: { plugin: specifier, export: where, field, problems },
          hint: 'Fix the adapter to match ProviderAdapterV1 (see @agentpool/core provider-adapter.ts), then: agentpool config validate',
        },
      );
    }
    return candidate as ProviderAdapter;
  });
}
