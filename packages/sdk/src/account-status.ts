import { chmodSync, copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { PoolAccount } from '@agentpool/account-pool';
import { AgentPoolError, boundedCall, type ProviderAdapter, type ProviderContext, redact } from '@agentpool/core';
import { createSnapshot, snapshotFromReport, type UsageSnapshot, type UsageSnapshotCache } from '@agentpool/usage';
import { ACCOUNT_HOME_PROVIDERS, accountHomeFiles } from './account-home-layout.js';
import { summaryRow, type UsageSummaryRow } from './usage-summary.js';

export const ACCOUNT_STATUS_PROVIDERS = ACCOUNT_HOME_PROVIDERS;

/** One login whose limits `accountStatus` reads. */
export interface StatusAccount {
  /** The row's name: a registered account's label, or an auth team file's name. */
  readonly name: string;
  /** `account`: registered with `pool accounts add`; `auth_file`: a file of the auth team folder. */
  readonly kind: 'account' | 'auth_file';
  /** The login file (its content is never read here); null: the source home's own login file. */
  readonly authFile: string | null;
  /** The home whose configuration (never its sessions, logs or history) the private home gets. */
  readonly sourceHome: string | null;
  /** A registered account's pool and paused flag. */
  readonly pool?: string | undefined;
  readonly paused?: boolean | undefined;
  /** Other names the same login is known by (an auth team file a registered account also names): its snapshot is cached under each. */
  readonly aliases?: readonly string[] | undefined;
}

export interface AccountStatusRequest {
  readonly adapter: ProviderAdapter;
  readonly accounts: readonly StatusAccount[];
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
  /** The account's label, or the auth file's name. */
  readonly account: string;
  readonly kind: 'account' | 'auth_file';
  /** A registered account's pool (null for an auth file). */
  readonly pool: string | null;
  readonly paused: boolean;
  /** The auth team file a registered account shares its login with, if any. */
  readonly also_known_as: readonly string[];
}

export interface AccountStatusReport {
  readonly provider: string;
  readonly generated_at: string;
  readonly partial: boolean;
  readonly late_accounts: string[];
  readonly accounts: AccountStatusRow[];
}

/**
 * Every account's limits at once: each login is copied (0600) into a private home (0700) that has
 * the source home's configuration and nothing else, the provider's own probe reads that home (Codex:
 * its app-server and the usage endpoint with that login; Claude: the usage endpoint with that
 * CLAUDE_CONFIG_DIR's login), and the home is removed. All accounts run in parallel under one
 * budget; a late or failed one is unknown, never full. Each snapshot is cached under the account's
 * name (and its aliases), which is what the headroom strategy and the spawn gate read.
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
    request.accounts.map(async (entry): Promise<AccountStatusRow> => {
      const account = entry.name;
      const home = mkdtempSync(join(request.scratchDir, 'account-'));
      let snapshot: UsageSnapshot;
      try {
        for (const file of layout.configFiles) {
          const from = entry.sourceHome ? join(entry.sourceHome, file) : null;
          if (from && existsSync(from)) copyFileSync(from, join(home, file));
        }
        const authFile = entry.authFile ?? (entry.sourceHome ? join(entry.sourceHome, layout.authFile) : null);
        if (!authFile || !existsSync(authFile)) throw new Error(`no login file: ${authFile ?? `${layout.authFile} in the source home`}`);
        const login = join(home, layout.authFile);
        copyFileSync(authFile, login);
        chmodSync(login, 0o600);
        const base = request.contextFor(adapter.id);
        const context: ProviderContext = {
          ...base,
          account: { id: account, home, env: { [layout.homeVariable]: home }, disposable: true },
        };
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
        // Off the main thread: the other accounts' answers are read meanwhile.
        await rm(home, { recursive: true, force: true });
      }
      for (const name of [account, ...(entry.aliases ?? [])]) {
        await request.cache.put(name === account ? snapshot : { ...snapshot, accountId: name }).catch(() => undefined);
      }
      const row = summaryRow(adapter.id, snapshot, {
        now: new Date(request.now()),
        minRemainingPercent: request.minRemainingPercent,
        staleAfterSeconds: request.staleAfterSeconds,
        late: late.includes(account),
      });
      return {
        ...row,
        account,
        kind: entry.kind,
        pool: entry.pool ?? null,
        paused: entry.paused === true,
        also_known_as: [...(entry.aliases ?? [])],
      };
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

/**
 * The logins `pool status` reads for a provider: its registered accounts, then the auth team
 * folder's files. A file that a registered account also names is read once, under the account's
 * label, with the file's name as an alias.
 */
export function statusAccounts(
  registered: readonly PoolAccount[],
  teamFiles: readonly string[],
  defaultSourceHome: string | null,
): StatusAccount[] {
  const byFile = new Map<string, string[]>();
  const accounts: StatusAccount[] = registered.map((account) => ({
    name: account.label,
    kind: 'account',
    authFile: account.authFile,
    // As the account's workers get it: its own home's configuration, or none.
    sourceHome: account.sourceHome,
    pool: account.pool,
    paused: account.paused,
  }));
  for (const file of teamFiles) {
    const owner = registered.find((account) => account.authFile !== null && resolve(account.authFile) === resolve(file));
    if (owner) byFile.set(owner.label, [...(byFile.get(owner.label) ?? []), basename(file)]);
    else accounts.push({ name: basename(file), kind: 'auth_file', authFile: file, sourceHome: defaultSourceHome });
  }
  return accounts.map((account) => (byFile.has(account.name) ? { ...account, aliases: byFile.get(account.name) } : account));
}
