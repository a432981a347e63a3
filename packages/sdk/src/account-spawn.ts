import type { AccountPool, Headroom, PoolAccount } from '@agentpool/account-pool';
import { AgentPoolError, newSessionId } from '@agentpool/core';
import type { SessionManager, SpawnRequest, SpawnResult } from '@agentpool/sessions';

/** A spawn as the CLI, MCP and sdk callers make it: optionally on a named pool account or one picked from a pool. */
export interface PoolSpawnRequest extends Omit<SpawnRequest, 'account' | 'poolAccount' | 'sessionId'> {
  /** Run on this account (its label); the provider may be left out (the account's) or must match. */
  readonly account?: string | undefined;
  /** Pick an unpaused account of this pool (a pool name or a provider id) with the configured auth strategy. */
  readonly pool?: string | undefined;
  /** Spawn even when the cached usage is at or below the buffer (as `spawn --allow-low-usage`). */
  readonly allowLowUsage?: boolean | undefined;
}

export interface PoolSpawnResult extends SpawnResult {
  /** The account the worker runs on (null: the provider's default home). */
  readonly account: {
    readonly label: string;
    readonly provider: string;
    readonly pool: string;
    /** How it was chosen: `named` (--account) or the pool's auth strategy. */
    readonly chosenBy: string;
    readonly headroom: Headroom | null;
  } | null;
}

export interface PoolSpawnDeps {
  readonly accountPool: AccountPool;
  readonly sessions: () => Promise<SessionManager>;
  readonly checkSpawn: (request: SpawnRequest) => Promise<void>;
  /** The usage gate for the provider, or for one of its accounts. */
  readonly usageGate: (providerId: string, options: { allowLowUsage: boolean; accountId?: string }) => Promise<string[]>;
}

function matchProvider(request: PoolSpawnRequest, account: PoolAccount): string {
  const asked = request.provider?.trim();
  if (asked && asked !== account.provider) {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `Account ${account.label} is a ${account.provider} account; the spawn asked for ${asked.slice(0, 40)}.`,
      {
        details: { account: account.label, account_provider: account.provider, provider: asked.slice(0, 40) },
        hint: `agentpool spawn --account ${account.label} --task "…"   (the provider comes from the account)`,
      },
    );
  }
  return account.provider;
}

/**
 * Spawns a worker, on a pool account when asked: `account` names one (UNKNOWN_ACCOUNT lists the
 * known ones), `pool` picks one and records the worker's live assignment first (released if the
 * spawn fails, and by the session's end otherwise). The worker runs in a private copy of the
 * account's home (see createPrivateWorkerHome) that the session's end removes.
 */
export async function spawnOnPool(deps: PoolSpawnDeps, request: PoolSpawnRequest): Promise<PoolSpawnResult> {
  const { account: label, pool, allowLowUsage, ...base } = request;
  if (label !== undefined && pool !== undefined) {
    throw new AgentPoolError('INVALID_REQUEST', 'Give --account or --pool, not both.', {
      hint: 'agentpool spawn --pool codex-cli --task "…"',
    });
  }
  if (label === undefined && pool === undefined) {
    await deps.checkSpawn(base);
    const warnings = await deps.usageGate(base.provider, { allowLowUsage: allowLowUsage === true });
    const spawned = await (await deps.sessions()).spawn(base);
    return { ...spawned, warnings: [...warnings, ...spawned.warnings], account: null };
  }
  const sessionId = newSessionId();
  let account: PoolAccount;
  let chosenBy = 'named';
  let headroom: Headroom | null = null;
  if (label !== undefined) {
    account = await deps.accountPool.accounts.get(label);
    if (account.paused) {
      throw new AgentPoolError('ACCOUNTS_PAUSED', `Account ${account.label} is paused.`, {
        details: { account: account.label },
        hint: `agentpool pool resume ${account.label}`,
      });
    }
  } else {
    // The provider is checked first: a request that cannot run records no assignment.
    if (base.provider?.trim()) await deps.checkSpawn(base);
    const picked = await deps.accountPool.pickAccount({ pool: pool as string, worker: sessionId });
    ({ account, headroom } = picked);
    chosenBy = picked.strategy;
  }
  try {
    const spawnRequest: SpawnRequest = {
      ...base,
      provider: matchProvider(base, account),
      sessionId,
      poolAccount: { label: account.label, sourceHome: account.sourceHome, authFile: account.authFile },
    };
    await deps.checkSpawn(spawnRequest);
    const warnings = await deps.usageGate(account.provider, { allowLowUsage: allowLowUsage === true, accountId: account.label });
    const spawned = await (await deps.sessions()).spawn(spawnRequest);
    return {
      ...spawned,
      warnings: [...warnings, ...spawned.warnings],
      account: { label: account.label, provider: account.provider, pool: account.pool, chosenBy, headroom },
    };
  } catch (error) {
    if (pool !== undefined) await deps.accountPool.release(sessionId);
    throw error;
  }
}
