import { AgentPoolError } from '@agentpool/core';
import { isExhausted, type NormalisedUsageWindow } from './normalised-window.js';
import type { UsageSnapshot } from './usage-snapshot.js';

/** Whether a provider account may take work now, and if not, why and until when. */
export interface UsableVerdict {
  readonly usable: boolean;
  /** Why it is not usable; null when usable. */
  readonly reason: string | null;
  /**
   * The window that decides: when unusable, the low window that resets last (everything at or
   * below the buffer must reset before work can start); when usable, the one with the least left.
   */
  readonly bindingWindow: NormalisedUsageWindow | null;
  /** When the binding window resets (ISO), if unusable and known; null when usable or unknown. */
  readonly nextAvailableAt: string | null;
  readonly minRemainingPercent: number;
}

/** Fails with INVALID_REQUEST unless `value` is a percentage 0..100 (`policy.min_remaining_percent`). */
export function checkMinRemainingPercent(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new AgentPoolError('INVALID_REQUEST', `min_remaining_percent must be a number from 0 to 100, not ${JSON.stringify(value)}`, {
      details: { min_remaining_percent: String(value) },
      hint: 'agentpool guard --provider codex-cli --min-remaining 10',
    });
  }
  return value;
}

const leastLeft = (windows: readonly NormalisedUsageWindow[]): NormalisedUsageWindow =>
  windows.reduce((low, window) => (window.remainingPercent < low.remainingPercent ? window : low));

/**
 * The `usable` verdict against `policy.min_remaining_percent`: usable only when every window has
 * more than the buffer left. An exhausted window is never usable (even with a buffer of 0), and
 * an unknown or failed snapshot is never read as full. `nextAvailableAt` comes from the binding
 * window, not the earliest reset: a 5-hour window that resets in an hour does not help while the
 * weekly one is also spent.
 */
export function usableVerdict(snapshot: UsageSnapshot, minRemainingPercent: number): UsableVerdict {
  const min = checkMinRemainingPercent(minRemainingPercent);
  const verdict = (
    usable: boolean,
    reason: string | null,
    bindingWindow: NormalisedUsageWindow | null,
    nextAvailableAt: string | null,
  ) => ({
    usable,
    reason,
    bindingWindow,
    nextAvailableAt,
    minRemainingPercent: min,
  });
  if (snapshot.status === 'error' || snapshot.status === 'unknown')
    return verdict(false, snapshot.reason ?? `usage ${snapshot.status}`, null, null);
  if (snapshot.windows.length === 0) {
    return snapshot.noLimits && snapshot.status === 'ok'
      ? verdict(true, null, null, null)
      : verdict(false, snapshot.reason ?? 'no usage windows', null, null);
  }

  const low = snapshot.windows.filter((window) => isExhausted(window) || window.remainingPercent <= min);
  if (low.length > 0) {
    const unknownReset = low.find((window) => window.resetsAt === null);
    const binding =
      unknownReset ?? low.reduce((last, window) => (Date.parse(window.resetsAt!) > Date.parse(last.resetsAt!) ? window : last));
    const state = isExhausted(binding) ? 'is exhausted' : `has ${binding.remainingPercent} % left, at or below the ${min} % buffer`;
    return verdict(false, `${binding.name} (${binding.kind}) ${state}`, binding, binding.resetsAt);
  }
  const binding = leastLeft(snapshot.windows);
  if (snapshot.status === 'limit_reached') return verdict(false, snapshot.reason ?? 'the provider reports a reached limit', binding, null);
  return verdict(true, null, binding, null);
}

/** When this account can take work again: now's verdict's binding reset; null when usable now or when unknown. */
export function nextAvailableAt(snapshot: UsageSnapshot, minRemainingPercent: number): string | null {
  return usableVerdict(snapshot, minRemainingPercent).nextAvailableAt;
}
