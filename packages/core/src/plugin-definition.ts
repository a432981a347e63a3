import { adapterShapeProblems } from './adapter-shape.js';
import { AgentPoolError } from './errors.js';
import type { ProviderAdapterV1 } from './provider-adapter.js';

/** What a plugin package exports (as `default` or `plugin`): a name and the providers it adds. */
export interface AgentPoolPluginV1 {
  readonly specificationVersion: 'v1';
  readonly kind: 'agentpool-plugin';
  /** The plugin's name, for messages (usually its npm package name). */
  readonly name: string;
  readonly providers: readonly ProviderAdapterV1[];
}

function shapeError(where: string, adapter: unknown): AgentPoolError | null {
  const problems = adapterShapeProblems(adapter);
  const first = problems[0];
  if (!first) return null;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
  return new AgentPoolError('CONFIG_INVALID', `${where}: ${first.field ? `${first.field} ` : ''}${first.message}${more}.`, {
    details: { field: first.field, problems },
    hint: 'Fix the adapter to match ProviderAdapterV1 (@agentpool/core provider-adapter.ts); runProviderConformance checks the rest.',
  });
}

/**
 * Declares a provider adapter. Returns it unchanged, typed, after checking its shape at once: a
 * missing method or a bad capability throws CONFIG_INVALID when the plugin is imported, naming the
 * field, instead of surfacing later in a spawn.
 */
export function defineProvider<const Adapter extends ProviderAdapterV1>(adapter: Adapter): Adapter {
  const id = typeof (adapter as { id?: unknown })?.id === 'string' ? (adapter as { id: string }).id : '(no id)';
  const error = shapeError(`Provider "${id}"`, adapter);
  if (error) throw error;
  return adapter;
}

/** Declares a plugin: its name and at least one provider, each well formed, no id twice. */
export function definePlugin(plugin: { readonly name: string; readonly providers: readonly ProviderAdapterV1[] }): AgentPoolPluginV1 {
  if (typeof plugin?.name !== 'string' || plugin.name.trim() === '') {
    throw new AgentPoolError('CONFIG_INVALID', 'definePlugin needs a name (usually the npm package name).', {
      hint: "definePlugin({ name: 'my-agentpool-plugin', providers: [myProvider] })",
    });
  }
  if (!Array.isArray(plugin.providers) || plugin.providers.length === 0) {
    throw new AgentPoolError('CONFIG_INVALID', `Plugin "${plugin.name}" declares no providers.`, {
      hint: 'Pass at least one adapter made with defineProvider in `providers`.',
    });
  }
  const seen = new Set<string>();
  plugin.providers.forEach((adapter, index) => {
    const error = shapeError(`Plugin "${plugin.name}" providers[${index}]`, adapter);
    if (error) throw error;
    if (seen.has(adapter.id)) {
      throw new AgentPoolError('CONFIG_INVALID', `Plugin "${plugin.name}" declares provider "${adapter.id}" twice.`, {
        hint: 'Give each provider of a plugin its own id.',
      });
    }
    seen.add(adapter.id);
  });
  return { specificationVersion: 'v1', kind: 'agentpool-plugin', name: plugin.name, providers: [...plugin.providers] };
}

/** Whether a module export is a plugin made by definePlugin (rather than a bare adapter). */
export function isAgentPoolPlugin(value: unknown): value is AgentPoolPluginV1 {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'agentpool-plugin' &&
    Array.isArray((value as { providers?: unknown }).providers)
  );
}
