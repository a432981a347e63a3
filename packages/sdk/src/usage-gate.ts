import { AgentPoolError } from '@agentpool/core';
import type { UsageSnapshot } from '@agentpool/usage';
import { currentSnapshot, currentVerdict } from './usage-summary.js';
import { relativeTime } from './usage-time.js';

export interface UsageGateOptions {
  readonly now: Date;
  readonly minRemainingPercent: number;
  /** `spawn --allow-low-usage` or `policy.allow_low_usage`: warn instead of refusing. */
  readonly allowLowUsage: boolean;
}

/**
 * The spawn gate, from the cached snapshot only (a spawn never probes): refuses with
 * USAGE_POLICY_BLOCKED a provider whose binding window is at or below the buffer or that reports a
 * reached limit, naming the window and its reset. Unknown usage (never probed, a failed probe)
 * does not block; it is returned as a warning. Returns the warnings for the spawn result.
 */
export function checkUsageGate(providerId: string, snapshot: UsageSnapshot | null, options: UsageGateOptions): string[] {
  if (snapshot === null) return [];
  const current = currentSnapshot(snapshot, options.now);
  if (current.status === 'unknown' || current.status === 'error') {
    return [`${providerId}'s usage is ${current.status} (${current.reason ?? 'no reason'}); the spawn was not checked against its limits`];
  }
  const verdict = currentVerdict(snapshot, options.now, options.minRemainingPercent);
  if (verdict.usable) return [];
  const window = verdict.bindingWindow;
  const reset = verdict.nextAvailableAt;
  const resetText = reset ? `it resets at ${reset} (${relativeTime(reset, options.now)})` : 'its reset time is unknown';
  const message = window
    ? `${providerId}'s ${window.name} window (${window.kind}) ${
        window.remainingPercent <= 0
          ? 'is exhausted'
          : `has ${window.remainingPercent} % left, at or below the ${options.minRemainingPercent} % buffer`
      }; ${resetText}.`
    : `${providerId} reports a reached limit (${verdict.reason ?? 'no detail'}).`;
  if (options.allowLowUsage) return [`${message} Spawned anyway (low usage allowed).`];
  throw new AgentPoolError('USAGE_POLICY_BLOCKED', `Not spawning: ${message}`, {
    details: {
      provider: providerId,
      window: window ? { name: window.name, kind: window.kind, remaining_percent: window.remainingPercent } : null,
      resets_at: reset,
      min_remaining_percent: options.minRemainingPercent,
      fetched_at: snapshot.fetchedAt,
    },
    hint: `agentpool usage-summary --provider ${providerId} --refresh   (or spawn --allow-low-usage, or another provider)`,
  });
}
