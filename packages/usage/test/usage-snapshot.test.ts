import type { UsageReport } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { createSnapshot, snapshotFromReport } from '../src/index.js';
import { NOW, win } from './window-fixtures.js';

describe('createSnapshot status', () => {
  it.each([
    ['windows with room', { windows: [win('5h', 40, 2)] }, 'ok', null],
    [
      'an exhausted window, though the probe said ok',
      { windows: [win('5h', 0, 2), win('weekly', 50, 100)] },
      'limit_reached',
      '5h limit (5h) is exhausted',
    ],
    ['an overage window', { windows: [win('monthly', -20, 300)] }, 'limit_reached', 'monthly limit (monthly) is exhausted'],
    ['no windows at all — unknown, never ok', {}, 'unknown', 'no usage windows reported'],
    ['no windows but no limits', { noLimits: true }, 'ok', null],
    ['a failed probe', { status: 'error', reason: 'HTTP 401' }, 'error', 'HTTP 401'],
    ['a failed probe without reason', { status: 'error' }, 'error', 'the probe failed'],
    [
      'unsupported',
      { status: 'unknown', reason: 'API-key users have no quota endpoint' },
      'unknown',
      'API-key users have no quota endpoint',
    ],
    [
      'the provider says reached, windows show room',
      { status: 'limit_reached', windows: [win('5h', 30, 1)] },
      'limit_reached',
      'the provider reports a reached limit',
    ],
  ] as const)('%s → %s', (_label, input, status, reason) => {
    const snapshot = createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, ...input });
    expect(snapshot.status).toBe(status);
    expect(snapshot.reason).toBe(reason);
  });

  it('sorts windows by kind: a weekly-only plan stays weekly whatever its position', () => {
    const snapshot = createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, windows: [win('weekly', 80, 90), win('5h', 60, 1)] });
    expect(snapshot.windows.map((w) => w.kind)).toEqual(['5h', 'weekly']);
    const weeklyOnly = createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, windows: [win('weekly', 80, 90, { name: 'primary' })] });
    expect(weeklyOnly.windows[0]).toMatchObject({ name: 'primary', kind: 'weekly' });
  });

  it('defaults the account to the default home and keeps ISO time', () => {
    const snapshot = createSnapshot({ providerId: 'claude-code', fetchedAt: '2026-12-01T06:00:00Z' });
    expect(snapshot.accountId).toBeNull();
    expect(snapshot.fetchedAt).toBe('2026-12-01T06:00:00.000Z');
  });
});

describe('snapshotFromReport (core UsageReport → snapshot)', () => {
  const window = { ...win('5h', 30, 2), kind: '5h' as const };
  const report = (extra: Partial<UsageReport>): UsageReport => ({ providerId: 'codex-cli', windows: [], warnings: [], ...extra });

  it.each([
    ['ok with windows', report({ status: 'ok', windows: [window] }), 'ok'],
    ['no status, windows', report({ windows: [window] }), 'ok'],
    ['no status, no windows → error, never ok', report({}), 'error'],
    ['no_limits', report({ status: 'no_limits' }), 'ok'],
    ['unsupported', report({ status: 'unsupported' }), 'unknown'],
    ['unauthenticated', report({ status: 'unauthenticated' }), 'error'],
    ['failed', report({ status: 'failed', warnings: ['timed out'] }), 'error'],
    [
      'ok with an exhausted window',
      report({ status: 'ok', windows: [{ ...window, usedPercent: 100, remainingPercent: 0 }] }),
      'limit_reached',
    ],
  ] as const)('%s → %s', (_label, input, status) => {
    expect(snapshotFromReport(input, NOW).status).toBe(status);
  });

  it('keeps the account and turns a malformed window into a warning', () => {
    const bad = { ...window, usedPercent: Number.NaN };
    const snapshot = snapshotFromReport(report({ accountId: 'work', windows: [window, bad] }), NOW);
    expect(snapshot.accountId).toBe('work');
    expect(snapshot.windows).toHaveLength(1);
    expect(snapshot.warnings[0]).toContain('usedPercent is not a finite number');
  });

  it('says why a failed report failed', () => {
    expect(snapshotFromReport(report({ status: 'failed', warnings: ['HTTP 500 from the usage endpoint'] }), NOW).reason).toBe(
      'HTTP 500 from the usage endpoint',
    );
  });
});
