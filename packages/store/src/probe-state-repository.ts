import type { ProbeStateStore } from '@agentpool/core';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Rows per statement (3 parameters each, well under SQLite's 32766-parameter limit). */
const WRITE_BATCH = 500;

const bytesOf = (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/** `ProbeStateStore` over the `probe_state` table: one row per key, replaced whole on write. */
export function createProbeStateRepository(db: Kysely<Database>): ProbeStateStore {
  const upsert = (executor: Kysely<Database>, key: string, value: Uint8Array, updatedAt: string) =>
    executor
      .insertInto('probe_state')
      .values({ key, value: bytesOf(value), updated_at: updatedAt })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value'), updated_at: updatedAt }))
      .execute();
  return {
    async read(key) {
      const row = await db.selectFrom('probe_state').select(['value']).where('key', '=', key).executeTakeFirst();
      return row ? new Uint8Array(row.value) : null;
    },
    async write(key, value) {
      await upsert(db, key, value, new Date().toISOString());
    },
    async list(prefix) {
      // A range on the primary key: every key that starts with the prefix, through the index.
      const rows = await db
        .selectFrom('probe_state')
        .select(['key', 'value'])
        .where('key', '>=', prefix)
        .where('key', '<', `${prefix}\uffff`)
        .execute();
      return rows.filter((row) => row.key.startsWith(prefix)).map((row) => [row.key, new Uint8Array(row.value)]);
    },
    async writeMany(entries) {
      if (entries.length === 0) return;
      const updatedAt = new Date().toISOString();
      const deletes = entries.filter(([, value]) => value === null).map(([key]) => key);
      const rows = entries.flatMap(([key, value]) => (value === null ? [] : [{ key, value: bytesOf(value), updated_at: updatedAt }]));
      await db.transaction().execute(async (trx) => {
        // A scan may write thousands of keys: a few statements of many rows, not one per key.
        for (let at = 0; at < deletes.length; at += WRITE_BATCH) {
          await trx
            .deleteFrom('probe_state')
            .where('key', 'in', deletes.slice(at, at + WRITE_BATCH))
            .execute();
        }
        for (let at = 0; at < rows.length; at += WRITE_BATCH) {
          await trx
            .insertInto('probe_state')
            .values(rows.slice(at, at + WRITE_BATCH))
            .onConflict((conflict) =>
              conflict.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value'), updated_at: updatedAt }),
            )
            .execute();
        }
      });
    },
  };
}
