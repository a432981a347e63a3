import { describe, expect, it } from 'vitest';
import { createSnapshot, snapshotAge } from '../src/index.js';
import { NOW, win } from './window-fixtures.js';

const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const snapshot = createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, windows: [win('5h', 50, 2)] });

describe('snapshotAge', () => {
  it.each([
    ['fresh', 60, {}, { ageSeconds: 60, stale: false, refreshDue: false }],
    ['stale after the default 1800 s', 1801, {}, { stale: true, refreshDue: false }],
    ['exactly 1800 s is not yet stale', 1800, {}, { stale: false }],
    ['a custom stale threshold', 301, { staleAfterSeconds: 300 }, { stale: true }],
    ['auto refresh off (null) never re-probes', 99_999, { refreshAfterSeconds: null }, { refreshDue: false }],
    ['auto refresh due at its threshold', 600, { refreshAfterSeconds: 600 }, { refreshDue: true }],
    ['auto refresh not yet due', 599, { refreshAfterSeconds: 600 }, { refreshDue: false }],
    [
      'a reset has passed (2 h) → due when auto refresh is on',
      7200,
      { refreshAfterSeconds: 86_400 },
      { resetPassed: true, refreshDue: true },
    ],
    ['a reset has passed, auto refresh off', 7200, {}, { resetPassed: true, refreshDue: false }],
    ['a snapshot from the future reads as age 0', -30, {}, { ageSeconds: 0, stale: false }],
  ] as const)('%s', (_label, seconds, options, expected) => {
    expect(snapshotAge(snapshot, { now: later(seconds), ...options })).toMatchObject(expected);
  });

  it.each([[{ staleAfterSeconds: -1 }], [{ refreshAfterSeconds: Number.NaN }]])('refuses a bad threshold %o', (options) => {
    expect(() => snapshotAge(snapshot, { now: NOW, ...options })).toThrow(/seconds/);
  });
});
