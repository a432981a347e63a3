import { AgentPoolError } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { compareConfidence, createSnapshot, mergeSnapshots, mergeWindows, type NormalisedUsageWindow, windowKey } from '../src/index.js';
import { at, NOW, win } from './window-fixtures.js';

const snap = (windows: NormalisedUsageWindow[], extra = {}) =>
  createSnapshot({ providerId: 'claude-code', fetchedAt: NOW, windows, ...extra });

describe('mergeWindows', () => {
  it('keeps one window per kind, the higher confidence, with both provenances', () => {
    const estimated = win('5h', 70, 3, { source: 'claude-local-log', confidence: 'estimated' });
    const official = win('5h', 40, 2, { source: 'claude-oauth-usage', confidence: 'official' });
    const [merged, ...rest] = mergeWindows([estimated], [official]);
    expect(rest).toHaveLength(0);
    expect(merged).toMatchObject({ source: 'claude-oauth-usage', confidence: 'official', remainingPercent: 40, resetsAt: at(2) });
    expect(merged?.provenance.map((p) => [p.source, p.confidence, p.usedPercent])).toEqual([
      ['claude-oauth-usage', 'official', undefined],
      ['claude-local-log', 'estimated', 30],
    ]);
  });

  it.each([
    ['official beats observed', 'official', 'observed', 'a'],
    ['local_cli beats estimated', 'estimated', 'local_cli', 'b'],
    ['observed beats unknown', 'unknown', 'observed', 'b'],
  ] as const)('%s', (_label, ca, cb, winner) => {
    const a = win('weekly', 10, 5, { source: 'a', confidence: ca });
    const b = win('weekly', 90, 5, { source: 'b', confidence: cb });
    expect(mergeWindows([a], [b])[0]?.source).toBe(winner);
    expect(mergeWindows([b], [a])[0]?.source).toBe(winner);
  });

  it('between equal confidence keeps the later reading', () => {
    const older = win('5h', 80, 2, { source: 'rollout', confidence: 'observed', observedAt: '2026-12-01T05:00:00Z' });
    const newer = win('5h', 60, 2, { source: 'app-server', confidence: 'observed', observedAt: '2026-12-01T05:30:00Z' });
    expect(mergeWindows([newer], [older])[0]?.source).toBe('app-server');
    expect(mergeWindows([older], [newer])[0]?.source).toBe('app-server');
  });

  it('fills a missing reset from the other reading', () => {
    const noReset = win('5h', 40, null, { confidence: 'official' });
    const withReset = win('5h', 50, 4, { confidence: 'estimated' });
    expect(mergeWindows([noReset], [withReset])[0]).toMatchObject({ remainingPercent: 40, resetsAt: at(4) });
  });

  it('keeps windows of one kind but different scope apart (Claude seven_day vs seven_day_opus)', () => {
    const all = win('weekly', 40, 50, { name: 'seven_day' });
    const opus = win('weekly', 10, 50, { name: 'seven_day_opus', scope: 'opus' });
    expect(mergeWindows([all], [opus])).toHaveLength(2);
    expect(windowKey(all)).not.toBe(windowKey(opus));
  });

  it('never merges two windows of one source (two limits of one kind)', () => {
    const sevenDay = win('weekly', 40, 50, { name: 'seven_day' });
    const opus = win('weekly', 10, 50, { name: 'seven_day_opus' });
    expect(mergeWindows([sevenDay, opus]).map((w) => w.name)).toEqual(['seven_day', 'seven_day_opus']);
  });

  it('tells `other` windows apart by name', () => {
    const a = win('5h', 40, 1, { name: 'a', durationSeconds: 3600 });
    const b = win('5h', 40, 1, { name: 'b', durationSeconds: 3600 });
    expect(a.kind).toBe('other');
    expect(mergeWindows([a], [b])).toHaveLength(2);
  });

  it('orders confidence strongest first', () => {
    expect(compareConfidence('official', 'local_cli')).toBeGreaterThan(0);
    expect(compareConfidence('unknown', 'estimated')).toBeLessThan(0);
  });
});

describe('mergeSnapshots', () => {
  it('merges three sources of one account without duplicate windows', () => {
    const log = snap([win('5h', 70, 3, { confidence: 'estimated', source: 'log' })], { fetchedAt: '2026-12-01T05:00:00Z' });
    const api = snap([win('5h', 40, 2, { source: 'api' }), win('weekly', 60, 70, { source: 'api' })]);
    const failed = snap([], { status: 'error', reason: 'HTTP 429' });
    const merged = mergeSnapshots([log, api, failed]);
    expect(merged.windows.map((w) => [w.kind, w.source])).toEqual([
      ['5h', 'api'],
      ['weekly', 'api'],
    ]);
    expect(merged.status).toBe('ok');
    expect(merged.fetchedAt).toBe('2026-12-01T05:00:00.000Z');
    expect(merged.warnings).toContain('error: HTTP 429');
  });

  it('a fresh failure does not make old figures look fresh', () => {
    const old = snap([win('5h', 50, 3)], { fetchedAt: '2026-12-01T04:00:00Z' });
    const failedNow = snap([], { status: 'error', reason: 'timeout' });
    expect(mergeSnapshots([failedNow, old]).fetchedAt).toBe('2026-12-01T04:00:00.000Z');
    expect(mergeSnapshots([failedNow, snap([], { status: 'error', reason: 'x', fetchedAt: '2026-12-01T04:00:00Z' })]).fetchedAt).toBe(
      NOW.toISOString(),
    );
  });

  it('is an error only when every source failed', () => {
    const merged = mergeSnapshots([snap([], { status: 'error', reason: 'HTTP 500' }), snap([], { status: 'error', reason: 'timeout' })]);
    expect(merged).toMatchObject({ status: 'error', reason: 'HTTP 500' });
    expect(mergeSnapshots([snap([], { status: 'error', reason: 'x' }), snap([], { status: 'unknown', reason: 'y' })]).status).toBe(
      'unknown',
    );
  });

  it('an exhausted window from any kept reading makes the merge limit_reached', () => {
    const merged = mergeSnapshots([snap([win('5h', 0, 1)]), snap([win('weekly', 50, 70)])]);
    expect(merged.status).toBe('limit_reached');
  });

  it('a provider’s word that a limit is reached stands after merging', () => {
    const merged = mergeSnapshots([
      snap([win('5h', 50, 1)], { status: 'limit_reached', reason: 'rateLimitReachedType: primary' }),
      snap([]),
    ]);
    expect(merged).toMatchObject({ status: 'limit_reached', reason: 'rateLimitReachedType: primary' });
  });

  it('refuses snapshots of different accounts, and an empty list', () => {
    const other = createSnapshot({ providerId: 'claude-code', accountId: 'work', fetchedAt: NOW });
    expect(() => mergeSnapshots([snap([]), other])).toThrow(AgentPoolError);
    expect(() => mergeSnapshots([])).toThrow(/at least one/);
  });
});
