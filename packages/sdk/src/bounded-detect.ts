import { boundedCall, type Installation, type ProviderAdapter, type ProviderContext } from '@agentpool/core';

/** The longest one adapter's `detect` may take before inventory reports it as timed out. */
export const DETECT_TIMEOUT_MS = 5_000;

/**
 * Runs `adapter.detect` with an AbortSignal in its context and gives up after `timeoutMs`,
 * rejecting with "detect timed out after 5 s" (the signal is aborted then).
 */
export function detectWithin(
  adapter: ProviderAdapter,
  context: ProviderContext,
  timeoutMs = DETECT_TIMEOUT_MS,
): Promise<Installation | null> {
  return boundedCall('detect', timeoutMs, (signal) => adapter.detect({ ...context, signal }));
}
