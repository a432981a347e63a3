import { createSnapshot, mergeSnapshots, type NormalisedUsageWindow, normaliseWindow, type UsageSnapshotStatus } from '@agentpool/usage';
import { describe, expect, it } from 'vitest';
import { usageEvents } from '../src/index.js';

const AT = '2030-01-01T01:00:00.000Z';
const LATER = '2030-01-01T01:05:00.000Z';
const RESET = '2030-01-01T03:00:00.000Z';

function window(name: string, remainingPercent: number, durationSeconds = 18_000): NormalisedUsageWindow {
  const result = normaliseWindow({
    name,
    durationSeconds,
    remainingPercent,
    resetsAt: RESET,
    source: 'test',
    confidence: 'official',
    observedAt: AT,
  });
  if (!result.ok) throw new Error(result.problem);
  return result.window;
}

/** `{ '5h': 50 }` → a snapshot with a 5-hour window at 50 % left; a status alone for unknown/error. */
function snap(at: string, windows: Record<string, number>, status?: UsageSnapshotStatus) {
  return createSnapshot({
    providerId: 'fake-completed',
    fetchedAt: at,
    windows: Object.entries(windows).map(([name, left]) => window(name, left, name === 'weekly' ? 604_800 : 18_000)),
    ...(status ? { status, reason: `probe ${status}` } : {}),
  });
}

/** What the refresh caches when a probe fails after earlier figures: those figures, with the failure as a warning. */
const keptAfterFailure = (earlier: ReturnType<typeof snap>) =>
  mergeSnapshots([
    { ...earlier, warnings: [] },
    createSnapshot({ providerId: 'fake-completed', status: 'error', reason: 'HTTP 503', fetchedAt: LATER }),
  ]);

const names = (previous: ReturnType<typeof snap> | null, next: ReturnType<typeof snap>) =>
  usageEvents(previous, next, { minRemainingPercent: 10 }).map((event) => `${event.event}${event.window ? `:${event.window.name}` : ''}`);

describe('usageEvents: the previous snapshot against the new one', () => {
  it.each([
    ['no previous snapshot is the baseline', null, snap(LATER, { '5h': 0 }), []],
    ['nothing crossed', snap(AT, { '5h': 50 }), snap(LATER, { '5h': 40 }), []],
    ['above the buffer to at it', snap(AT, { '5h': 50 }), snap(LATER, { '5h': 10 }), ['quota_low:5h']],
    ['within the buffer, still above 0', snap(AT, { '5h': 8 }), snap(LATER, { '5h': 3 }), []],
    ['within the buffer to 0', snap(AT, { '5h': 8 }), snap(LATER, { '5h': 0 }), ['quota_reached:5h']],
    ['above the buffer straight to overage', snap(AT, { '5h': 50 }), snap(LATER, { '5h': -4 }), ['quota_low:5h', 'quota_reached:5h']],
    ['exhausted to refilled', snap(AT, { '5h': 0 }), snap(LATER, { '5h': 100 }), ['quota_reset:5h']],
    ['low to above the buffer', snap(AT, { '5h': 9 }), snap(LATER, { '5h': 11 }), ['quota_reset:5h']],
    ['exhausted to still within the buffer', snap(AT, { '5h': 0 }), snap(LATER, { '5h': 5 }), []],
    ['a window new in this snapshot is a baseline', snap(AT, { '5h': 50 }), snap(LATER, { '5h': 50, weekly: 0 }), []],
    [
      'each window on its own',
      snap(AT, { '5h': 50, weekly: 9 }),
      snap(LATER, { '5h': 5, weekly: 80 }),
      ['quota_low:5h', 'quota_reset:weekly'],
    ],
    ['figures to a failed probe', snap(AT, { '5h': 50 }), snap(LATER, {}, 'error'), ['provider_unavailable']],
    ['figures to unknown', snap(AT, { '5h': 50 }), snap(LATER, {}, 'unknown'), ['provider_unavailable']],
    ['still failing', snap(AT, {}, 'error'), snap(LATER, {}, 'error'), []],
    ['a failed probe keeping old low figures', snap(AT, { '5h': 50 }), snap(LATER, { '5h': 0 }, 'error'), ['provider_unavailable']],
    [
      'a failed probe with the earlier figures kept',
      snap(AT, { '5h': 50 }),
      keptAfterFailure(snap(AT, { '5h': 50 })),
      ['provider_unavailable'],
    ],
    ['failing again with the figures kept', keptAfterFailure(snap(AT, { '5h': 50 })), keptAfterFailure(snap(AT, { '5h': 50 })), []],
    [
      'back from a failure with the figures kept, now low',
      keptAfterFailure(snap(AT, { '5h': 50 })),
      snap(LATER, { '5h': 5 }),
      ['quota_low:5h'],
    ],
    ['back from a failure with figures', snap(AT, {}, 'error'), snap(LATER, { '5h': 50 }), []],
    ['a reported limit without a window', snap(AT, { '5h': 50 }), snap(LATER, { '5h': 50 }, 'limit_reached'), ['quota_reached']],
    ['a reported limit clears', snap(AT, { '5h': 50 }, 'limit_reached'), snap(LATER, { '5h': 60 }), ['quota_reset']],
  ])('%s', (_name, previous, next, expected) => {
    expect(names(previous, next)).toEqual(expected);
  });

  it('gives each event the figures before and after, the buffer and both times', () => {
    const [event] = usageEvents(snap(AT, { '5h': 50 }), snap(LATER, { '5h': 7 }), { minRemainingPercent: 10 });
    expect(event).toEqual({
      event: 'quota_low',
      provider: 'fake-completed',
      account_id: null,
      at: LATER,
      previous_at: AT,
      min_remaining_percent: 10,
      status: 'ok',
      previous_status: 'ok',
      window: { name: '5h', kind: '5h', remaining_percent: 7, previous_remaining_percent: 50, resets_at: RESET },
      reason: '5h (5h) fell to 7 % left, at or below the 10 % buffer',
    });
    const [unavailable] = usageEvents(snap(AT, { '5h': 50 }), snap(LATER, {}, 'error'), { minRemainingPercent: 10 });
    expect(unavailable).toMatchObject({
      event: 'provider_unavailable',
      status: 'error',
      previous_status: 'ok',
      window: null,
      reason: 'probe error',
    });
  });
});
