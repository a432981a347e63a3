import { AgentPoolError, echoValue } from '@agentpool/core';

/** The parts of a stats report a caller can ask for. */
export const STATS_SECTIONS = ['sessions', 'parallelism', 'limits', 'tokens', 'usage'] as const;
export type StatsSection = (typeof STATS_SECTIONS)[number];

/** What `--since` takes, as examples: a span back from now, an ISO date or time, or everything. */
export const SINCE_FORMS: readonly string[] = ['12h', '7d', '30d', '2w', '2025-01-31', '2025-01-31T09:00:00Z', 'all'];
export const DEFAULT_SINCE = '7d';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const SPAN = /^(\d{1,6})([hdw])$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function invalidSince(value: string, why: string): AgentPoolError {
  const shown = echoValue(value);
  return new AgentPoolError(
    'INVALID_REQUEST',
    `--since "${shown}" ${why}. Use a span back from now (12h, 7d, 30d, 2w), an ISO date or time (2025-01-31, 2025-01-31T09:00:00Z) or "all".`,
    { details: { option: '--since', value: shown, valid: SINCE_FORMS }, hint: 'agentpool stats --since 7d' },
  );
}

/** Whether year-month-day names a real day (V8 reads 2025-02-30 as 2 March). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The start of the period `--since` names: `12h`/`7d`/`2w` back from `now`, an ISO date (midnight
 * UTC) or time (local time unless it carries `Z` or an offset), or null for `all`. A malformed
 * value, a zero span or a time in the future is INVALID_REQUEST listing the valid forms.
 */
export function parseSince(input: string, now: Date): Date | null {
  const value = input.trim();
  if (value === 'all') return null;
  const span = SPAN.exec(value);
  if (span) {
    const count = Number(span[1]);
    if (count === 0) throw invalidSince(input, 'must reach back at least one hour, day or week');
    return new Date(now.getTime() - count * (UNIT_MS[span[2] as string] as number));
  }
  const iso = ISO.exec(value);
  if (!iso) throw invalidSince(input, 'is neither a span, a date nor "all"');
  const [year, month, day, hour, minute, second] = [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]].map((part) =>
    part === undefined ? 0 : Number(part),
  ) as [number, number, number, number, number, number];
  const at = Date.parse(value);
  if (!isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59 || Number.isNaN(at)) {
    throw invalidSince(input, 'is not a real date or time');
  }
  if (at > now.getTime()) throw invalidSince(input, `is in the future (now is ${now.toISOString()})`);
  return new Date(at);
}

/** Parses a section list ("sessions,limits" or an array); empty means every section. Unknown names are INVALID_REQUEST. */
export function parseStatsSections(input: string | readonly string[] | undefined): StatsSection[] {
  if (input === undefined) return [...STATS_SECTIONS];
  const parts = (typeof input === 'string' ? input.split(',') : [...input]).map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) {
    throw new AgentPoolError('INVALID_REQUEST', `--sections is empty; name one or more of ${STATS_SECTIONS.join(', ')}.`, {
      details: { option: '--sections', valid: STATS_SECTIONS },
      hint: 'agentpool stats --sections sessions,limits',
    });
  }
  const unknown = [...new Set(parts.filter((part) => !(STATS_SECTIONS as readonly string[]).includes(part)))]
    .slice(0, 10)
    .map((part) => echoValue(part));
  if (unknown.length > 0) {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `Unknown section in --sections: ${unknown.join(', ')}. Valid: ${STATS_SECTIONS.join(', ')}.`,
      {
        details: { option: '--sections', unknown, valid: STATS_SECTIONS },
        hint: 'agentpool stats --sections sessions,limits',
      },
    );
  }
  // Kept in report order whatever order they were named in.
  return STATS_SECTIONS.filter((section) => parts.includes(section));
}
