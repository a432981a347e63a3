import type { ProviderRegistry } from '@agentpool/core';
import type { SessionEventRecord, SessionRecord, Store } from '@agentpool/store';
import { type SessionStatsReport, type StatsGroup, type StatsSession, sessionStats } from './session-stats.js';
import { DEFAULT_SINCE, parseSince, parseStatsSections, type StatsSection } from './stats-request.js';

/** What `pool.stats` is asked for; every field is validated before the store is opened. */
export interface StatsRequest {
  /** `12h`, `7d`, `30d`, `2w`, an ISO date or time, or `all` (default `7d`). */
  readonly since?: string | undefined;
  /** Only these providers (each must be registered). */
  readonly providers?: readonly string[] | undefined;
  /** Only these sections ("sessions,limits" or a list); default every one. */
  readonly sections?: string | readonly string[] | undefined;
}

/** A checked request. */
export interface StatsQuery {
  readonly sinceInput: string;
  /** null for `all`. */
  readonly since: Date | null;
  readonly providers: readonly string[] | undefined;
  readonly sections: readonly StatsSection[];
}

/** How old each provider's cached usage snapshot (its default account) is. */
export interface UsageSnapshotAge {
  readonly fetched_at: string | null;
  readonly age_seconds: number | null;
  /** The snapshot's status (`ok`, `limit_reached`, `unknown`, `error`); null when never probed. */
  readonly status: string | null;
}

export type StatsProviderRow = { readonly provider: string } & Partial<StatsGroup> & { readonly usage?: UsageSnapshotAge };

/** `agentpool stats --json`: only the sections asked for appear in the rows and totals (docs/stats.md). */
export interface PoolStats {
  readonly period: SessionStatsReport['period'] & { readonly since_input: string };
  readonly sections: readonly StatsSection[];
  /** Sessions started in the period (whatever the sections). */
  readonly session_count: number;
  readonly providers: readonly StatsProviderRow[];
  readonly totals: Partial<StatsGroup>;
  readonly earlier_sessions_alive: number;
  /** What could not be checked (live sessions against tmux), said rather than hidden. */
  readonly warnings: readonly string[];
}

/** Validates a stats request; bad input is INVALID_REQUEST / PROVIDER_NOT_FOUND and nothing is read or written. */
export function checkStatsRequest(request: StatsRequest, now: Date, providers: ProviderRegistry): StatsQuery {
  const sinceInput = (request.since ?? DEFAULT_SINCE).trim();
  const since = parseSince(sinceInput, now);
  const sections = parseStatsSections(request.sections);
  const ids = request.providers && request.providers.length > 0 ? [...new Set(request.providers)] : undefined;
  for (const id of ids ?? []) providers.require(id);
  return { sinceInput, since, providers: ids, sections };
}

function toStatsSession(session: SessionRecord, events: readonly SessionEventRecord[]): StatsSession {
  return {
    provider: session.provider,
    role: session.role,
    state: session.state,
    createdAt: session.createdAt,
    endedAt: session.endedAt,
    turns: session.turnCount,
    // No recorder writes per-session token counts to the store yet: unknown, never 0.
    tokens: null,
    stateEvents: events.map((event) => ({
      at: event.at,
      type: event.type,
      state: event.state as string,
      from: typeof event.data.from === 'string' ? event.data.from : null,
    })),
  };
}

function pick<T extends object>(group: T, sections: readonly StatsSection[]): Partial<T> {
  return Object.fromEntries(Object.entries(group).filter(([key]) => (sections as readonly string[]).includes(key))) as Partial<T>;
}

async function usageAge(store: Store, provider: string, now: Date): Promise<UsageSnapshotAge> {
  const snapshot = await store.usage.get(provider, null);
  if (snapshot === null) return { fetched_at: null, age_seconds: null, status: null };
  return {
    fetched_at: snapshot.fetchedAt,
    age_seconds: Math.max(0, Math.floor((now.getTime() - Date.parse(snapshot.fetchedAt)) / 1000)),
    status: snapshot.status,
  };
}

/**
 * Reads the sessions alive in the period and their state events from the store, aggregates them
 * (`sessionStats`) and adds each provider's usage snapshot age. A named provider without sessions
 * still gets its row.
 */
export async function readStats(store: Store, query: StatsQuery, now: Date, warnings: readonly string[] = []): Promise<PoolStats> {
  const records = await store.sessions.listAliveSince(query.since?.toISOString() ?? null, { providers: query.providers });
  const events = await store.events.listStateEvents(records.map((record) => record.id));
  const eventsOf = new Map<string, SessionEventRecord[]>();
  for (const event of events) {
    const list = eventsOf.get(event.sessionId) ?? [];
    list.push(event);
    eventsOf.set(event.sessionId, list);
  }
  const report = sessionStats(
    records.map((record) => toStatsSession(record, eventsOf.get(record.id) ?? [])),
    { since: query.since, until: now },
  );
  const rows: (StatsGroup & { provider: string })[] = [...report.providers];
  for (const provider of query.providers ?? []) {
    if (!rows.some((row) => row.provider === provider))
      rows.push({ provider, ...sessionStats([], { since: query.since, until: now }).totals });
  }
  const providers: StatsProviderRow[] = [];
  for (const row of rows) {
    providers.push({
      provider: row.provider,
      ...pick(row, query.sections),
      ...(query.sections.includes('usage') ? { usage: await usageAge(store, row.provider, now) } : {}),
    });
  }
  return {
    period: { ...report.period, since_input: query.sinceInput },
    sections: query.sections,
    session_count: report.totals.sessions.count,
    providers,
    totals: pick(report.totals, query.sections),
    earlier_sessions_alive: report.earlier_sessions_alive,
    warnings,
  };
}
