import { AgentPoolError } from '@agentpool/core';
import { isExhausted } from './normalised-window.js';
import { createSnapshot, type UsageSnapshot, type UsageSnapshotStatus } from './usage-snapshot.js';
import { mergeWindows } from './window-merge.js';

/**
 * Merges snapshots of one provider account from several sources (rollout log, app-server, HTTP
 * endpoint) without duplicate windows. A source that failed adds a warning, not a window; the
 * result is an error only when every source failed and none gave a window. Its `fetchedAt` is that
 * of the oldest source that gave figures, so staleness is never understated.
 */
export function mergeSnapshots(snapshots: readonly UsageSnapshot[]): UsageSnapshot {
  const first = snapshots[0];
  if (!first) throw new AgentPoolError('INVALID_REQUEST', 'mergeSnapshots needs at least one snapshot');
  for (const snapshot of snapshots) {
    if (snapshot.providerId !== first.providerId || snapshot.accountId !== first.accountId) {
      throw new AgentPoolError('INVALID_REQUEST', 'mergeSnapshots merges snapshots of one provider account only', {
        details: { providers: [...new Set(snapshots.map((s) => `${s.providerId}/${s.accountId ?? 'default'}`))] },
      });
    }
  }
  const windows = mergeWindows(...snapshots.map((snapshot) => snapshot.windows));
  const warnings = snapshots.flatMap((snapshot) => [
    ...snapshot.warnings,
    ...(snapshot.status === 'error' || snapshot.status === 'unknown' ? [`${snapshot.status}: ${snapshot.reason ?? 'no reason'}`] : []),
  ]);
  // As old as the oldest source that gave figures: a fresh failure must not make old figures look fresh.
  const reading = snapshots.filter((snapshot) => snapshot.status === 'ok' || snapshot.status === 'limit_reached');
  const times = (list: readonly UsageSnapshot[]) => list.map((snapshot) => Date.parse(snapshot.fetchedAt));
  const fetchedAt = new Date(reading.length > 0 ? Math.min(...times(reading)) : Math.max(...times(snapshots)));
  // A provider may say a limit is reached while its windows still show room: that word stands.
  const reported = snapshots.find((snapshot) => snapshot.status === 'limit_reached' && !snapshot.windows.some(isExhausted));
  const noLimits = windows.length === 0 && snapshots.some((snapshot) => snapshot.noLimits);
  let status: UsageSnapshotStatus | undefined;
  let reason: string | null = null;
  if (reported) {
    status = 'limit_reached';
    reason = reported.reason;
  } else if (windows.length === 0 && !noLimits) {
    const allFailed = snapshots.every((snapshot) => snapshot.status === 'error');
    status = allFailed ? 'error' : 'unknown';
    reason = snapshots.map((snapshot) => snapshot.reason).find((text) => text !== null) ?? null;
  }
  return createSnapshot({
    providerId: first.providerId,
    accountId: first.accountId,
    windows,
    status,
    reason,
    noLimits,
    fetchedAt,
    warnings,
  });
}
