import { describe, expect, it } from 'vitest';
import { type StatsSession, type StatsStateEvent, sessionStats } from '../src/session-stats.js';

const BASE = Date.parse('2030-01-01T00:00:00.000Z');
/** Minute `m` of the test's timeline, as ISO. */
const at = (m: number): string => new Date(BASE + m * 60_000).toISOString();
const period = (since: number | null, until: number) => ({
  since: since === null ? null : new Date(at(since)),
  until: new Date(at(until)),
});

function session(overrides: Partial<StatsSession> & { start: number; end?: number | null }): StatsSession {
  const { start, end = null, ...rest } = overrides;
  return {
    provider: 'codex-cli',
    role: 'explorer',
    state: end === null ? 'working' : 'exited',
    createdAt: at(start),
    endedAt: end === null ? null : at(end),
    turns: 1,
    tokens: null,
    stateEvents: [],
    ...rest,
  };
}

const event = (m: number, state: string, type = 'state_changed', from: string | null = null): StatsStateEvent => ({
  at: at(m),
  type,
  state,
  from,
});

describe('sessionStats', () => {
  it('parallelism: overlapping sessions peak together; the mean is weighted by time over the period', () => {
    const report = sessionStats(
      [session({ start: 0, end: 10 }), session({ start: 5, end: 15 }), session({ start: 10, end: 20 }), session({ start: 12, end: 14 })],
      period(0, 40),
    );
    // Minutes 12-14: B, C and D are alive. A ends at 10 as C starts: half-open, so 10 is not a peak of 3.
    expect(report.totals.parallelism).toEqual({ peak: 3, peak_at: at(12), mean: (10 + 10 + 10 + 2) / 40 });
    expect(report.totals.sessions.total_seconds).toBe(32 * 60);
  });

  it('a session ending the moment another starts never overlaps it', () => {
    const report = sessionStats([session({ start: 0, end: 10 }), session({ start: 10, end: 20 })], period(0, 20));
    expect(report.totals.parallelism).toEqual({ peak: 1, peak_at: at(0), mean: 1 });
  });

  it('a session still alive counts up to now, in durations, parallelism and the live count', () => {
    const report = sessionStats([session({ start: 10 }), session({ start: 20, end: 24 })], period(0, 30));
    expect(report.totals.sessions).toMatchObject({ count: 2, live: 1, ended: 1, total_seconds: (20 + 4) * 60, median_seconds: 12 * 60 });
    expect(report.totals.parallelism).toEqual({ peak: 2, peak_at: at(20), mean: 24 / 30 });
  });

  it('sessions started before the period are left out and counted; ones that ended before it are not even counted', () => {
    const report = sessionStats(
      [
        session({ start: -30, end: -20 }),
        session({ start: -10 }),
        session({ start: -10, end: 5 }),
        session({ start: -10, end: 0 }),
        session({ start: 0, end: 6 }),
      ],
      period(0, 60),
    );
    expect(report.totals.sessions.count).toBe(1);
    expect(report.earlier_sessions_alive).toBe(2);
    expect(report.period).toEqual({ since: at(0), until: at(60), seconds: 3600 });
  });

  it('time blocked on limits: from limit_reached to the next other state, to the end, or to now while it lasts', () => {
    const hitTwice = session({
      start: 0,
      end: 30,
      state: 'cancelled',
      stateEvents: [
        event(0, 'starting', 'spawned'),
        event(1, 'working'),
        event(2, 'limit_reached'),
        event(3, 'limit_reached'),
        event(5, 'working'),
        event(20, 'limit_reached'),
        event(30, 'cancelled', 'terminated', 'limit_reached'),
      ],
    });
    const stuckNow = session({
      start: 0,
      state: 'limit_reached',
      stateEvents: [event(0, 'starting', 'spawned'), event(37, 'limit_reached')],
    });
    const neverHit = session({
      start: 0,
      end: 4,
      stateEvents: [event(0, 'starting', 'spawned'), event(4, 'exited', 'ended', 'completed')],
    });
    // Ended with no ending event recorded: the limit lasted until the session's end, not until now.
    const endedUnrecorded = session({ start: 0, end: 33, stateEvents: [event(31, 'limit_reached')] });
    const report = sessionStats([hitTwice, stuckNow, neverHit, endedUnrecorded], period(0, 40));
    expect(report.totals.limits).toEqual({
      sessions_hit: 3,
      entries: 4,
      blocked_seconds: (3 + 10 + 3 + 2) * 60,
      blocked_now: 1,
    });
  });

  it('ended sessions are grouped by the state they were in just before they ended', () => {
    const report = sessionStats(
      [
        session({
          start: 0,
          end: 5,
          state: 'cancelled',
          stateEvents: [event(2, 'completed'), event(5, 'cancelled', 'terminated', 'completed')],
        }),
        session({ start: 0, end: 6, state: 'exited', stateEvents: [event(1, 'working'), event(6, 'exited', 'ended', 'working')] }),
        // A spawn that failed before its first event; an ending event without `from` falls back to the state before it.
        session({ start: 0, end: 0, state: 'error', stateEvents: [event(0, 'error', 'ended')] }),
        session({ start: 0, end: 7, state: 'error', stateEvents: [event(1, 'approval_prompt'), event(7, 'error', 'ended')] }),
        // Ended without any ending event recorded.
        session({ start: 0, end: 8, state: 'exited' }),
        session({ start: 0, state: 'completed' }),
      ],
      period(0, 10),
    );
    expect(report.totals.sessions.ended_after).toEqual({ approval_prompt: 1, completed: 1, starting: 1, unknown: 1, working: 1 });
    expect(report.totals.sessions.by_state).toEqual({ cancelled: 1, completed: 1, error: 2, exited: 2 });
  });

  it('tokens: unknown is null, never 0; known ones are summed and the unknown ones counted', () => {
    const unknown = sessionStats([session({ start: 0, end: 1 }), session({ start: 0, end: 1 })], period(0, 10));
    expect(unknown.totals.tokens).toEqual({ total: null, sessions_known: 0, sessions_unknown: 2 });
    const partly = sessionStats(
      [session({ start: 0, end: 1, tokens: 1200 }), session({ start: 0, end: 1, tokens: 0 }), session({ start: 0, end: 1 })],
      period(0, 10),
    );
    expect(partly.totals.tokens).toEqual({ total: 1200, sessions_known: 2, sessions_unknown: 1 });
  });

  it('one row per provider, most sessions first, with roles and turns; totals cover them all', () => {
    const report = sessionStats(
      [
        session({ provider: 'claude-code', start: 0, end: 10, role: 'reviewer', turns: 3 }),
        session({ provider: 'codex-cli', start: 0, end: 10, role: 'implementer', turns: 2 }),
        session({ provider: 'codex-cli', start: 5, end: 20, role: 'implementer', turns: 1 }),
        session({ provider: 'gemini-cli', start: 30, end: 40 }),
      ],
      period(0, 60),
    );
    expect(report.providers.map((row) => [row.provider, row.sessions.count])).toEqual([
      ['codex-cli', 2],
      ['claude-code', 1],
      ['gemini-cli', 1],
    ]);
    expect(report.providers[0]?.sessions).toMatchObject({ by_role: { implementer: 2 }, turns: 3, median_seconds: 12.5 * 60 });
    expect(report.providers[0]?.parallelism.peak).toBe(2);
    expect(report.totals.sessions).toMatchObject({ count: 4, turns: 7, by_role: { explorer: 1, implementer: 2, reviewer: 1 } });
    expect(report.totals.parallelism.peak).toBe(3);
  });

  it('"all" starts at the earliest session; with no session the period has no length and no mean', () => {
    const all = sessionStats([session({ start: -600, end: -590 }), session({ start: 0, end: 10 })], period(null, 10));
    expect(all.period).toEqual({ since: at(-600), until: at(10), seconds: 610 * 60 });
    expect(all.totals.sessions.count).toBe(2);
    expect(all.earlier_sessions_alive).toBe(0);
    const empty = sessionStats([], period(null, 10));
    expect(empty.period.seconds).toBe(0);
    expect(empty.totals.parallelism).toEqual({ peak: 0, peak_at: null, mean: null });
    expect(empty.totals.sessions).toMatchObject({ count: 0, total_seconds: 0, median_seconds: null });
    expect(empty.providers).toEqual([]);
  });
});
