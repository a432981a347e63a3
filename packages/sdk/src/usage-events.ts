import type { UsageWatchEventName, UsageWindowKind } from '@agentpool/core';
import type { UsageSnapshot, UsageSnapshotStatus } from '@agentpool/usage';

/** The window an event is about, with its figure before and after. */
export interface UsageEventWindow {
  readonly name: string;
  readonly kind: UsageWindowKind;
  readonly remaining_percent: number;
  readonly previous_remaining_percent: number;
  readonly resets_at: string | null;
}

/** What `usage watch` hands a command on stdin (one JSON object). */
export interface UsageEvent {
  readonly event: UsageWatchEventName;
  readonly provider: string;
  readonly account_id: string | null;
  /** When the new snapshot was read. */
  readonly at: string;
  /** When the snapshot it was compared to was read. */
  readonly previous_at: string;
  readonly min_remaining_percent: number;
  /** The new snapshot's status; `error` for a failed probe even when the refresh kept earlier figures. */
  readonly status: UsageSnapshotStatus;
  readonly previous_status: UsageSnapshotStatus;
  /** The window that crossed, or null for a provider-wide change (a reported limit, unavailability). */
  readonly window: UsageEventWindow | null;
  readonly reason: string | null;
}

const FAILURE_WARNING = /^error: /;

/**
 * The probe behind this snapshot gave no reading: it failed or read nothing (`error`/`unknown`), or
 * it failed while the refresh kept the earlier figures (they carry the failure as an `error: …`
 * warning and their own older fetch time).
 */
export function probeGaveNoReading(snapshot: UsageSnapshot): boolean {
  if (snapshot.status !== 'ok' && snapshot.status !== 'limit_reached') return true;
  return snapshot.warnings.some((warning) => FAILURE_WARNING.test(warning));
}

const failureReason = (snapshot: UsageSnapshot): string | null =>
  snapshot.status === 'error' || snapshot.status === 'unknown'
    ? snapshot.reason
    : (snapshot.warnings.find((warning) => FAILURE_WARNING.test(warning))?.replace(FAILURE_WARNING, '') ?? snapshot.reason);
/** The provider says a limit is reached without an exhausted window to show for it. */
const limitWithoutWindow = (snapshot: UsageSnapshot): boolean =>
  snapshot.status === 'limit_reached' && !snapshot.windows.some((window) => window.remainingPercent <= 0);

/**
 * The events between two snapshots of one provider account, in the order they happened to the
 * windows. Pure: the same two snapshots always give the same events.
 *
 * - No previous snapshot: the new one is the baseline; nothing fires.
 * - `provider_unavailable`: the new probe failed or read nothing (`error`/`unknown`) while the
 *   previous one had figures. Window figures kept from before a failure are never compared.
 * - Per window (matched by name and kind; a window new in this snapshot is a baseline):
 *   `quota_low` when it falls from above `minRemainingPercent` to at or below it, `quota_reached`
 *   when it falls from above 0 to 0 or below (a fall from above the buffer straight to 0 raises
 *   both, `quota_low` first), `quota_reset` when it rises from at or below the buffer to above it.
 * - Provider-wide: `quota_reached` when the provider starts reporting a reached limit with no
 *   exhausted window, `quota_reset` when such a limit clears.
 */
export function usageEvents(previous: UsageSnapshot | null, next: UsageSnapshot, options: { minRemainingPercent: number }): UsageEvent[] {
  if (previous === null) return [];
  const min = options.minRemainingPercent;
  const base = {
    provider: next.providerId,
    account_id: next.accountId,
    at: next.fetchedAt,
    previous_at: previous.fetchedAt,
    min_remaining_percent: min,
    status: next.status,
    previous_status: previous.status,
  };
  if (probeGaveNoReading(next)) {
    if (probeGaveNoReading(previous)) return [];
    // Earlier figures kept after a failed probe read `ok`; the reading itself failed.
    const status = next.status === 'unknown' ? 'unknown' : 'error';
    return [{ ...base, status, event: 'provider_unavailable', window: null, reason: failureReason(next) }];
  }
  const events: UsageEvent[] = [];
  for (const window of next.windows) {
    const before = previous.windows.find((candidate) => candidate.name === window.name && candidate.kind === window.kind);
    if (!before) continue;
    const view: UsageEventWindow = {
      name: window.name,
      kind: window.kind,
      remaining_percent: window.remainingPercent,
      previous_remaining_percent: before.remainingPercent,
      resets_at: window.resetsAt,
    };
    const add = (event: UsageWatchEventName, reason: string) => events.push({ ...base, event, window: view, reason });
    const now = window.remainingPercent;
    const was = before.remainingPercent;
    if (was > min && now <= min) add('quota_low', `${window.name} (${window.kind}) fell to ${now} % left, at or below the ${min} % buffer`);
    if (was > 0 && now <= 0) add('quota_reached', `${window.name} (${window.kind}) is exhausted (${now} % left)`);
    if (was <= min && now > min) add('quota_reset', `${window.name} (${window.kind}) is back to ${now} % left`);
  }
  if (limitWithoutWindow(next) && !limitWithoutWindow(previous) && !events.some((event) => event.event === 'quota_reached')) {
    events.push({ ...base, event: 'quota_reached', window: null, reason: next.reason });
  }
  if (limitWithoutWindow(previous) && next.status === 'ok') {
    events.push({ ...base, event: 'quota_reset', window: null, reason: 'the provider no longer reports a reached limit' });
  }
  return events;
}
