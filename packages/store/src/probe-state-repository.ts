import type { ProbeStateStore } from '@agentpool/core';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** `ProbeStateStore` over the `probe_state` table: one row per key, replaced whole on write. */
export function createProbeStateRepository(db: Kysely<Database>): ProbeStateStore {
  return {
    async read(key) {
      const row = await db.selectFrom('probe_state').select(['value']).where('key', '=', key).executeTakeFirst();
      return row ? new Uint8Array(row.value) : null;
    },
    async write(key, value) {
      const updatedAt = new Date().toISOString();
      await db
        .insertInto('probe_state')
        .values({ key, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength), updated_at: updatedAt })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value'), updated_at: updatedAt }))
        .execute();
    },
  };
}
