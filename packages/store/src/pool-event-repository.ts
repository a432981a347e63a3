import type { Kysely, Selectable } from 'kysely';
import type { PoolEventRecord, PoolEventRepository } from './records.js';
import type { Database, PoolEventsTable } from './schema.js';

const DEFAULT_LIMIT = 50;

export function createPoolEventRepository(db: Kysely<Database>): PoolEventRepository {
  return {
    async append(event) {
      const row = await db
        .insertInto('pool_events')
        .values({
          at: event.at ?? new Date().toISOString(),
          type: event.type,
          provider: event.provider,
          account: event.account,
          session_id: event.sessionId,
          data: JSON.stringify(event.data),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async list(options = {}) {
      let select = db.selectFrom('pool_events').selectAll();
      if (options.provider !== undefined) select = select.where('provider', '=', options.provider);
      if (options.types !== undefined && options.types.length > 0) select = select.where('type', 'in', [...options.types]);
      const rows = await select
        .orderBy('id', 'desc')
        .limit(options.limit ?? DEFAULT_LIMIT)
        .execute();
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: Selectable<PoolEventsTable>): PoolEventRecord {
  return {
    id: row.id,
    at: row.at,
    type: row.type,
    provider: row.provider,
    account: row.account,
    sessionId: row.session_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
