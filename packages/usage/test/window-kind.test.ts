import { describe, expect, it } from 'vitest';
import { windowKindFromDuration } from '../src/index.js';

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

describe('windowKindFromDuration', () => {
  it.each([
    ['Codex primary, 300 minutes', 300 * MIN, '5h'],
    ['a 299-minute window (provider rounding)', 299 * MIN, '5h'],
    ['Claude five_hour', 5 * HOUR, '5h'],
    ['Devin daily', DAY, 'daily'],
    ['Codex secondary, 10080 minutes', 10080 * MIN, 'weekly'],
    ['Droid monthly (30 days)', 30 * DAY, 'monthly'],
    ['a 31-day billing cycle', 31 * DAY, 'monthly'],
    ['a 28-day February cycle', 28 * DAY, 'monthly'],
    ['one hour', HOUR, 'other'],
    ['a 3-day window', 3 * DAY, 'other'],
    ['a year', 365 * DAY, 'other'],
    ['zero', 0, 'other'],
    ['negative', -5 * HOUR, 'other'],
    ['NaN', Number.NaN, 'other'],
    ['null (unknown)', null, 'other'],
    ['undefined', undefined, 'other'],
  ] as const)('%s → %s', (_label, seconds, kind) => {
    expect(windowKindFromDuration(seconds)).toBe(kind);
  });
});
