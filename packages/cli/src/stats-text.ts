import type { PoolStats, StatsGroup, StatsProviderRow } from '@agentpool/sdk';
import { table } from './output.js';
import { localTime } from './usage-commands.js';

/** `3h 05m`, `4m 02s`, `12s`, `2d 03h`: a duration to its two largest units. */
export function durationText(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const units: readonly [string, number][] = [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  const first = units.findIndex(([, size]) => whole >= size);
  const [bigName, bigSize] = units[first] as [string, number];
  const [smallName, smallSize] = units[first + 1] as [string, number];
  const small = Math.floor((whole % bigSize) / smallSize);
  return `${Math.floor(whole / bigSize)}${bigName} ${String(small).padStart(2, '0')}${smallName}`;
}

/** Two decimals, or two significant digits for a mean below 0.01 (a few minutes in a month), so it never reads 0.00. */
function meanText(mean: number | null): string {
  if (mean === null) return '-';
  return mean > 0 && mean < 0.01 ? mean.toPrecision(2) : mean.toFixed(2);
}

/** `cancelled 2, completed 1`; `-` when empty. */
function countsText(counts: Readonly<Record<string, number>> | undefined): string {
  const entries = Object.entries(counts ?? {});
  return entries.length === 0 ? '-' : entries.map(([key, count]) => `${key} ${count}`).join(', ');
}

type Row = { readonly provider: string } & Partial<StatsGroup> & Pick<StatsProviderRow, 'usage'>;

function sectionTable(
  title: string,
  headers: readonly string[],
  rows: readonly Row[],
  cells: (row: Row) => readonly (string | number | null)[],
): string {
  return `${title}\n${table(
    headers,
    rows.map((row) => [row.provider, ...cells(row)]),
    60,
  )}`;
}

/** `agentpool stats` for people: a line on the period, then a compact table per section. */
export function statsText(stats: PoolStats): string {
  const now = new Date(stats.period.until);
  const since = `${localTime(stats.period.since, now)} (${stats.period.since_input})`;
  const lines: string[] = [];
  const earlier =
    stats.earlier_sessions_alive > 0
      ? `${stats.earlier_sessions_alive} session${stats.earlier_sessions_alive === 1 ? '' : 's'} started before the period and still alive in it ${stats.earlier_sessions_alive === 1 ? 'is' : 'are'} not counted (an earlier --since includes ${stats.earlier_sessions_alive === 1 ? 'it' : 'them'}).`
      : null;
  const empty = stats.session_count === 0;
  if (empty) {
    const named = stats.providers.map((row) => row.provider);
    lines.push(`no ${named.length > 0 ? `${named.join(', ')} ` : ''}sessions since ${since}`);
  } else {
    lines.push(
      `${stats.session_count} session${stats.session_count === 1 ? '' : 's'} since ${since}, until ${localTime(stats.period.until, now)}`,
    );
  }
  if (earlier) lines.push(earlier);
  const rows: Row[] = empty
    ? []
    : stats.providers.length > 1
      ? [...stats.providers, { provider: 'all', ...stats.totals }]
      : [...stats.providers];
  const sections: string[] = [];
  if (stats.sections.includes('sessions') && rows.length > 0) {
    sections.push(
      sectionTable(
        'sessions',
        ['provider', 'sessions', 'live', 'states', 'ended after', 'roles', 'turns', 'total', 'median'],
        rows,
        (row) => {
          const counts = row.sessions;
          if (!counts) return [];
          return [
            counts.count,
            counts.live,
            countsText(counts.by_state),
            countsText(counts.ended_after),
            countsText(counts.by_role),
            counts.turns,
            durationText(counts.total_seconds),
            counts.median_seconds === null ? '-' : durationText(counts.median_seconds),
          ];
        },
      ),
    );
  }
  if (stats.sections.includes('parallelism') && rows.length > 0) {
    sections.push(
      sectionTable('parallelism', ['provider', 'peak', 'peak at', 'mean'], rows, (row) => {
        const parallelism = row.parallelism;
        if (!parallelism) return [];
        return [parallelism.peak, parallelism.peak_at === null ? '-' : localTime(parallelism.peak_at, now), meanText(parallelism.mean)];
      }),
    );
  }
  if (stats.sections.includes('limits') && rows.length > 0) {
    sections.push(
      sectionTable('limits', ['provider', 'sessions hit', 'times', 'blocked', 'blocked now'], rows, (row) => {
        const limits = row.limits;
        if (!limits) return [];
        return [limits.sessions_hit, limits.entries, durationText(limits.blocked_seconds), limits.blocked_now];
      }),
    );
  }
  if (stats.sections.includes('tokens') && rows.length > 0) {
    sections.push(
      sectionTable('tokens', ['provider', 'tokens', 'known for'], rows, (row) => {
        const tokens = row.tokens;
        if (!tokens) return [];
        return [
          tokens.total === null ? 'unknown' : tokens.total,
          `${tokens.sessions_known} of ${tokens.sessions_known + tokens.sessions_unknown} sessions`,
        ];
      }),
    );
  }
  const usageRows = stats.providers.filter((row) => row.usage !== undefined);
  if (stats.sections.includes('usage') && usageRows.length > 0) {
    sections.push(
      sectionTable('usage snapshot', ['provider', 'age', 'status'], usageRows, (row) => {
        const usage = row.usage;
        if (!usage || usage.age_seconds === null) return ['never probed', '-'];
        return [`${durationText(usage.age_seconds)} old`, usage.status];
      }),
    );
  }
  lines.push(...sections.map((section) => `\n${section}`));
  lines.push(...stats.warnings.map((warning) => `warning: ${warning}`));
  return lines.join('\n');
}
