import {
  AgentPoolError,
  type CustomProviderConfig,
  createProviderRegistry,
  type ProviderAdapter,
  type ProviderRegistry,
} from '@agentpool/core';
import { createCustomProvider } from './custom-provider.js';
import { loadProviderPlugin } from './plugin-loader.js';

/** A config plugin that could not be loaded or registered; the other providers work without it. */
export interface PluginFailure {
  /** The plugin as config `plugins:` names it, or `custom_providers.<id>`. */
  readonly plugin: string;
  /** Always CONFIG_INVALID; its message names the plugin. */
  readonly error: AgentPoolError;
}

export interface LoadedProviders {
  readonly registry: ProviderRegistry;
  /** Which config plugin each plugin-provided adapter came from, by provider id. */
  readonly pluginOf: ReadonlyMap<string, string>;
  readonly pluginFailures: readonly PluginFailure[];
}

export interface ProviderSources {
  readonly builtIn: readonly ProviderAdapter[];
  /** Config `plugins:`, in order. */
  readonly plugins: readonly string[];
  /** Config `custom_providers:`, by id. */
  readonly custom?: Readonly<Record<string, CustomProviderConfig>> | undefined;
  /** The folder holding config.yaml: plugin paths and packages are found from there. */
  readonly configDir: string;
  /** Adapters the sdk caller passed to createAgentPool. */
  readonly extra: readonly ProviderAdapter[];
}

function asPluginFailure(plugin: string, error: unknown): PluginFailure {
  const failure = AgentPoolError.isInstance(error) ? error : null;
  if (failure?.code === 'CONFIG_INVALID') return { plugin, error: failure };
  const message = failure?.message ?? (error instanceof Error ? error.message : String(error));
  return {
    plugin,
    error: new AgentPoolError('CONFIG_INVALID', `Provider plugin "${plugin}": ${message}`, {
      details: { plugin, ...failure?.details },
      hint: failure?.hint ?? 'agentpool config validate',
      cause: error,
    }),
  };
}

/**
 * Registers the built-in adapters, then each config plugin in order, then config custom providers,
 * then the caller's. A plugin or custom provider that cannot be loaded, is malformed or reuses a
 * taken id is set aside with its error: it never takes the other providers down.
 */
export async function loadProviders(sources: ProviderSources): Promise<LoadedProviders> {
  const registry = createProviderRegistry(sources.builtIn);
  const registered: { adapter: ProviderAdapter; source: string }[] = sources.builtIn.map((adapter) => ({ adapter, source: 'built-in' }));
  const pluginOf = new Map<string, string>();
  const pluginFailures: PluginFailure[] = [];
  const loaded = await Promise.allSettled(sources.plugins.map((plugin) => loadProviderPlugin(plugin, sources.configDir)));
  sources.plugins.forEach((plugin, index) => {
    const outcome = loaded[index];
    if (outcome?.status === 'rejected') {
      pluginFailures.push(asPluginFailure(plugin, outcome.reason));
      return;
    }
    const source = `plugin ${plugin}`;
    try {
      // All of a plugin's adapters or none: a copy of the registry checks every id is free first.
      const adapters = outcome?.value ?? [];
      const probe = createProviderRegistry([]);
      for (const earlier of registered) probe.register(earlier.adapter, earlier.source);
      for (const adapter of adapters) probe.register(adapter, source);
      for (const adapter of adapters) {
        registry.register(adapter, source);
        registered.push({ adapter, source });
        pluginOf.set(adapter.id, plugin);
      }
    } catch (error) {
      pluginFailures.push(asPluginFailure(plugin, error));
    }
  });
  for (const [id, config] of Object.entries(sources.custom ?? {})) {
    const source = `custom_providers.${id}`;
    try {
      const adapter = createCustomProvider(id, config);
      registry.register(adapter, `config ${source}`);
      pluginOf.set(id, source);
    } catch (error) {
      pluginFailures.push(asPluginFailure(source, error));
    }
  }
  for (const adapter of sources.extra) registry.register(adapter, 'createAgentPool({ providers })');
  return { registry: withPluginFailures(registry, pluginFailures), pluginOf, pluginFailures };
}

/** The registry, whose "unknown provider" error also names the plugins that failed to load (one may have provided it). */
function withPluginFailures(registry: ProviderRegistry, failures: readonly PluginFailure[]): ProviderRegistry {
  if (failures.length === 0) return registry;
  return {
    ...registry,
    require(id) {
      try {
        return registry.require(id);
      } catch (error) {
        if (!AgentPoolError.isInstance(error) || error.code !== 'PROVIDER_NOT_FOUND') throw error;
        const plugins = failures.map((failure) => failure.plugin);
        throw new AgentPoolError('PROVIDER_NOT_FOUND', `${error.message} Provider plugin(s) that failed to load: ${plugins.join(', ')}.`, {
          details: { ...error.details, failed_plugins: plugins },
          hint: 'agentpool config validate',
          cause: error,
        });
      }
    },
  };
}
