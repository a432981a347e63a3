import type { SessionState } from '@agentpool/core';
import type { Kysely, Selectable } from 'kysely';
import type { EventRepository, SessionEventRecord } from './records.js';
import type { Database, SessionEventsTable } from './schema.js';
import { sessionNotFound } from './session-repository.js';
import { isForeignKeyViolation } from './sqlite-constraint.js';

const ID_CHUNK = 500;

export function createEventRepository(db: Kysely<Database>): EventRepository {
  return {
    async append(event): Promise<SessionEventRecord> {
      try {
        const row = await db
          .insertInto('session_events')
          .values({
            session_id: event.sessionId,
            at: event.at ?? new Date().toISOString(),
            type: event.type,
            state: event.state,
            data: JSON.stringify(event.data),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toEventRecord(row);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw sessionNotFound(event.sessionId);
        throw error;
      }
    },

    async list(sessionId, options = {}): Promise<SessionEventRecord[]> {
      let select = db.selectFrom('session_events').selectAll().where('session_id', '=', sessionId);
      if (options.afterId !== undefined) select = select.where('id', '>', options.afterId);
      select = select.orderBy('id');
      if (options.limit !== undefined) select = select.limit(options.limit);
      const rows = await select.execute();
      return rows.map(toEventRecord);
    },

    async listStateEvents(sessionIds): Promise<SessionEventRecord[]> {
      const events: SessionEventRecord[] = [];
      // Chunked: SQLite caps the number of bound parameters in one statement.
      for (let start = 0; start < sessionIds.length; start += ID_CHUNK) {
        const rows = await db
          .selectFrom('session_events')
          .selectAll()
          .where('session_id', 'in', sessionIds.slice(start, start + ID_CHUNK))
          .where('state', 'is not', null)
          .orderBy('session_id')
          .orderBy('id')
          .execute();
        events.push(...rows.map(toEventRecord));
      }
      return events;
    },
  };
}

function toEventRecord(row: Selectable<SessionEventsTable>): SessionEventRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    at: row.at,
    type: row.type,
    state: row.state as SessionState | null,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
