import { ACCOUNT_STATUS_PROVIDERS, type AccountStatusReport } from '@agentpool/sdk';
import { z } from 'zod';
import { defineTool } from './tool-definition.js';
import { looseOutput, MAX_USAGE_REFRESH_SECONDS } from './tool-schemas.js';

function statusText(report: AccountStatusReport): string {
  const lines = report.accounts.map((row) => {
    const windows = row.windows.map((window) => `${window.kind} ${window.remaining_percent}% left`).join(', ');
    return `${row.account}${row.kind === 'account' ? ` (account, pool ${row.pool}${row.paused ? ', paused' : ''})` : ''}: ${row.usable ? 'usable' : `not usable${row.reason ? `: ${row.reason}` : ''}`}${windows ? ` (${windows})` : ''}`;
  });
  if (report.partial) lines.push(`partial: no answer in time for ${report.late_accounts.join(', ')}`);
  return lines.join('\n') || `no ${report.provider} accounts and no auth files in the team folder`;
}

/** The opt-in `pool` toolset: the account pool's accounts. */
export const poolTools = [
  defineTool({
    name: 'get_account_status',
    toolset: 'pool',
    description:
      "Every registered account and auth team file of a provider at once: usable, windows, resets. Read by the provider's own probe, never a TUI; late = unknown.",
    input: z.strictObject({
      provider: z.enum(ACCOUNT_STATUS_PROVIDERS as [string, ...string[]]).optional(),
      timeout_seconds: z.number().positive().max(MAX_USAGE_REFRESH_SECONDS).optional().describe('default 20'),
    }),
    output: looseOutput({ accounts: z.array(z.unknown()), partial: z.boolean() }),
    // Caches each account's snapshot; reads no worker and changes no login.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, { pool }) {
      const report = await pool.accountStatus({
        provider: args.provider,
        timeoutMs: args.timeout_seconds === undefined ? undefined : Math.max(1, Math.round(args.timeout_seconds * 1000)),
      });
      return { value: { ...report }, text: statusText(report) };
    },
  }),
];
