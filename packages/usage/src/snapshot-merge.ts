import { AgentPoolError, type UsageConfidence } from '@agentpool/core';
import { isExhausted, type NormalisedUsageWindow, type UsageProvenance } from './normalised-window.js';
import { createSnapshot, type UsageSnapshot, type UsageSnapshotStatus } from './usage-snapshot.js';

/** Strongest first, as in core's `UsageConfidence`. */
const CONFIDENCE_RANK: Record<UsageConfidence, number> = { official: 4, local_cli: 3, observed: 2, estimated: 1, unknown: 0 };

/** Positive when `a` is more trustworthy than `b`. */
export function compareConfidence(a: UsageConfidence, b: UsageConfidence): number {
  return CONFIDENCE_RANK[a] - CONFIDENCE_RANK[b];
}

/** Windows of one kind and scope are one window; `other` windows are told apart by name and duration too. */
export function windowKey(window: Pick<NormalisedUsageWindow, 'kind' | 'scope' | 'name' | 'durationSeconds'>): string {
  const base = `${window.kind}|${window.scope ?? ''}`;
  return window.kind === 'other' ? `${base}|${window.name}|${window.durationSeconds ?? ''}` : base;
}

/** Higher confidence wins; between equals, the later reading. */
function prefer(a: NormalisedUsageWindow, b: NormalisedUsageWindow): NormalisedUsageWindow {
  const byConfidence = compareConfidence(a.confidence, b.confidence);
  if (byConfidence !== 0) return byConfidence > 0 ? a : b;
  return Date.parse(b.observedAt) > Date.parse(a.observedAt) ? b : a;
}

function mergeWindow(a: NormalisedUsageWindow, b: NormalisedUsageWindow): NormalisedUsageWindow {
  const kept = prefer(a, b);
  const dropped = kept === a ? b : a;
  const provenance: UsageProvenance[] = [...kept.provenance];
  for (const entry of dropped.provenance) {
    const usedPercent = entry.usedPercent ?? dropped.usedPercent;
    provenance.push(usedPercent === kept.usedPercent ? entry : { ...entry, usedPercent });
  }
  return {
    ...kept,
    resetsAt: kept.resetsAt ?? dropped.resetsAt,
    durationSeconds: kept.durationSeconds ?? dropped.durationSeconds,
    provenance,
  };
}

/** Merges window lists: one window per key, the more trusted reading kept, every source in its provenance. */
export function mergeWindows(...lists: readonly (readonly NormalisedUsageWindow[])[]): NormalisedUsageWindow[] {
  const byKey = new Map<string, NormalisedUsageWindow>();
  for (const window of lists.flat()) {
    const key = windowKey(window);
    const seen = byKey.get(key);
    byKey.set(key, seen ? mergeWindow(seen, window) : window);
  }
  return [...byKey.values()];
}

/**
 * Merges snapshots of one provider account from several sources (rollout log, app-server, HTTP
 * endpoint) without duplicate windows. A source that failed adds a warning, not a window; the
 * result is an error only when every source failed and none gave a window.
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
  const fetchedAt = new Date(Math.max(...snapshots.map((snapshot) => Date.parse(snapshot.fetchedAt))));
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
