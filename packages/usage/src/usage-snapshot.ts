import type { UsageReport } from '@agentpool/core';
import { isExhausted, type NormalisedUsageWindow, normaliseWindow, sortWindows } from './normalised-window.js';

/**
 * `ok`: windows were read and none is exhausted (or the plan has no limits); `limit_reached`: a
 * window is exhausted or the provider says a limit is reached; `unknown`: nothing could be read
 * (no source, unsupported plan); `error`: a probe failed (`reason` says why).
 */
export type UsageSnapshotStatus = 'ok' | 'limit_reached' | 'unknown' | 'error';

/** What is known about one provider account's usage at one moment. */
export interface UsageSnapshot {
  readonly providerId: string;
  /** The account, or null for the provider's default home. */
  readonly accountId: string | null;
  /** Sorted by kind (shortest first). */
  readonly windows: readonly NormalisedUsageWindow[];
  readonly status: UsageSnapshotStatus;
  /** Why the status is not `ok` (an error, "no windows reported"); null when `ok`. Never holds a secret. */
  readonly reason: string | null;
  /** The provider says this plan has no limits: no windows, yet usable. */
  readonly noLimits: boolean;
  /** ISO time the snapshot was made (the probe answered). */
  readonly fetchedAt: string;
  readonly warnings: readonly string[];
}

export interface UsageSnapshotInput {
  readonly providerId: string;
  readonly accountId?: string | null | undefined;
  readonly windows?: readonly NormalisedUsageWindow[] | undefined;
  /** Set by the probe for `error` / `unknown`, or `limit_reached` when the provider says so without an exhausted window. */
  readonly status?: UsageSnapshotStatus | undefined;
  readonly reason?: string | null | undefined;
  readonly noLimits?: boolean | undefined;
  readonly fetchedAt: string | Date;
  readonly warnings?: readonly string[] | undefined;
}

/**
 * Builds a snapshot and derives its status from the windows: an exhausted window makes it
 * `limit_reached` whatever the probe said; no windows (and no `noLimits`) make it `unknown`, never `ok`.
 */
export function createSnapshot(input: UsageSnapshotInput): UsageSnapshot {
  const windows = sortWindows(input.windows ?? []);
  const fetchedAt = input.fetchedAt instanceof Date ? input.fetchedAt.toISOString() : new Date(input.fetchedAt).toISOString();
  const noLimits = input.noLimits === true;
  let status: UsageSnapshotStatus = input.status ?? 'ok';
  let reason = input.reason ?? null;
  const exhausted = windows.find(isExhausted);
  if (status === 'error' || status === 'unknown') {
    reason ??= status === 'error' ? 'the probe failed' : 'usage unknown';
  } else if (exhausted) {
    status = 'limit_reached';
    reason ??= `${exhausted.name} (${exhausted.kind}) is exhausted`;
  } else if (status === 'limit_reached') {
    reason ??= 'the provider reports a reached limit';
  } else if (windows.length === 0 && !noLimits) {
    status = 'unknown';
    reason ??= 'no usage windows reported';
  }
  if (status === 'ok') reason = null;
  return {
    providerId: input.providerId,
    accountId: input.accountId ?? null,
    windows,
    status,
    reason,
    noLimits,
    fetchedAt,
    warnings: [...(input.warnings ?? [])],
  };
}

/**
 * Reads an adapter's `UsageReport` (core's contract) as a snapshot. Its windows are checked again
 * (a malformed one becomes a warning); `no_limits` is usable, `unsupported` unknown,
 * `unauthenticated` and `failed` errors. A report without status is `ok` when it has windows.
 */
export function snapshotFromReport(report: UsageReport, fetchedAt: string | Date): UsageSnapshot {
  const warnings = [...report.warnings];
  const windows: NormalisedUsageWindow[] = [];
  for (const raw of report.windows) {
    const result = normaliseWindow(raw);
    if (result.ok) windows.push(result.window);
    else warnings.push(result.problem);
  }
  const base = { providerId: report.providerId, accountId: report.accountId ?? null, windows, fetchedAt, warnings };
  switch (report.status) {
    case 'no_limits':
      return createSnapshot({ ...base, noLimits: true });
    case 'limit_reached':
      return createSnapshot({ ...base, status: 'limit_reached', reason: warnings[0] ?? `${report.providerId} reports a reached limit` });
    case 'unsupported':
      return createSnapshot({ ...base, status: 'unknown', reason: warnings[0] ?? `${report.providerId} has no usage source` });
    case 'unauthenticated':
      return createSnapshot({ ...base, status: 'error', reason: `${report.providerId} is not authenticated` });
    case 'failed':
      return createSnapshot({ ...base, status: 'error', reason: warnings[0] ?? 'the usage probe failed' });
    default:
      return windows.length > 0
        ? createSnapshot(base)
        : createSnapshot({ ...base, status: 'error', reason: warnings[0] ?? 'no usage windows reported' });
  }
}
