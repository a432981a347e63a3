import {
  AgentPoolError,
  echoValue,
  type ProbeStateStore,
  type ProviderAdapter,
  type ProviderContext,
  type TokenTally,
} from '@agentpool/core';
import { dailyTotals, localDay, mergeSlots, scanTokenLog, type TimeSlots } from '@agentpool/usage';

/** One provider's tokens on one local day. */
export interface TokenUsageDay {
  readonly day: string;
  readonly provider: string;
  readonly tokens: TokenTally;
}

/** Tokens per day from the providers' local logs. */
export interface TokenUsageReport {
  /** The first day counted (YYYY-MM-DD, local), or null for the whole history. */
  readonly since: string | null;
  readonly time_zone: string;
  readonly days: TokenUsageDay[];
  /** Per provider: its log files, the lines skipped as corrupt, and what this scan read anew. */
  readonly providers: Record<string, { files: number; corrupt_lines: number; files_read: number; bytes_read: number }>;
  /** Providers asked for that keep no token log agentpool can read. */
  readonly without_logs: string[];
}

export interface TokenUsageRequest {
  readonly adapters: readonly ProviderAdapter[];
  readonly contextFor: (providerId: string) => ProviderContext;
  readonly state: ProbeStateStore;
  /** First local day to report (YYYY-MM-DD); all when absent. */
  readonly since?: string | undefined;
  /** IANA time zone the days are cut in; the machine's own when absent. */
  readonly timeZone?: string | undefined;
}

/**
 * Reads each provider's token logs incrementally (offsets and tallies kept in the store) and
 * reports tokens per provider and local day, oldest first.
 */
export async function tokenUsage(request: TokenUsageRequest): Promise<TokenUsageReport> {
  const days: TokenUsageDay[] = [];
  const providers: TokenUsageReport['providers'] = {};
  const withoutLogs: string[] = [];
  for (const adapter of request.adapters) {
    const context = request.contextFor(adapter.id);
    const sources = adapter.tokenLogs?.(context) ?? [];
    if (sources.length === 0) {
      withoutLogs.push(adapter.id);
      continue;
    }
    const slots: TimeSlots = new Map();
    const row = { files: 0, corrupt_lines: 0, files_read: 0, bytes_read: 0 };
    for (const source of sources) {
      const history = await scanTokenLog(source, { state: request.state });
      mergeSlots(slots, history.slots);
      row.files += history.files;
      row.corrupt_lines += history.corruptLines;
      row.files_read += history.filesRead;
      row.bytes_read += history.bytesRead;
    }
    providers[adapter.id] = row;
    for (const { day, tally } of dailyTotals(slots, request.timeZone)) {
      if (request.since === undefined || day >= request.since) days.push({ day, provider: adapter.id, tokens: tally });
    }
  }
  days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.provider < b.provider ? -1 : 1));
  return {
    since: request.since ?? null,
    time_zone: request.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    days,
    providers,
    without_logs: withoutLogs,
  };
}

const DAY_MS = 86_400_000;

/**
 * `--since`: `7d` (the last 7 local days, today included), `YYYY-MM-DD`, or `all`. Default 7d.
 * Returns the first local day, or undefined for all.
 */
export function sinceDay(value: string | undefined, now: Date, timeZone?: string): string | undefined {
  const text = (value ?? '7d').trim();
  if (text === 'all') return undefined;
  const days = /^(\d{1,4})d$/.exec(text);
  if (days && Number(days[1]) >= 1) return localDay(now.getTime() - (Number(days[1]) - 1) * DAY_MS, timeZone);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return text;
  throw new AgentPoolError(
    'INVALID_REQUEST',
    `--since must be a number of days like 7d, a date like 2026-11-01, or all; got "${echoValue(text)}".`,
    {
      details: { option: '--since', value: echoValue(text) },
      hint: 'agentpool usage tokens --since 30d',
    },
  );
}
