import { describe, expect, it } from 'vitest';
import { isExhausted, type NormalisedUsageWindow, normaliseWindow, sortWindows, type UsageWindowInput } from '../src/index.js';

const observedAt = '2026-12-01T06:00:00.000Z';
const base = { name: 'w', source: 'test', confidence: 'official', observedAt } as const;

function ok(input: Partial<UsageWindowInput>): NormalisedUsageWindow {
  const result = normaliseWindow({ ...base, ...input });
  if (!result.ok) throw new Error(result.problem);
  return result.window;
}

describe('normaliseWindow percentages', () => {
  it.each([
    ['used 42 → 58 left', { usedPercent: 42 }, 42, 58],
    ['used 0 stays 0 (100 left)', { usedPercent: 0 }, 0, 100],
    ['remaining 0 stays 0 — exhausted, never unknown or 100', { remainingPercent: 0 }, 100, 0],
    ['used 100 → 0 left', { usedPercent: 100 }, 100, 0],
    ['Copilot percent_remaining -20 (overage) stays negative', { remainingPercent: -20 }, 120, -20],
    ['used 130 % → -30 left, not clamped', { usedPercent: 130 }, 130, -30],
    ['Gemini remainingFraction 0.25', { remainingFraction: 0.25 }, 75, 25],
    ['remainingFraction 0 is exhausted', { remainingFraction: 0 }, 100, 0],
    ['Cursor used 150 of limit 500 requests', { used: 150, limit: 500 }, 30, 70],
    ['used over limit → overage', { used: 600, limit: 500 }, 120, -20],
    ['float noise is tidied', { usedPercent: 57.3 }, 57.3, 42.7],
    ['both given are kept as given', { usedPercent: 40, remainingPercent: 55 }, 40, 55],
  ] as const)('%s', (_label, input, used, remaining) => {
    const window = ok(input);
    expect(window.usedPercent).toBe(used);
    expect(window.remainingPercent).toBe(remaining);
  });

  it('keeps the absolute figures and their unit', () => {
    const window = ok({ used: 12.5, limit: 20, unit: 'usd' });
    expect(window).toMatchObject({ used: 12.5, limit: 20, unit: 'usd', usedPercent: 62.5 });
  });

  it.each([
    ['no figure at all', {}, 'no used or remaining figure'],
    ['a string percent', { usedPercent: '42' as unknown as number }, 'usedPercent is not a finite number'],
    ['NaN remaining', { remainingPercent: Number.NaN }, 'remainingPercent is not a finite number'],
    ['Infinity used', { usedPercent: Number.POSITIVE_INFINITY }, 'usedPercent is not a finite number'],
    ['a limit of 0', { used: 3, limit: 0 }, 'gives no percentage'],
    ['negative use', { usedPercent: -5 }, 'outside any window'],
    ['more than 100 % left', { remainingPercent: 120 }, 'outside any window'],
    ['used without a limit', { used: 5 }, 'no used or remaining figure'],
    ['a bad observedAt', { usedPercent: 1, observedAt: 'yesterday' }, 'observedAt is not a time'],
  ] as const)('refuses %s rather than guessing', (_label, input, problem) => {
    const result = normaliseWindow({ ...base, ...input } as UsageWindowInput);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });
});

describe('normaliseWindow kind and reset', () => {
  it('takes the kind from the duration, whatever the name says', () => {
    expect(ok({ name: 'primary', durationSeconds: 7 * 86400, usedPercent: 10 }).kind).toBe('weekly');
    expect(ok({ name: 'secondary', durationSeconds: 5 * 3600, usedPercent: 10 }).kind).toBe('5h');
  });

  it('accepts a kind named by the provider when there is no duration', () => {
    expect(ok({ kind: 'session', usedPercent: 10 }).kind).toBe('session');
    expect(ok({ usedPercent: 10 }).kind).toBe('other');
  });

  it('lets a known duration overrule a named kind', () => {
    expect(ok({ kind: '5h', durationSeconds: 7 * 86400, usedPercent: 10 }).kind).toBe('weekly');
    expect(ok({ kind: 'session', durationSeconds: 3600, usedPercent: 10 }).kind).toBe('session');
  });

  it.each([
    ['ISO text', { resetsAt: '2026-12-01T08:30:00Z' }, '2026-12-01T08:30:00.000Z'],
    ['Unix seconds', { resetsAt: 1796113800 }, '2026-12-01T08:30:00.000Z'],
    ['a Date', { resetsAt: new Date('2026-12-01T08:30:00Z') }, '2026-12-01T08:30:00.000Z'],
    ['seconds from the reading', { resetsInSeconds: 9000 }, '2026-12-01T08:30:00.000Z'],
    ['null', { resetsAt: null }, null],
  ] as const)('reads a reset given as %s', (_label, input, expected) => {
    expect(ok({ usedPercent: 5, ...input }).resetsAt).toBe(expected);
  });

  it('keeps a window with an unreadable reset, with a warning', () => {
    const result = normaliseWindow({ ...base, usedPercent: 5, resetsAt: 'soon' });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.window.resetsAt).toBeNull();
      expect(result.warnings[0]).toContain('"soon" is not a time');
    }
  });

  it('refuses to read milliseconds as Unix seconds', () => {
    const result = normaliseWindow({ ...base, usedPercent: 5, resetsAt: 1796113800000 });
    expect(result.ok && result.window.resetsAt).toBeNull();
    if (result.ok) expect(result.warnings[0]).toContain('looks like milliseconds');
  });

  it('records its one source as provenance', () => {
    const window = ok({ usedPercent: 5, source: 'codex-rollout-log', confidence: 'observed', scope: 'codex' });
    expect(window.scope).toBe('codex');
    expect(window.provenance).toEqual([{ source: 'codex-rollout-log', confidence: 'observed', observedAt }]);
  });
});

describe('isExhausted and sortWindows', () => {
  it.each([
    [0, true],
    [-3, true],
    [0.5, false],
    [100, false],
  ])('remaining %s → exhausted %s', (remainingPercent, exhausted) => {
    expect(isExhausted({ remainingPercent })).toBe(exhausted);
  });

  it('orders by kind, not by the order the provider sent', () => {
    const weekly = ok({ name: 'primary', durationSeconds: 604800, usedPercent: 1 });
    const monthly = ok({ name: 'm', durationSeconds: 30 * 86400, usedPercent: 1 });
    const fiveHour = ok({ name: 'secondary', durationSeconds: 18000, usedPercent: 1 });
    expect(sortWindows([monthly, weekly, fiveHour]).map((w) => w.kind)).toEqual(['5h', 'weekly', 'monthly']);
  });
});
