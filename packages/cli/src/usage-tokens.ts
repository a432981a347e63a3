import { AgentPoolError, echoValue } from '@agentpool/core';
import { sinceDay, type TokenUsageReport } from '@agentpool/sdk';
import type { Command } from 'commander';
import { type CliRun, providerList } from './cli-context.js';
import { defineAction, type Options } from './command-kit.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const thousands = (value: number) => value.toLocaleString('en-US');

function tokensText(report: TokenUsageReport): string {
  if (report.days.length === 0) {
    const none = Object.keys(report.providers).length === 0 ? 'no provider with a token log' : 'no tokens in the local logs';
    return `${none}${report.since ? ` since ${report.since}` : ''}`;
  }
  const header = ['day', 'provider', 'input', 'output', 'cache write', 'cache read', 'total'];
  const rows = report.days.map((day) => [
    day.day,
    day.provider,
    thousands(day.tokens.input),
    thousands(day.tokens.output),
    thousands(day.tokens.cacheCreation),
    thousands(day.tokens.cacheRead),
    thousands(day.tokens.total),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ');
  const lines = [line(header), ...rows.map(line)];
  for (const [provider, row] of Object.entries(report.providers)) {
    if (row.corrupt_lines > 0) lines.push(`${provider}: ${row.corrupt_lines} corrupt line(s) skipped in its logs`);
  }
  lines.push(`days in ${report.time_zone}; from the providers' local logs on this machine`);
  return lines.join('\n');
}

export function registerUsageTokens(usage: Command, run: CliRun): void {
  defineAction(
    usage
      .command('tokens')
      .description(
        "tokens per provider and day from the providers' own local logs (Claude session logs, Codex rollouts); reads only what was appended since the last run",
      )
      .option('--since <when>', 'the last N days (7d), a date (2026-11-01) or all (default 7d)')
      .option('--provider <ids>', 'only these providers (comma-separated)')
      .option('--timezone <zone>', 'the IANA time zone days are cut in (default: this machine’s)'),
    run,
    async (_args, options: Options) => {
      const timeZone = str(options.timezone);
      if (timeZone !== undefined) {
        try {
          new Intl.DateTimeFormat('en-CA', { timeZone });
        } catch {
          throw new AgentPoolError('INVALID_REQUEST', `--timezone "${echoValue(timeZone)}" is not an IANA time zone.`, {
            details: { option: '--timezone', value: echoValue(timeZone) },
            hint: 'agentpool usage tokens --timezone Europe/Berlin',
          });
        }
      }
      const since = sinceDay(str(options.since), new Date(), timeZone);
      const pool = await run.agentPool();
      const providers = providerList(str(options.provider), 'agentpool usage tokens --provider claude-code');
      const report = await pool.usage.tokens({ providers, since, timeZone });
      return { value: report, human: () => tokensText(report) };
    },
  );
}
