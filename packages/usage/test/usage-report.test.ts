import { describe, expect, it } from 'vitest';
import { normaliseWindow } from '../src/normalised-window.js';
import { collectWindow, usageReportFor } from '../src/usage-report.js';

const reading = { source: 'test', confidence: 'official' as const, observedAt: new Date('2026-12-01T00:00:00Z') };

describe('usage reports', () => {
  it('names the account only when there is one', () => {
    expect(usageReportFor('droid-cli', undefined)('unauthenticated', ['no key'])).toEqual({
      providerId: 'droid-cli',
      windows: [],
      warnings: ['no key'],
      status: 'unauthenticated',
    });
    expect(usageReportFor('droid-cli', 'work')('ok', [])).toMatchObject({ accountId: 'work' });
  });

  it('collects a normalised window with its warnings, and only the problem of one that could not be read', () => {
    const windows: Parameters<typeof collectWindow>[1] = [];
    const warnings: string[] = [];
    const good = normaliseWindow({ name: '5h', durationSeconds: 18_000, usedPercent: 40, resetsAt: null, ...reading });
    const bad = normaliseWindow({ name: 'weekly', durationSeconds: 604_800, resetsAt: null, ...reading });
    expect(collectWindow(good, windows, warnings)).toBe(true);
    expect(collectWindow(bad, windows, warnings)).toBe(false);
    expect(windows.map((window) => [window.kind, window.remainingPercent])).toEqual([['5h', 60]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/weekly/);
  });
});
