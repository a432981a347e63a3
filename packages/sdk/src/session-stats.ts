/** One event that set a session's state, as stats reads it. */
export interface StatsStateEvent {
  /** ISO time of the event. */
  readonly at: string;
  /** `spawned`, `state_changed`, `ended`, `terminated`, …. */
  readonly type: string;
  /** The session's state after the event. */
  readonly state: string;
  /** The state before the event, when the event recorded it. */
  readonly from: string | null;
}

/** One session as stats reads it: the facts of its record and the events that set its states. */
export interface StatsSession {
  readonly provider: string;
  readonly role: string;
  /** The state now (live sessions) or the state it ended in. */
  readonly state: string;
  /** ISO start. */
  readonly createdAt: string;
  /** ISO end; null while the session is alive. */
  readonly endedAt: string | null;
  readonly turns: number;
  /** Tokens the session used, when something recorded them; null when unknown (never 0 for unknown). */
  readonly tokens: number | null;
  /** Oldest first. */
  readonly stateEvents: readonly StatsStateEvent[];
}

/** The sessions a report covers and when it is measured. */
export interface StatsPeriod {
  /** The period's start; null for "all" (then the earliest session's start). */
  readonly since: Date | null;
  /** The period's end: now. Sessions still alive count up to it. */
  readonly until: Date;
}

export interface SessionCounts {
  readonly count: number;
  readonly live: number;
  readonly ended: number;
  /** Sessions by their state now, or the state they ended in (`exited`, `cancelled`, `error`). */
  readonly by_state: Record<string, number>;
  /** Ended sessions by the state each was in just before it ended (`completed` then terminated, `working` when it crashed). */
  readonly ended_after: Record<string, number>;
  readonly by_role: Record<string, number>;
  readonly turns: number;
  /** Summed session time, start to end (or to now while alive). */
  readonly total_seconds: number;
  readonly median_seconds: number | null;
}

export interface ParallelismStats {
  /** The most sessions alive at one moment. */
  readonly peak: number;
  /** When that peak was first reached; null without sessions. */
  readonly peak_at: string | null;
  /** Sessions alive on average over the period (time-weighted); null for a period of no length. */
  readonly mean: number | null;
}

export interface LimitStats {
  /** Sessions seen in `limit_reached` at least once. */
  readonly sessions_hit: number;
  /** Times a session went into `limit_reached`. */
  readonly entries: number;
  /** Time sessions spent in `limit_reached`, from the state changes recorded when they were observed. */
  readonly blocked_seconds: number;
  /** Live sessions in `limit_reached` now. */
  readonly blocked_now: number;
}

export interface TokenStats {
  /** Summed over the sessions whose tokens are known; null when none is known. */
  readonly total: number | null;
  readonly sessions_known: number;
  readonly sessions_unknown: number;
}

export interface StatsGroup {
  readonly sessions: SessionCounts;
  readonly parallelism: ParallelismStats;
  readonly limits: LimitStats;
  readonly tokens: TokenStats;
}

export interface SessionStatsReport {
  readonly period: { readonly since: string; readonly until: string; readonly seconds: number };
  /** One row per provider with sessions, most sessions first. */
  readonly providers: readonly (StatsGroup & { readonly provider: string })[];
  readonly totals: StatsGroup;
  /** Sessions that started before the period and were still alive in it: not counted (see docs/stats.md). */
  readonly earlier_sessions_alive: number;
}

const ENDING_EVENTS: ReadonlySet<string> = new Set(['ended', 'terminated']);

const seconds = (ms: number): number => Math.round(ms) / 1000;
/** Six decimals: a few seconds of work in a 30-day period still shows. */
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Keys sorted so a report reads the same every time. */
function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const ordered = [...values].sort((a, b) => a - b);
  const middle = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1 ? (ordered[middle] as number) : ((ordered[middle - 1] as number) + (ordered[middle] as number)) / 2;
}

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** A session's time inside the period: from its start to its end, or to the period's end while it lives. */
function intervalOf(session: StatsSession, until: number): Interval {
  const start = Math.min(Date.parse(session.createdAt), until);
  const end = Math.min(session.endedAt === null ? until : Date.parse(session.endedAt), until);
  return { start, end: Math.max(start, end) };
}

/**
 * A sweep over the sessions' intervals: the most alive at once and when, and the time-weighted
 * mean over the period. Intervals are half-open, so a session ending the moment another starts
 * never overlaps it.
 */
