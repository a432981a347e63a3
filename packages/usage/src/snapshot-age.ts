import { AgentPoolError } from '@agentpool/core';
import type { UsageSnapshot } from './usage-snapshot.js';

/** How old a cached snapshot is and whether it should be probed again. */
export interface SnapshotAge {
  /** Seconds since `fetchedAt` (0 when the snapshot claims a later time than now). */
  readonly ageSeconds: number;
  /** Older than `staleAfterSeconds`: shown as stale, still reported. */
  readonly stale: boolean;
  /** A window's reset time has passed since the snapshot was made, so its figure no longer holds. */
  readonly resetPassed: boolean;
  /** Auto refresh is on and the snapshot is older than `refreshAfterSeconds` or a reset has passed: re-probe before use. */
  readonly refreshDue: boolean;
}

export interface SnapshotAgeOptions {
  readonly now: Date;
  /** `policy.usage_stale_after_seconds`; default 1800. */
  readonly staleAfterSeconds?: number | undefined;
  /** `policy.usage_auto_refresh_after_seconds`; null (the default) never re-probes on its own. */
  readonly refreshAfterSeconds?: number | null | undefined;
}

function checkSeconds(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new AgentPoolError('INVALID_REQUEST', `${name} must be a number of seconds, 0 or more, not ${value}`, {
      details: { [name]: String(value) },
    });
  }
  return value;
}

/** Age and staleness of a snapshot at `now`. */
export function snapshotAge(snapshot: Pick<UsageSnapshot, 'fetchedAt' | 'windows'>, options: SnapshotAgeOptions): SnapshotAge {
  const staleAfter = checkSeconds('usage_stale_after_seconds', options.staleAfterSeconds ?? 1800);
  const refreshAfter =
    options.refreshAfterSeconds == null ? null : checkSeconds('usage_auto_refresh_after_seconds', options.refreshAfterSeconds);
  const now = options.now.getTime();
  const fetched = Date.parse(snapshot.fetchedAt);
  const ageSeconds = Math.max(0, Math.floor((now - fetched) / 1000));
  const resetPassed = snapshot.windows.some((window) => window.resetsAt !== null && Date.parse(window.resetsAt) <= now);
  return {
    ageSeconds,
    stale: ageSeconds > staleAfter,
    resetPassed,
    refreshDue: refreshAfter !== null && (ageSeconds >= refreshAfter || resetPassed),
  };
}
