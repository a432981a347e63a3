import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AgentPoolError, boundedCall, type ProviderAdapter, type ProviderContext, redact } from '@agentpool/core';
import { createSnapshot, snapshotFromReport, type UsageSnapshot, type UsageSnapshotCache } from '@agentpool/usage';
import { ACCOUNT_HOME_PROVIDERS, accountHomeFiles } from './account-home-layout.js';
import { summaryRow, type UsageSummaryRow } from './usage-summary.js';

export const ACCOUNT_STATUS_PROVIDERS = ACCOUNT_HOME_PROVIDERS;

export interface AccountStatusRequest {
  readonly adapter: ProviderAdapter;
  /** The team's auth files (absolute paths), as the pool lists them. */
  readonly authFiles: readonly string[];
  /** The source home whose configuration (never its sessions, logs or history) each private home gets. */
  readonly sourceHome: string | null;
  /** Where private homes are made (a folder of agentpool's home, 0700). */
  readonly scratchDir: string;
  readonly contextFor: (providerId: string) => ProviderContext;
  readonly cache: UsageSnapshotCache;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly minRemainingPercent: number;
  readonly staleAfterSeconds: number;
}

export interface AccountStatusRow extends UsageSummaryRow {
  /** The auth file's name: the account's label. Its content is never read here. */
  readonly account: string;
}

export interface AccountStatusReport {
  readonly provider: string;
  readonly generated_at: string;
  readonly partial: boolean;
  readonly late_accounts: string[];
  readonly accounts: AccountStatusRow[];
}

/**
 * Every account's limits at once: each auth file is copied (0600) into a private home (0700) that
 * has the source's configuration and nothing else, the provider's own probe reads that home (Codex:
 * its app-server and the usage endpoint with that login), and the home is removed. All accounts run
 * in parallel under one budget; a late or failed one is unknown, never full. Each snapshot is
 * cached under the account's name.
 */
export async function accountStatus(request: AccountStatusRequest): Promise<AccountStatusReport> {
  const { adapter } = request;
  const layout = accountHomeFiles(adapter);
  const probe = adapter.probeUsage?.bind(adapter);
  if (!layout || !probe) {
    throw new AgentPoolError(
      'CAPABILITY_UNSUPPORTED',
      `Account status reads ${ACCOUNT_STATUS_PROVIDERS.join(' and ')} accounts; ${adapter.id} has none.`,
      {
        details: { provider: adapter.id, supported: ACCOUNT_STATUS_PROVIDERS },
        hint: 'agentpool pool status --provider codex-cli',
      },
    );
  }
  const late: string[] = [];
  const rows = await Promise.all(
    request.authFiles.map(async (authFile): Promise<AccountStatusRow> => {
      const account = basename(authFile);
      const home = mkdtempSync(join(request.scratchDir, 'account-'));
      let snapshot: UsageSnapshot;
      try {
        for (const file of layout.configFiles) {
          const from = request.sourceHome ? join(request.sourceHome, file) : null;
          if (from && existsSync(from)) copyFileSync(from, join(home, file));
        }
        const login = join(home, layout.authFile);
        copyFileSync(authFile, login);
        chmodSync(login, 0o600);
        const base = request.contextFor(adapter.id);
        const context: ProviderContext = { ...base, account: { id: account, home, env: { [layout.homeVariable]: home } } };
        const report = await boundedCall(`${adapter.id} usage probe for ${account}`, request.timeoutMs, (signal) =>
          probe({ ...context, signal }),
        );
        snapshot = snapshotFromReport({ ...report, providerId: adapter.id, accountId: account }, new Date(request.now()));
      } catch (error) {
        const timedOut = AgentPoolError.isInstance(error) && /timed out/.test(error.message);
        if (timedOut) late.push(account);
        const reason = timedOut
          ? `the usage probe did not answer within ${request.timeoutMs / 1000} s`
          : `the usage probe failed: ${redact(error instanceof Error ? error.message : String(error))}`;
        snapshot = createSnapshot({
          providerId: adapter.id,
          accountId: account,
          status: 'error',
          reason,
          fetchedAt: new Date(request.now()),
        });
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
      await request.cache.put(snapshot).catch(() => undefined);
      const row = summaryRow(adapter.id, snapshot, {
        now: new Date(request.now()),
        minRemainingPercent: request.minRemainingPercent,
        staleAfterSeconds: request.staleAfterSeconds,
        late: late.includes(account),
      });
      return { ...row, account };
    }),
  );
  late.sort();
  return {
    provider: adapter.id,
    generated_at: new Date(request.now()).toISOString(),
    partial: late.length > 0,
    late_accounts: late,
    accounts: rows,
  };
}
