import type { Installation, ProviderAdapter, ProviderContext } from '@agentpool/core';

/** The longest one adapter's `detect` may take before inventory reports it as timed out. */
export const DETECT_TIMEOUT_MS = 5_000;

/**
 * Runs `adapter.detect` but gives up after `timeoutMs`, rejecting with "detect timed out after 5 s".
 * The detect itself is not cancelled (ProviderContext has no AbortSignal yet); its result is ignored.
 */
export function detectWithin(
  adapter: ProviderAdapter,
  context: ProviderContext,
  timeoutMs = DETECT_TIMEOUT_MS,
): Promise<Installation | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`detect timed out after ${timeoutMs / 1000} s`)), timeoutMs);
  });
  return Promise.race([Promise.resolve().then(() => adapter.detect(context)), timeout]).finally(() => clearTimeout(timer));
}
