import { AgentPoolError } from '@agentpool/core';
import type { UsageSnapshot, UsageSnapshotCache } from '@agentpool/usage';
import type { Kysely } from 'kysely';
import { runImmediate } from './immediate-transaction.js';
import type { Database } from './schema.js';

const STATUSES: ReadonlySet<string> = new Set(['ok', 'limit_reached', 'unknown', 'error']);

/** '' stands for the provider's default home: a NULL in the primary key would let duplicates in. */
const accountKey = (accountId: string | null): string => accountId ?? '';

/** A row written by an older or broken agentpool is read as "nothing cached", never as figures. */
function readSnapshot(text: string): UsageSnapshot | null {
  try {
    const value = JSON.parse(text) as Partial<UsageSnapshot> | null;
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof value.providerId !== 'string' ||
      !Array.isArray(value.windows) ||
      typeof value.status !== 'string' ||
      !STATUSES.has(value.status) ||
      typeof value.fetchedAt !== 'string' ||
      Number.isNaN(Date.parse(value.fetchedAt))
    ) {
      return null;
    }
    return value as UsageSnapshot;
  } catch {
    return null;
  }
}

/**
 * `UsageSnapshotCache` over the `usage_snapshots` table. A put is one BEGIN IMMEDIATE transaction
 * that keeps the later reading: a probe that answered earlier but finished writing later (two
 * refreshes at once) never replaces a newer snapshot, so an old figure is never returned as the fresh one.
 */
export function createUsageSnapshotRepository(db: Kysely<Database>): UsageSnapshotCache {
  return {
    async get(providerId, accountId) {
      const row = await db
        .selectFrom('usage_snapshots')
        .select(['snapshot'])
        .where('provider_id', '=', providerId)
        .where('account_key', '=', accountKey(accountId))
        .executeTakeFirst();
      return row ? readSnapshot(row.snapshot) : null;
    },
    async put(snapshot) {
      const fetched = Date.parse(snapshot.fetchedAt);
      if (typeof snapshot.providerId !== 'string' || snapshot.providerId === '' || Number.isNaN(fetched)) {
        throw new AgentPoolError('INVALID_REQUEST', 'A usage snapshot needs a provider id and the time it was fetched.', {
          details: { provider: String(snapshot.providerId), fetched_at: String(snapshot.fetchedAt) },
        });
      }
      const key = accountKey(snapshot.accountId);
      const fetchedAt = new Date(fetched).toISOString();
      await runImmediate(db, async (trx) => {
        const existing = await trx
          .selectFrom('usage_snapshots')
          .select(['fetched_at'])
          .where('provider_id', '=', snapshot.providerId)
          .where('account_key', '=', key)
          .executeTakeFirst();
        if (existing && Date.parse(existing.fetched_at) > fetched) return;
        const row = {
          provider_id: snapshot.providerId,
          account_key: key,
          account_id: snapshot.accountId,
          status: snapshot.status,
          fetched_at: fetchedAt,
          snapshot: JSON.stringify(snapshot),
          updated_at: new Date().toISOString(),
        };
        await trx
          .insertInto('usage_snapshots')
          .values(row)
          .onConflict((conflict) =>
            conflict.columns(['provider_id', 'account_key']).doUpdateSet({
              account_id: row.account_id,
              status: row.status,
              fetched_at: row.fetched_at,
              snapshot: row.snapshot,
              updated_at: row.updated_at,
            }),
          )
          .execute();
      });
    },
  };
}
