import {
  type AccountContext,
  AgentPoolError,
  boundedCall,
  type ModelInfo,
  type ProviderAdapter,
  type ProviderContext,
  type UsageReport,
} from '@agentpool/core';

/** How long a provider's model list may take. */
export const MODELS_TIMEOUT_MS = 10_000;
/** How long one usage probe may take before it counts as failed (retryable). */
export const USAGE_PROBE_TIMEOUT_MS = 25_000;

function unsupported(adapter: ProviderAdapter, what: string): AgentPoolError {
  return new AgentPoolError('CAPABILITY_UNSUPPORTED', `${adapter.id} cannot ${what}.`, {
    details: { provider: adapter.id },
    hint: 'agentpool providers --json',
  });
}

/** The provider's models, within a time bound (its AbortSignal fires when the bound runs out). */
export function listModels(adapter: ProviderAdapter, context: ProviderContext, timeoutMs = MODELS_TIMEOUT_MS): Promise<ModelInfo[]> {
  const models = adapter.models?.bind(adapter);
  if (!models) return Promise.reject(unsupported(adapter, 'list its models'));
  return boundedCall(`${adapter.id} models`, timeoutMs, (signal) => models({ ...context, signal }));
}

/**
 * One usage probe of a provider (for an account, when given), within a time bound. A probe that
 * throws or runs out of time fails with USAGE_PROBE_FAILED (retryable); it is never read as "no limits".
 */
export async function probeUsage(
  adapter: ProviderAdapter,
  context: ProviderContext,
  options: { account?: AccountContext; timeoutMs?: number } = {},
): Promise<UsageReport> {
  const probe = adapter.probeUsage?.bind(adapter);
  if (!probe) throw unsupported(adapter, 'report its usage limits');
  try {
    return await boundedCall(`${adapter.id} usage probe`, options.timeoutMs ?? USAGE_PROBE_TIMEOUT_MS, (signal) =>
      probe({ ...context, account: options.account, signal }),
    );
  } catch (error) {
    if (AgentPoolError.isInstance(error) && error.code !== 'ADAPTER_FAILED') throw error;
    throw new AgentPoolError('USAGE_PROBE_FAILED', `The usage probe of ${adapter.id} failed: ${(error as Error).message}`, {
      details: { provider: adapter.id, ...(options.account ? { account_id: options.account.id } : {}) },
      hint: `agentpool inventory --json   (is ${adapter.id} installed and signed in?)`,
      retryable: true,
      cause: error,
    });
  }
}
