import { AgentPoolError } from '@agentpool/core';
import type { UsageSnapshot } from '@agentpool/usage';
import { currentSnapshot, currentVerdict } from './usage-summary.js';
import { relativeTime } from './usage-time.js';

export interface UsageGateOptions {
  readonly now: Date;
  readonly minRemainingPercent: number;
  /** `spawn --allow-low-usage` or `policy.allow_low_usage`: warn instead of refusing. */
  readonly allowLowUsage: boolean;
  /** `policy.never_allow_overage`: a window below 0 % remaining refuses even when low usage is allowed. */
  readonly neverAllowOverage?: boolean;
}

/**
 * The spawn gate, from the cached snapshot only (a spawn never probes): refuses with
 * USAGE_POLICY_BLOCKED a provider whose binding window is at or below the buffer or that reports a
 * reached limit, naming the window and its reset. Unknown usage (never probed, a failed probe)
 * does not block, nor does a window agentpool only estimated; each is returned as a warning.
 * Returns the warnings for the spawn result.
 */
export function checkUsageGate(providerId: string, snapshot: UsageSnapshot | null, options: UsageGateOptions): string[] {
  if (snapshot === null) return [];
  const current = currentSnapshot(snapshot, options.now);
  if (current.status === 'unknown' || current.status === 'error') {
    return [`${providerId}'s usage is ${current.status} (${current.reason ?? 'no reason'}); the spawn was not checked against its limits`];
  }
  let verdict = currentVerdict(snapshot, options.now, options.minRemainingPercent);
  if (verdict.usable) return [];
  // A window agentpool estimated (from local logs) is a guess, not the provider's figure: it warns,
  // never refuses; the provider's own windows still decide.
  // A limit the provider reported (no window exhausted) is not an estimate's doing.
  const reportedLimit = current.status === 'limit_reached' && !current.windows.some((entry) => entry.remainingPercent <= 0);
  if (verdict.bindingWindow?.confidence === 'estimated' && !reportedLimit) {
    const estimate = verdict.bindingWindow;
    const measured = { ...snapshot, windows: snapshot.windows.filter((entry) => entry.confidence !== 'estimated') };
    verdict = currentVerdict(measured, options.now, options.minRemainingPercent);
    if (verdict.usable || measured.windows.length === 0) {
      return [
        `${providerId}'s ${estimate.name} (${estimate.kind}) is estimated at ${estimate.remainingPercent} % left from local logs; an estimate never blocks a spawn.`,
      ];
    }
  }
  // A reported limit is named as such, not by a window that only an estimate fills.
  const window = reportedLimit && verdict.bindingWindow?.confidence === 'estimated' ? null : verdict.bindingWindow;
  const reset = verdict.nextAvailableAt;
  const resetText = reset ? `it resets at ${reset} (${relativeTime(reset, options.now)})` : 'its reset time is unknown';
  const message = window
    ? `${providerId}'s ${window.name} window (${window.kind}) ${
        window.remainingPercent <= 0
          ? 'is exhausted'
          : `has ${window.remainingPercent} % left, at or below the ${options.minRemainingPercent} % buffer`
      }; ${resetText}.`
    : `${providerId} reports a reached limit (${verdict.reason ?? 'no detail'}).`;
  const overage = options.neverAllowOverage === true ? current.windows.find((entry) => entry.remainingPercent < 0) : undefined;
  if (options.allowLowUsage && overage === undefined) return [`${message} Spawned anyway (low usage allowed).`];
  const overageText = overage
    ? ` ${overage.name} (${overage.kind}) is in overage (${overage.remainingPercent} % remaining) and policy.never_allow_overage is set, so low usage is not allowed.`
    : '';
  throw new AgentPoolError('USAGE_POLICY_BLOCKED', `Not spawning: ${message}${overageText}`, {
    details: {
      provider: providerId,
      window: window ? { name: window.name, kind: window.kind, remaining_percent: window.remainingPercent } : null,
      resets_at: reset,
      min_remaining_percent: options.minRemainingPercent,
      overage: overage ? { name: overage.name, kind: overage.kind, remaining_percent: overage.remainingPercent } : null,
      fetched_at: snapshot.fetchedAt,
    },
    hint: overage
      ? `agentpool usage-summary --provider ${providerId} --refresh   (or another provider)`
      : `agentpool usage-summary --provider ${providerId} --refresh   (or spawn --allow-low-usage, or another provider)`,
  });
}
