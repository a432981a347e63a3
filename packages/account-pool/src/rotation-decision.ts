/**
 * Whether a provider's workers should leave their current account, and for which one: a pure
 * function of what the probes said, so every rule (threshold, hysteresis, cooldown, failed probes,
 * checked headroom) is table-tested without a process, a file or a clock.
 */

/** What one probe of one account said about its binding window. */
export type ProbeReading =
  /** The probe answered with figures: `remainingPercent` of the binding window (0 is exhausted, never unknown). */
  | { readonly status: 'ok'; readonly at: number; readonly remainingPercent: number; readonly resetsAt: number | null }
  /** The probe failed, timed out, or answered without figures: nothing is known. */
  | { readonly status: 'unknown'; readonly at: number; readonly reason: string };

/** An account rotation could move to, with its latest probe. */
export interface RotationCandidate {
  readonly account: string;
  readonly reading: ProbeReading;
  /** Paused by the user (`pool pause`): never chosen. */
  readonly paused?: boolean | undefined;
}

export interface RotationPolicy {
  /** Rotate when the binding window's remaining percent is below this (e.g. 10, not only 0). */
  readonly thresholdPercent: number;
  /** An account is a target only above threshold + margin (hysteresis: no rotating back onto one just left). */
  readonly marginPercent: number;
  /** No second rotation within this long after the last one (ms). */
  readonly cooldownMs: number;
  /** How many successive answered probes must all be below the threshold (a single low reading between good ones is a flap). */
  readonly confirmations: number;
}

export interface RotationInput {
  readonly now: number;
  /** The account the workers run on now; null when none is marked yet (nothing to leave). */
  readonly current: string | null;
  /** The current account's probes, oldest first (failed ones included: they count for nothing). */
  readonly history: readonly ProbeReading[];
  /** The other accounts of the pool, each with its latest probe. */
  readonly candidates: readonly RotationCandidate[];
  /** When the last rotation of this provider happened (epoch ms), null when never. */
  readonly lastRotationAt: number | null;
  /**
   * A worker on the current account stopped with `limit_reached`: the account is spent whatever its
   * probe says, so no confirmation or cooldown is waited for.
   */
  readonly limitReached: boolean;
  readonly policy: RotationPolicy;
}

export type RotationDecision =
  | { readonly action: 'stay'; readonly reason: string }
  | {
      readonly action: 'rotate';
      readonly from: string | null;
      readonly to: string;
      /** The target's remaining percent, as checked. */
      readonly toRemainingPercent: number;
      readonly reason: string;
    }
  /** Rotation is due but no account has headroom: wait until `until` (the earliest known reset; null when none is known). */
  | { readonly action: 'wait'; readonly until: number | null; readonly reason: string };

const answered = (reading: ProbeReading): reading is Extract<ProbeReading, { status: 'ok' }> => reading.status === 'ok';

/** Why the current account must be left, or null when it may stay. */
function leaveReason(input: RotationInput): string | null {
  const { policy } = input;
  if (input.limitReached) return 'a worker on the account stopped at its usage limit';
  const latest = input.history.at(-1);
  // A failed probe alone never rotates: the latest word on the account must be an answer.
  if (!latest || !answered(latest)) return null;
  const recent = input.history.filter(answered).slice(-Math.max(1, policy.confirmations));
  if (recent.length < Math.max(1, policy.confirmations)) return null;
  if (!recent.every((reading) => reading.remainingPercent < policy.thresholdPercent)) return null;
  return `${latest.remainingPercent}% left, below the ${policy.thresholdPercent}% threshold in ${recent.length} successive probe(s)`;
}

/** Decides stay, rotate (to the account with the most checked headroom) or wait for a reset. Pure. */
export function decideRotation(input: RotationInput): RotationDecision {
  const { policy } = input;
  const latest = input.history.at(-1);
  if (input.current === null) return { action: 'stay', reason: 'no current account to leave' };
  const reason = leaveReason(input);
  if (reason === null) {
    if (latest && !answered(latest))
      return { action: 'stay', reason: `the latest probe failed (${latest.reason}); a failed probe never rotates` };
    return { action: 'stay', reason: 'the current account is above the threshold, or not confirmed below it' };
  }
  if (!input.limitReached && input.lastRotationAt !== null && input.now - input.lastRotationAt < policy.cooldownMs) {
    const until = input.lastRotationAt + policy.cooldownMs;
    return { action: 'stay', reason: `cooling down until ${new Date(until).toISOString()} after the last rotation` };
  }
  const floor = policy.thresholdPercent + policy.marginPercent;
  const eligible = input.candidates
    .filter((candidate) => candidate.account !== input.current && !candidate.paused)
    .flatMap((candidate) =>
      answered(candidate.reading) && candidate.reading.remainingPercent > floor
        ? [{ account: candidate.account, remaining: candidate.reading.remainingPercent }]
        : [],
    )
    // Most headroom first; ties by name, so the same probes always give the same choice.
    .sort((a, b) => b.remaining - a.remaining || a.account.localeCompare(b.account));
  const best = eligible[0];
  if (best) return { action: 'rotate', from: input.current, to: best.account, toRemainingPercent: best.remaining, reason };
  const resets = [latest, ...input.candidates.filter((candidate) => !candidate.paused).map((candidate) => candidate.reading)]
    .flatMap((reading) =>
      reading && answered(reading) && reading.resetsAt !== null && reading.resetsAt > input.now ? [reading.resetsAt] : [],
    )
    .sort((a, b) => a - b);
  return {
    action: 'wait',
    until: resets[0] ?? null,
    reason: `${reason}; no other account has more than ${floor}% left (checked)`,
  };
}
