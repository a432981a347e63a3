import type { UsageConfidence } from '@agentpool/core';
import type { NormalisedUsageWindow, UsageProvenance } from './normalised-window.js';

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

/**
 * Merges the window lists of several sources: one window per key, the more trusted reading kept,
 * every source in its provenance. Within one list windows are never merged: two windows of one
 * kind from one source are two limits (Claude `seven_day` and `seven_day_opus`), told apart by name.
 */
export function mergeWindows(...lists: readonly (readonly NormalisedUsageWindow[])[]): NormalisedUsageWindow[] {
  const byKey = new Map<string, NormalisedUsageWindow>();
  for (const list of lists) {
    const keysOfList = new Set<string>();
    for (const window of list) {
      let key = windowKey(window);
      if (keysOfList.has(key)) key = `${key}|${window.name}`;
      keysOfList.add(key);
      const seen = byKey.get(key);
      byKey.set(key, seen ? mergeWindow(seen, window) : window);
    }
  }
  return [...byKey.values()];
}
