import type { UsageConfidence } from '@agentpool/core';
import { type NormalisedUsageWindow, normaliseWindow, type UsageWindowInput } from '../src/index.js';

export const NOW = new Date('2026-12-01T06:00:00.000Z');
export const at = (hoursFromNow: number): string => new Date(NOW.getTime() + hoursFromNow * 3_600_000).toISOString();

const DURATION = { '5h': 18_000, daily: 86_400, weekly: 604_800, monthly: 2_592_000 } as const;

/** A window of `kind` with `remaining` % left that resets `resetInHours` from NOW (null: unknown). */
export function win(
  kind: keyof typeof DURATION,
  remaining: number,
  resetInHours: number | null,
  extra: Partial<UsageWindowInput> & { confidence?: UsageConfidence } = {},
): NormalisedUsageWindow {
  const result = normaliseWindow({
    name: `${kind} limit`,
    durationSeconds: DURATION[kind],
    remainingPercent: remaining,
    resetsAt: resetInHours === null ? null : at(resetInHours),
    source: 'test',
    confidence: 'official',
    observedAt: NOW,
    ...extra,
  });
  if (!result.ok) throw new Error(result.problem);
  return result.window;
}
