import type { ProbeStateStore } from '@agentpool/core';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

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
      await db.transaction().execute(async (trx) => {
        for (const [key, value] of entries) {
          if (value === null) await trx.deleteFrom('probe_state').where('key', '=', key).execute();
          else await upsert(trx, key, value, updatedAt);
        }
      });
    },
  };
}
