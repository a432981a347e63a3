import type { UsageConfidence, UsageWindowKind } from '@agentpool/core';
import {
  compareConfidence,
  createSnapshot,
  type NormalisedUsageWindow,
  snapshotAge,
  type UsableVerdict,
  type UsageBackendChoice,
  type UsageSnapshot,
  type UsageSnapshotStatus,
  usableVerdict,
} from '@agentpool/usage';
import type { UsageBackendView } from './usage-backend-plan.js';

/** One usage window as `usage-summary --json` shows it. */
export interface UsageWindowView {
  readonly name: string;
  readonly kind: UsageWindowKind;
  readonly scope: string | null;
  readonly used_percent: number;
  /** May be below 0 where the provider reports overage; 0 is exhausted. */
  readonly remaining_percent: number;
  readonly resets_at: string | null;
  /** The reset time has passed since the figure was read: it no longer holds and does not decide `usable`. */
  readonly reset_passed: boolean;
  readonly source: string;
  readonly confidence: UsageConfidence;
  readonly observed_at: string;
  /** Every source that reported this window, the kept one first (a merged-away reading with its own figure). */
  readonly provenance: readonly UsageProvenanceView[];
  readonly used?: number;
  readonly limit?: number;
  readonly unit?: string;
}

/** One reading of a window: its source, how sure, when, and its figure when it differs from the kept one. */
export interface UsageProvenanceView {
  readonly source: string;
  readonly confidence: UsageConfidence;
  readonly observed_at: string;
  readonly used_percent?: number;
}

/** One provider's row in `usage-summary`. */
export interface UsageSummaryRow {
  readonly provider: string;
  readonly account_id: string | null;
  /** Every window that still holds is above `min_remaining_percent`, and nothing says the limit is reached. Unknown is never usable. */
  readonly usable: boolean;
  readonly status: UsageSnapshotStatus;
  /** Why it is not usable (or why the status is not `ok`); null when usable. */
  readonly reason: string | null;
  readonly windows: readonly UsageWindowView[];
  /** The window that decides (when unusable: the low one that resets last). */
  readonly binding_window: { readonly name: string; readonly kind: UsageWindowKind } | null;
  /** When the binding window resets, if unusable and known. */
  readonly next_available_at: string | null;
  /** The weakest confidence among the windows; `unknown` when there are none. */
  readonly confidence: UsageConfidence;
  /** When the probe answered; null when never probed. */
  readonly fetched_at: string | null;
  readonly age_seconds: number | null;
  /** Older than `policy.usage_stale_after_seconds`. */
  readonly stale: boolean;
  /** This refresh's probe ran out of time (the figures, if any, are older ones). */
  readonly late: boolean;
  readonly warnings: readonly string[];
}

export interface UsageSummary {
  readonly generated_at: string;
  readonly min_remaining_percent: number;
  /** Whether probes ran for this summary (else the cache was read). */
  readonly refreshed: boolean;
  /** Some probe did not answer within the refresh budget. */
  readonly partial: boolean;
  readonly late_providers: readonly string[];
  /** What the probes read: `native`, `codexbar`, `ccusage` or `combined`. */
  readonly backend: UsageBackendChoice;
  /** Every external usage backend: installed or not, and whether this summary ran it. */
  readonly backends: readonly UsageBackendView[];
  /** Keyed by provider id. */
  readonly providers: Readonly<Record<string, UsageSummaryRow>>;
}

export interface UsageViewOptions {
  readonly now: Date;
  readonly minRemainingPercent: number;
  readonly staleAfterSeconds: number;
  readonly late?: boolean;
}

const resetPassed = (window: NormalisedUsageWindow, now: Date): boolean =>
  window.resetsAt !== null && Date.parse(window.resetsAt) <= now.getTime();

/**
 * The snapshot as it stands at `now`: a window whose reset has passed no longer holds, so it is left
 * out of the verdict (a 5-hour window spent two resets ago does not block work now). When every
 * window has reset, the figures are unknown until the next probe.
 */
export function currentSnapshot(snapshot: UsageSnapshot, now: Date): UsageSnapshot {
  const holding = snapshot.windows.filter((window) => !resetPassed(window, now));
  if (holding.length === snapshot.windows.length) return snapshot;
  const status = snapshot.status === 'error' || snapshot.status === 'unknown' ? snapshot.status : undefined;
  return createSnapshot({
    ...snapshot,
    windows: holding,
    status: holding.length === 0 && status === undefined ? 'unknown' : status,
    reason:
      holding.length === 0 && status === undefined
        ? 'every window has reset since the last probe; refresh to read them again'
        : status
          ? snapshot.reason
          : null,
  });
}

export function windowView(window: NormalisedUsageWindow, now: Date): UsageWindowView {
  return {
    name: window.name,
    kind: window.kind,
    scope: window.scope,
    used_percent: window.usedPercent,
    remaining_percent: window.remainingPercent,
    resets_at: window.resetsAt,
    reset_passed: resetPassed(window, now),
    source: window.source,
    confidence: window.confidence,
    observed_at: window.observedAt,
    provenance: (window.provenance ?? []).map((entry) => ({
      source: entry.source,
      confidence: entry.confidence,
      observed_at: entry.observedAt,
      ...(entry.usedPercent !== undefined ? { used_percent: entry.usedPercent } : {}),
    })),
    ...(window.used !== undefined ? { used: window.used } : {}),
    ...(window.limit !== undefined ? { limit: window.limit } : {}),
    ...(window.unit !== undefined ? { unit: window.unit } : {}),
  };
}

/** The verdict for a snapshot as it stands now (windows that have reset left out). */
export function currentVerdict(snapshot: UsageSnapshot, now: Date, minRemainingPercent: number): UsableVerdict {
  return usableVerdict(currentSnapshot(snapshot, now), minRemainingPercent);
}

export function summaryRow(providerId: string, snapshot: UsageSnapshot | null, options: UsageViewOptions): UsageSummaryRow {
  if (snapshot === null) {
    return {
      provider: providerId,
      account_id: null,
      usable: false,
      status: 'unknown',
      reason: 'never probed; run agentpool usage-summary --refresh',
      windows: [],
      binding_window: null,
      next_available_at: null,
      confidence: 'unknown',
      fetched_at: null,
      age_seconds: null,
      stale: false,
      late: options.late ?? false,
      warnings: [],
    };
  }
  const current = currentSnapshot(snapshot, options.now);
  const verdict = usableVerdict(current, options.minRemainingPercent);
  const age = snapshotAge(snapshot, { now: options.now, staleAfterSeconds: options.staleAfterSeconds });
  const weakest = snapshot.windows.reduce<UsageConfidence | null>(
    (low, window) => (low === null || compareConfidence(window.confidence, low) < 0 ? window.confidence : low),
    null,
  );
  return {
    provider: providerId,
    account_id: snapshot.accountId,
    usable: verdict.usable,
    status: current.status,
    reason: verdict.reason ?? current.reason,
    windows: snapshot.windows.map((window) => windowView(window, options.now)),
    binding_window: verdict.bindingWindow ? { name: verdict.bindingWindow.name, kind: verdict.bindingWindow.kind } : null,
    next_available_at: verdict.nextAvailableAt,
    confidence: weakest ?? 'unknown',
    fetched_at: snapshot.fetchedAt,
    age_seconds: age.ageSeconds,
    stale: age.stale,
    late: options.late ?? false,
    warnings: snapshot.warnings,
  };
}
