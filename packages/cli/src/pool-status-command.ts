import { AgentPoolError } from '@agentpool/core';
import { ACCOUNT_STATUS_PROVIDERS, type AccountStatusReport, USAGE_REFRESH_TIMEOUT_MS } from '@agentpool/sdk';
import type { PoolEventRecord } from '@agentpool/store';
import type { Command } from 'commander';
import { type CliRun, oneOf, parseSeconds } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { usageRowText } from './usage-commands.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A rotation step as `pool status --json` shows it. */
const eventView = (event: PoolEventRecord) => ({
  at: event.at,
  type: event.type,
  account: event.account,
  session_id: event.sessionId,
  data: event.data,
});

/** Recent rotation steps, newest first (probes left out: the rows above show the accounts). */
const ROTATION_STEPS = [
  'decision',
  'rotation_marked',
  'waiting_for_reset',
  'worker_waiting',
  'worker_stopped',
  'worker_home_swapped',
  'worker_resumed',
  'worker_assigned',
  'worker_continued',
  'worker_failed',
];

function eventsText(events: readonly PoolEventRecord[]): string[] {
  if (events.length === 0) return [];
  const lines = events.map((event) => {
    const data = event.data as Record<string, unknown>;
    const what =
      event.type === 'decision'
        ? `${data.action}${data.to ? ` -> ${data.to}` : ''}: ${data.reason}`
        : event.type === 'rotation_marked'
          ? `${data.from} -> ${data.to}`
          : `${event.sessionId ?? ''}${data.reason ? ` ${data.reason}` : ''}`;
    return `  ${event.at} ${event.type} ${event.account ?? '-'} ${what}`;
  });
  return ['', 'recent rotation steps:', ...lines];
}

/** A row's name: an auth file's name, or a registered account's label with its pool (and paused). */
const rowName = (row: AccountStatusReport['accounts'][number]): string =>
  row.kind === 'auth_file' ? row.account : `${row.account} [${row.pool}${row.paused ? ', paused' : ''}]`;

function statusText(report: AccountStatusReport, events: readonly PoolEventRecord[] = []): string {
  if (report.accounts.length === 0) {
    return [`no ${report.provider} accounts and no auth files in the team folder`, ...eventsText(events)].join('\n');
  }
  const now = new Date(report.generated_at);
  const width = Math.max(...report.accounts.map((row) => rowName(row).length));
  const lines = report.accounts.map((row) => usageRowText({ ...row, provider: rowName(row) }, now, width));
  if (report.partial) lines.push(`partial: no answer in time for ${report.late_accounts.join(', ')}`);
  lines.push(...eventsText(events));
  return lines.join('\n');
}

/** `agentpool pool status`: every registered account and auth team file of a provider at once, through the provider's own probe. */
export function registerPoolStatus(pool: Command, run: CliRun): void {
  defineAction(
    pool
      .command('status')
      .description(
        "the limits of every registered account and auth team file at once, each read in a private copy of its home by the provider's own probe (no TUI)",
      )
      .option('--provider <id>', `${ACCOUNT_STATUS_PROVIDERS.join(' | ')} (default codex-cli)`)
      .option('--timeout <seconds>', `the budget for all accounts together (default ${USAGE_REFRESH_TIMEOUT_MS / 1000})`)
      .option('--team-dir <path>', 'the auth team folder (default pool.auth_team_dir / CAP_AUTH_TEAM_DIR)')
      .option('--glob <pattern>', 'which file names are auth files (default pool.auth_team_glob / CAP_AUTH_TEAM_GLOB, "*")'),
    run,
    async (_args, options) => {
      const provider = oneOf(text(options.provider), ACCOUNT_STATUS_PROVIDERS, '--provider', 'agentpool pool status --provider codex-cli');
      const seconds = parseSeconds(text(options.timeout), '--timeout');
      if (seconds !== undefined && seconds <= 0) {
        throw new AgentPoolError('INVALID_TIMEOUT', '--timeout must be more than 0 seconds.', {
          details: { option: '--timeout', value: text(options.timeout) },
          hint: 'agentpool pool status --timeout 20',
        });
      }
      const pool = await run.agentPool();
      const report = await pool.accountStatus({
        provider,
        timeoutMs: seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000)),
        teamDir: text(options.teamDir),
        glob: text(options.glob),
      });
      const events = (await pool.rotationEvents({ provider, limit: 200 }))
        .filter((event) => ROTATION_STEPS.includes(event.type))
        .slice(0, 20);
      return { value: { ...report, rotation_events: events.map(eventView) }, human: () => statusText(report, events) };
    },
  );
}
