import { AgentPoolError, echoValue, redact } from '@agentpool/core';
import type { Kysely, Selectable } from 'kysely';
import { runImmediate } from './immediate-transaction.js';
import { leasesConflict, resourcesOverlap } from './lease-overlap.js';
import type { AcquireLease, LeaseMode, LeaseRecord, LeaseRepository } from './records.js';
import type { Database, LeasesTable } from './schema.js';

const LEASE_MODES: readonly LeaseMode[] = ['read', 'write'];

export function createLeaseRepository(db: Kysely<Database>): LeaseRepository {
  return {
    async acquire(request: AcquireLease): Promise<LeaseRecord> {
      const { ttlSeconds } = request;
      const now = request.now ?? new Date();
      const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
      // An absurd ttl overflows Date; reject it with the same error as a negative one.
      if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0 || Number.isNaN(expiresAt.getTime())) {
        throw new AgentPoolError('INVALID_REQUEST', `ttlSeconds must be a positive number of seconds, not ${String(ttlSeconds)}.`, {
          details: { ttl_seconds: ttlSeconds },
          hint: `agentpool leases acquire ${request.resource} --mode ${request.mode} --ttl-seconds 600 --json`,
        });
      }
      if (!LEASE_MODES.includes(request.mode)) {
        throw new AgentPoolError('INVALID_REQUEST', `A lease mode is read or write, not ${String(request.mode)}.`, {
          details: { mode: request.mode, valid: LEASE_MODES },
          hint: `agentpool leases acquire ${request.resource} --mode read --ttl-seconds ${ttlSeconds} --json`,
        });
      }
      const nowIso = now.toISOString();
      return runImmediate(db, async (trx) => {
        const active = await trx
          .selectFrom('leases')
          .selectAll()
          .where('released_at', 'is', null)
          .where('expires_at', '>', nowIso)
          .execute();
        const conflicts = active
          .filter((row) => resourcesOverlap(row.resource, request.resource) && leasesConflict(row.mode as LeaseMode, request.mode))
          .map(toLeaseRecord)
          .map((lease) => ({
            id: lease.id,
            resource: lease.resource,
            mode: lease.mode,
            holder: lease.holder,
            expires_at: lease.expiresAt,
          }));
        if (conflicts.length > 0) {
          throw new AgentPoolError(
            'LEASE_CONFLICT',
            `${request.resource} overlaps ${conflicts.length} active lease(s) that a ${request.mode} lease cannot share.`,
            { details: { resource: request.resource, mode: request.mode, conflicts }, hint: 'agentpool leases list --json' },
          );
        }
        const row = await trx
          .insertInto('leases')
          .values({
            id: request.id,
            resource: request.resource,
            mode: request.mode,
            holder: redact(request.holder),
            created_at: nowIso,
            expires_at: expiresAt.toISOString(),
            released_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toLeaseRecord(row);
      });
    },

    async list(options = {}): Promise<LeaseRecord[]> {
      let select = db.selectFrom('leases').selectAll();
      if (options.holder !== undefined) select = select.where('holder', '=', redact(options.holder));
      if (options.includeInactive !== true) {
        const nowIso = (options.now ?? new Date()).toISOString();
        select = select.where('released_at', 'is', null).where('expires_at', '>', nowIso);
      }
      const rows = await select.orderBy('created_at').orderBy('id').execute();
      return rows.map(toLeaseRecord);
    },

    async release(id, now = new Date()): Promise<LeaseRecord> {
      await db
        .updateTable('leases')
        .set({ released_at: now.toISOString() })
        .where('id', '=', id)
        .where('released_at', 'is', null)
        .execute();
      const row = await db.selectFrom('leases').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) {
        throw new AgentPoolError('LEASE_NOT_FOUND', `No lease has the id ${echoValue(id)}.`, {
          details: { lease_id: echoValue(id) },
          hint: 'agentpool leases list --json',
        });
      }
      return toLeaseRecord(row);
    },

    async releaseByHolder(holder, now = new Date()): Promise<number> {
      const nowIso = now.toISOString();
      const result = await db
        .updateTable('leases')
        .set({ released_at: nowIso })
        .where('holder', '=', redact(holder))
        .where('released_at', 'is', null)
        .where('expires_at', '>', nowIso)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

function toLeaseRecord(row: Selectable<LeasesTable>): LeaseRecord {
  return {
    id: row.id,
    resource: row.resource,
    mode: row.mode as LeaseMode,
    holder: row.holder,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    releasedAt: row.released_at,
  };
}
