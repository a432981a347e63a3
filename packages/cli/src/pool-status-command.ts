import { AgentPoolError } from '@agentpool/core';
import { ACCOUNT_STATUS_PROVIDERS, type AccountStatusReport, USAGE_REFRESH_TIMEOUT_MS } from '@agentpool/sdk';
import type { Command } from 'commander';
import { type CliRun, oneOf, parseSeconds } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { usageRowText } from './usage-commands.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function statusText(report: AccountStatusReport): string {
  if (report.accounts.length === 0) return 'no auth files in the team folder';
  const now = new Date(report.generated_at);
  const width = Math.max(...report.accounts.map((row) => row.account.length));
  const lines = report.accounts.map((row) => usageRowText({ ...row, provider: row.account }, now, width));
  if (report.partial) lines.push(`partial: no answer in time for ${report.late_accounts.join(', ')}`);
  return lines.join('\n');
}

/** `agentpool pool status`: every account of the auth team at once, through the provider's own probe. */
export function registerPoolStatus(pool: Command, run: CliRun): void {
  defineAction(
    pool
      .command('status')
      .description("every auth file's limits at once, each read in a private copy of its home by the provider's own probe (no TUI)")
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
      return { value: report, human: () => statusText(report) };
    },
  );
}