export function parallelismOf(intervals: readonly Interval[], periodStart: number, periodEnd: number): ParallelismStats {
  const points: [number, number][] = [];
  let area = 0;
  for (const { start, end } of intervals) {
    if (end <= start) continue;
    points.push([start, 1], [end, -1]);
    area += end - start;
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let alive = 0;
  let peak = 0;
  let peakAt: number | null = null;
  for (const [at, delta] of points) {
    alive += delta;
    if (alive > peak) {
      peak = alive;
      peakAt = at;
    }
  }
  const length = periodEnd - periodStart;
  return {
    peak,
    peak_at: peakAt === null ? null : new Date(peakAt).toISOString(),
    mean: length > 0 ? round6(area / length) : null,
  };
}

/** Time spent in `limit_reached`: from the event that set it to the next event that set another state, the end, or now. */
function limitTimeOf(session: StatsSession, until: number): { entries: number; blockedMs: number; blockedNow: boolean } {
  let since: number | null = null;
  let entries = 0;
  let blockedMs = 0;
  for (const event of session.stateEvents) {
    const at = Math.min(Date.parse(event.at), until);
    if (event.state === 'limit_reached') {
      if (since === null) {
        since = at;
        entries += 1;
      }
    } else if (since !== null) {
      blockedMs += Math.max(0, at - since);
      since = null;
    }
  }
  if (since !== null) {
    const end = session.endedAt === null ? until : Math.min(Date.parse(session.endedAt), until);
    blockedMs += Math.max(0, end - since);
  }
  return { entries, blockedMs, blockedNow: session.endedAt === null && session.state === 'limit_reached' };
}

/** The state an ended session was in just before it ended; `unknown` when no ending event was recorded. */
function endedAfter(session: StatsSession): string {
  const index = session.stateEvents.findIndex((event) => ENDING_EVENTS.has(event.type));
  if (index === -1) return 'unknown';
  return session.stateEvents[index]?.from ?? session.stateEvents[index - 1]?.state ?? 'starting';
}

function groupStats(sessions: readonly StatsSession[], periodStart: number, until: number): StatsGroup {
  const byState: Record<string, number> = {};
  const endedAfterCounts: Record<string, number> = {};
  const byRole: Record<string, number> = {};
  const intervals: Interval[] = [];
  let live = 0;
  let turns = 0;
  let sessionsHit = 0;
  let entries = 0;
  let blockedMs = 0;
  let blockedNow = 0;
  let tokens = 0;
  let tokensKnown = 0;
  for (const session of sessions) {
    increment(byState, session.state);
    increment(byRole, session.role);
    if (session.endedAt === null) live += 1;
    else increment(endedAfterCounts, endedAfter(session));
    turns += session.turns;
    intervals.push(intervalOf(session, until));
    const limits = limitTimeOf(session, until);
    if (limits.entries > 0 || session.state === 'limit_reached') sessionsHit += 1;
    entries += limits.entries;
    blockedMs += limits.blockedMs;
    if (limits.blockedNow) blockedNow += 1;
    if (session.tokens !== null) {
      tokens += session.tokens;
      tokensKnown += 1;
    }
  }
  const durations = intervals.map((interval) => interval.end - interval.start);
  const middle = median(durations);
  return {
    sessions: {
      count: sessions.length,
      live,
      ended: sessions.length - live,
      by_state: sorted(byState),
      ended_after: sorted(endedAfterCounts),
      by_role: sorted(byRole),
      turns,
      total_seconds: seconds(durations.reduce((sum, duration) => sum + duration, 0)),
      median_seconds: middle === null ? null : seconds(middle),
    },
    parallelism: parallelismOf(intervals, periodStart, until),
    limits: { sessions_hit: sessionsHit, entries, blocked_seconds: seconds(blockedMs), blocked_now: blockedNow },
    tokens: { total: tokensKnown > 0 ? tokens : null, sessions_known: tokensKnown, sessions_unknown: sessions.length - tokensKnown },
  };
}

/**
 * Stats over the sessions that started in the period, per provider and in total. Sessions that
 * started earlier are left out (their number is reported): every figure describes the same
 * sessions, and a session's time lies wholly inside the period. Pure.
 */
export function sessionStats(sessions: readonly StatsSession[], period: StatsPeriod): SessionStatsReport {
  const until = period.until.getTime();
  const since = period.since?.getTime() ?? null;
  const started = since === null ? [...sessions] : sessions.filter((session) => Date.parse(session.createdAt) >= since);
  const periodStart = since ?? started.reduce((earliest, session) => Math.min(earliest, Date.parse(session.createdAt)), until);
  const earlierAlive =
    since === null
      ? 0
      : sessions.filter(
          (session) => Date.parse(session.createdAt) < since && (session.endedAt === null || Date.parse(session.endedAt) > since),
        ).length;
  const byProvider = new Map<string, StatsSession[]>();
  for (const session of started) {
    const list = byProvider.get(session.provider) ?? [];
    list.push(session);
    byProvider.set(session.provider, list);
  }
  const providers = [...byProvider.entries()]
    .sort(([a, left], [b, right]) => right.length - left.length || a.localeCompare(b))
    .map(([provider, list]) => ({ provider, ...groupStats(list, periodStart, until) }));
  return {
    period: { since: new Date(periodStart).toISOString(), until: period.until.toISOString(), seconds: seconds(until - periodStart) },
    providers,
    totals: groupStats(started, periodStart, until),
    earlier_sessions_alive: earlierAlive,
  };
}
