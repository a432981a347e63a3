import type { UsageSnapshot } from './usage-snapshot.js';

/**
 * Where snapshots are kept between runs. The store implements it over `usage_snapshots`; a script
 * without a database can use `createMemorySnapshotCache()`. Keyed by provider and account (null:
 * the provider's default home). Callers put only snapshots a probe really made: a failed probe is
 * cached as `error`, never as a fresh `ok`.
 */
export interface UsageSnapshotCache {
  get(providerId: string, accountId: string | null): Promise<UsageSnapshot | null>;
  /** Replaces what was kept for the snapshot's provider and account. */
  put(snapshot: UsageSnapshot): Promise<void>;
}

const keyOf = (providerId: string, accountId: string | null): string => JSON.stringify([providerId, accountId]);

/** A cache in memory, for tests and short-lived scripts. */
export function createMemorySnapshotCache(): UsageSnapshotCache & { readonly size: number } {
  const entries = new Map<string, UsageSnapshot>();
  return {
    async get(providerId, accountId) {
      return entries.get(keyOf(providerId, accountId)) ?? null;
    },
    async put(snapshot) {
      entries.set(keyOf(snapshot.providerId, snapshot.accountId), snapshot);
    },
    get size() {
      return entries.size;
    },
  };
}
