import type { UsageWindowKind } from '@agentpool/core';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Duration ranges (seconds, inclusive) read as each kind. Providers round: a "5 h" window may say 299 or 301 minutes. */
const KIND_RANGES: readonly { readonly kind: UsageWindowKind; readonly min: number; readonly max: number }[] = [
  { kind: '5h', min: 4.5 * HOUR, max: 5.5 * HOUR },
  { kind: 'daily', min: 20 * HOUR, max: 28 * HOUR },
  { kind: 'weekly', min: 6 * DAY, max: 8 * DAY },
  { kind: 'monthly', min: 28 * DAY, max: 31 * DAY },
];

/**
 * The kind of a window from its duration in seconds, never from its place in a list: a weekly-only
 * plan whose first (primary) window lasts 7 days is `weekly`. Unknown or unusual durations are `other`.
 */
export function windowKindFromDuration(durationSeconds: number | null | undefined): UsageWindowKind {
  if (typeof durationSeconds !== 'number' || !Number.isFinite(durationSeconds) || durationSeconds <= 0) return 'other';
  for (const { kind, min, max } of KIND_RANGES) {
    if (durationSeconds >= min && durationSeconds <= max) return kind;
  }
  return 'other';
}
