import { AgentPoolError, echoValue, type ModelInfo, type ProviderAdapter } from '@agentpool/core';
import type { AgentPool } from './agent-pool.js';

/** One provider's models as `agentpool models` shows them (snake_case, like every JSON key). */
export interface ModelCatalogView {
  readonly provider: string;
  readonly display_name: string;
  /** Whether agentpool can tell the CLI which model to run (`--model`). */
  readonly model_selection: boolean;
  /** Whether a name outside the catalog is passed on unchecked (the CLI takes any model). */
  readonly any_model: boolean;
  /** Whether the adapter lists a catalog at all (`models`). */
  readonly has_catalog: boolean;
  readonly models: readonly { readonly id: string; readonly display_name: string | null; readonly is_default: boolean }[];
  /** The model a spawn without `--model` runs: config `default_model`, else the catalog's default; null means the CLI's own choice. */
  readonly default_model: string | null;
  readonly default_model_source: 'config' | 'catalog' | null;
  /** Why the catalog could not be read (the adapter threw or took too long); null when it was. */
  readonly error: string | null;
  readonly warnings: readonly string[];
}

function catalogView(adapter: ProviderAdapter, catalog: readonly ModelInfo[], configured: string | undefined, error: string | null) {
  const catalogDefault = catalog.find((model) => model.isDefault)?.id ?? null;
  const warnings: string[] = [];
  const capabilities = adapter.capabilities;
  if (configured && !capabilities.modelSelection) {
    warnings.push(
      `providers.${adapter.id}.default_model is set, but ${adapter.id} does not let agentpool choose its model: every spawn is refused until it is removed`,
    );
  } else if (configured && catalog.length > 0 && !capabilities.anyModel && !catalog.some((model) => model.id === configured)) {
    warnings.push(
      `providers.${adapter.id}.default_model "${echoValue(configured, 60)}" is not in the catalog: a spawn without --model is refused`,
    );
  }
  return {
    provider: adapter.id,
    display_name: adapter.displayName,
    model_selection: capabilities.modelSelection,
    any_model: capabilities.anyModel === true,
    has_catalog: typeof adapter.models === 'function',
    models: catalog.map((model) => ({ id: model.id, display_name: model.displayName ?? null, is_default: model.isDefault === true })),
    default_model: configured ?? catalogDefault,
    default_model_source: configured ? ('config' as const) : catalogDefault ? ('catalog' as const) : null,
    error,
    warnings,
  } satisfies ModelCatalogView;
}

/** A provider's catalog, its default and whether it takes any model; a catalog that cannot be read is reported, not thrown. */
export async function providerModelCatalog(pool: AgentPool, adapter: ProviderAdapter): Promise<ModelCatalogView> {
  const configured = pool.providerContext(adapter.id).settings.defaultModel;
  if (typeof adapter.models !== 'function') return catalogView(adapter, [], configured, null);
  try {
    return catalogView(adapter, await pool.models(adapter.id), configured, null);
  } catch (error) {
    return catalogView(adapter, [], configured, error instanceof Error ? error.message : String(error));
  }
}

/** The provider's catalog ids; an adapter that throws something other than an AgentPoolError fails with ADAPTER_FAILED naming it. */
async function catalogIds(pool: AgentPool, adapter: ProviderAdapter): Promise<string[]> {
  try {
    return (await pool.models(adapter.id)).map((entry) => entry.id);
  } catch (error) {
    if (AgentPoolError.isInstance(error)) throw error;
    throw new AgentPoolError(
      'ADAPTER_FAILED',
      `${adapter.id} could not list its models: ${error instanceof Error ? error.message : String(error)}`,
      {
        details: { provider: adapter.id },
        hint: `agentpool setup ${adapter.id}`,
        cause: error,
      },
    );
  }
}

/** `agentpool models`: one provider (any, test-only included) or every registered one. */
export async function modelCatalogs(
  pool: AgentPool,
  options: { provider?: string | undefined; includeTestProviders?: boolean } = {},
): Promise<ModelCatalogView[]> {
  const registry = await pool.providers();
  const adapters =
    options.provider !== undefined
      ? [registry.require(options.provider)]
      : registry.list({ includeTestOnly: options.includeTestProviders === true });
  return Promise.all(adapters.map((adapter) => providerModelCatalog(pool, adapter)));
}

/** What `agentpool models validate` found: a model a spawn would accept, and how sure that is. */
export interface ModelValidation {
  readonly provider: string;
  readonly model: string;
  readonly valid: true;
  /** Whether the name was checked against a catalog (false: the provider passes any name on, or lists none). */
  readonly checked: boolean;
  readonly reason: string;
  /** The catalog's ids (empty when it has none). */
  readonly known: readonly string[];
}

/**
 * Checks a model name as a spawn would: refused (CAPABILITY_UNSUPPORTED) when the provider does not
 * let agentpool choose its model, refused (INVALID_REQUEST, listing the known ones) when it is not
 * in the catalog of a provider that does not take any model, passed through otherwise.
 */
export async function validateModel(pool: AgentPool, providerId: string, model: string): Promise<ModelValidation> {
  const adapter = (await pool.providers()).require(providerId);
  const shown = echoValue(model, 60);
  if (model.trim() === '') {
    throw new AgentPoolError('INVALID_REQUEST', 'No model given: the model name is empty.', {
      details: { provider: adapter.id },
      hint: `agentpool models --provider ${adapter.id}`,
    });
  }
  if (!adapter.capabilities.modelSelection) {
    throw new AgentPoolError('CAPABILITY_UNSUPPORTED', `${adapter.id} does not let agentpool choose its model; --model would be refused.`, {
      details: { provider: adapter.id, model: shown },
      hint: `agentpool spawn --provider ${adapter.id} --task "…"   (without --model)`,
    });
  }
  const base = { provider: adapter.id, model, valid: true as const };
  if (adapter.capabilities.anyModel) {
    // Any name passes: a catalog that cannot be read changes nothing here.
    const known = typeof adapter.models === 'function' ? await catalogIds(pool, adapter).catch(() => []) : [];
    return {
      ...base,
      checked: false,
      reason: `${adapter.id} takes any model name: it is passed through unchecked${known.includes(model) ? ' (it is also in the catalog)' : ''}`,
      known,
    };
  }
  if (typeof adapter.models !== 'function') {
    return { ...base, checked: false, reason: `${adapter.id} lists no model catalog: the name is passed to the CLI unchecked`, known: [] };
  }
  const known = await catalogIds(pool, adapter);
  if (!known.includes(model)) {
    throw new AgentPoolError('INVALID_REQUEST', `${adapter.id} has no model "${shown}"; it knows ${known.join(', ') || 'none'}.`, {
      details: { provider: adapter.id, model: shown, known },
      hint: `agentpool models --provider ${adapter.id}`,
    });
  }
  return { ...base, checked: true, reason: `${model} is in the ${adapter.id} catalog`, known };
}
