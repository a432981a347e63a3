import type { AgentPoolConfig } from './config-schema.js';
import { echoValue } from './echo.js';
import { AgentPoolError } from './errors.js';
import type { ProviderAdapter, ProviderContext } from './provider-adapter.js';

/** The providers one agentpool instance knows: built-in ones and plugins, each by its id. */
export interface ProviderRegistry {
  /**
   * Adds an adapter. `source` says where it came from (`built-in`, `plugin ./my-plugin.mjs`); an id
   * that is already registered is refused (INVALID_REQUEST naming both sources), never replaced.
   */
  register(adapter: ProviderAdapter, source?: string): void;
  /** Throws PROVIDER_AUTO_REJECTED for `auto`, PROVIDER_NOT_FOUND (with the valid ids) for an unknown id. */
  require(id: string | undefined | null): ProviderAdapter;
  get(id: string): ProviderAdapter | undefined;
  /** Registered adapters; test-only ones (the fakes) only when asked for. */
  list(options?: { includeTestOnly?: boolean }): ProviderAdapter[];
}

function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(input.length / 3)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

export function createProviderRegistry(adapters: readonly ProviderAdapter[] = [], source = 'built-in'): ProviderRegistry {
  const byId = new Map<string, ProviderAdapter>();
  const sources = new Map<string, string>();
  const registry: ProviderRegistry = {
    register(adapter, from = 'the sdk caller') {
      if (adapter.specificationVersion !== 'v1') {
        throw new AgentPoolError(
          'INVALID_REQUEST',
          `Provider ${adapter.id} implements adapter spec ${String(adapter.specificationVersion)}; this agentpool supports v1.`,
          {
            details: { provider: adapter.id },
          },
        );
      }
      const registeredBy = sources.get(adapter.id);
      if (registeredBy !== undefined) {
        throw new AgentPoolError(
          'INVALID_REQUEST',
          `Two providers have the id "${adapter.id}": ${registeredBy} and ${from}. Provider ids must be unique; the first one stays.`,
          {
            details: { provider: adapter.id, registered_by: registeredBy, refused_from: from },
            hint: 'agentpool providers --include-test-providers --json   (then remove or rename the duplicate)',
          },
        );
      }
      byId.set(adapter.id, adapter);
      sources.set(adapter.id, from);
    },
    get(id) {
      return byId.get(id);
    },
    require(id) {
      const wanted = (id ?? '').trim();
      const ids = [...byId.keys()].sort();
      if (wanted === '' || wanted.toLowerCase() === 'auto') {
        throw new AgentPoolError(
          wanted === '' ? 'INVALID_REQUEST' : 'PROVIDER_AUTO_REJECTED',
          wanted === ''
            ? 'No provider given: agentpool never picks one for you.'
            : 'provider=auto is refused: agentpool is a control plane, not a router. Name the provider.',
          { details: { providers: ids }, hint: 'agentpool inventory   (then: agentpool spawn --provider <id> --task "…")' },
        );
      }
      const adapter = byId.get(wanted);
      if (adapter) return adapter;
      const suggestion = closest(wanted, ids);
      const shown = echoValue(wanted);
      // The message names the providers a person can use; details.providers has every id, test ones included.
      const usable = [...byId.values()].filter((adapter) => !adapter.testOnly).map((adapter) => adapter.id);
      const known = `Registered: ${usable.sort().join(', ') || 'none'}${ids.length > usable.length ? ` (and ${ids.length - usable.length} test providers)` : ''}.`;
      throw new AgentPoolError(
        'PROVIDER_NOT_FOUND',
        `Unknown provider "${shown}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} ${known}`,
        {
          details: { provider: shown, providers: ids, ...(suggestion ? { did_you_mean: suggestion } : {}) },
          hint: 'agentpool providers --json',
        },
      );
    },
    list(options = {}) {
      return [...byId.values()].filter((adapter) => options.includeTestOnly || !adapter.testOnly);
    },
  };
  for (const adapter of adapters) registry.register(adapter, source);
  return registry;
}

/** The context an adapter gets for one provider: the environment, the home and its `providers.<id>` settings. */
export function providerContextFor(
  config: AgentPoolConfig,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  providerId: string,
): ProviderContext {
  const settings = config.providers[providerId] ?? {};
  return {
    env,
    home,
    settings: { binary: settings.binary, defaultModel: settings.default_model, extraArgs: settings.extra_args, env: settings.env },
  };
}
