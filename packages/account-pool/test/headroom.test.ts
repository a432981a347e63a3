import { createSnapshot, normaliseWindow, type UsageSnapshot } from '@agentpool/usage';
import { describe, expect, it } from 'vitest';
import { pickPoolAccount } from '../src/account-pick.js';
import { type Headroom, headroomOf, pickByHeadroom } from '../src/headroom.js';
import type { PoolAccount } from '../src/pool-account.js';

const NOW = new Date('2026-05-01T12:00:00Z');
const HOUR = 3600;

/** A snapshot with a 5-hour and a weekly window, as a probe would cache it. */
function snapshot(fiveHourLeft: number, weeklyLeft: number, options: { resetsAt?: string; status?: 'error' } = {}): UsageSnapshot {
  if (options.status === 'error')
    return createSnapshot({ providerId: 'codex-cli', status: 'error', reason: 'probe timed out', fetchedAt: NOW });
  const window = (name: string, seconds: number, remainingPercent: number) => {
    const result = normaliseWindow({
      name,
      durationSeconds: seconds,
      remainingPercent,
      resetsAt: options.resetsAt ?? '2026-05-01T15:00:00Z',
      source: 'fixture',
      confidence: 'official',
      observedAt: NOW,
    });
    if (!result.ok) throw new Error(result.problem);
    return result.window;
  };
  return createSnapshot({
    providerId: 'codex-cli',
    windows: [window('5h', 5 * HOUR, fiveHourLeft), window('weekly', 7 * 24 * HOUR, weeklyLeft)],
    fetchedAt: NOW,
  });
}

const account = (label: string): PoolAccount => ({
  label,
  provider: 'codex-cli',
  pool: 'codex-cli',
  sourceHome: null,
  authFile: `/auth/${label}.json`,
  paused: false,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
});

describe('headroom of a cached snapshot', () => {
  it('is the binding (least-left) window above the buffer', () => {
    expect(headroomOf(snapshot(80, 30), 10, NOW)).toMatchObject({ kind: 'known', remainingPercent: 30, window: 'weekly' });
  });
  it('is none when a window is exhausted or at or below the buffer', () => {
    expect(headroomOf(snapshot(0, 90), 10, NOW).kind).toBe('none');
    expect(headroomOf(snapshot(10, 90), 10, NOW).kind).toBe('none');
  });
  it('is unknown, never full, without a snapshot, after a failed probe or once a cached window has reset', () => {
    expect(headroomOf(null, 10, NOW).kind).toBe('unknown');
    expect(headroomOf(snapshot(0, 0, { status: 'error' }), 10, NOW).kind).toBe('unknown');
    expect(headroomOf(snapshot(0, 90, { resetsAt: '2026-05-01T11:00:00Z' }), 10, NOW).kind).toBe('unknown');
  });
});

describe('pick by headroom', () => {
  const known = (remainingPercent: number): Headroom => ({ kind: 'known', remainingPercent, window: '5h' });
  const unknown: Headroom = { kind: 'unknown', reason: 'no snapshot' };
  const none: Headroom = { kind: 'none', reason: 'exhausted', nextAvailableAt: null };

  it('takes the most left; an earlier candidate wins a tie', () => {
    const picked = pickByHeadroom([
      { key: 'a', headroom: known(40) },
      { key: 'b', headroom: known(70) },
      { key: 'c', headroom: known(70) },
    ]);
    expect(picked?.key).toBe('b');
  });
  it('ranks unknown below any known one with headroom, and picks it only when no known one has any', () => {
    expect(
      pickByHeadroom([
        { key: 'u', headroom: unknown },
        { key: 'k', headroom: known(12) },
      ])?.key,
    ).toBe('k');
    expect(
      pickByHeadroom([
        { key: 'x', headroom: none },
        { key: 'u', headroom: unknown },
      ])?.key,
    ).toBe('u');
  });
  it('never picks an exhausted one: null when none has headroom', () => {
    expect(
      pickByHeadroom([
        { key: 'x', headroom: none },
        { key: 'y', headroom: none },
      ]),
    ).toBeNull();
  });
  it('picks among a pool of accounts from their snapshots', () => {
    const headroom = new Map<string, Headroom>([
      ['spent', headroomOf(snapshot(0, 50), 10, NOW)],
      ['low', headroomOf(snapshot(60, 20), 10, NOW)],
      ['roomy', headroomOf(snapshot(90, 75), 10, NOW)],
      ['unknown', headroomOf(null, 10, NOW)],
    ]);
    const picked = pickPoolAccount({
      accounts: ['low', 'roomy', 'spent', 'unknown'].map(account),
      assignments: [],
      strategy: 'headroom',
      cycle: { teamDir: 'accounts:codex-cli', order: [], pointer: null },
      headroom,
      random: () => 0,
    });
    expect(picked?.account.label).toBe('roomy');
    expect(picked?.headroom).toMatchObject({ kind: 'known', remainingPercent: 75 });
  });
});
