import type { PoolAccount, PoolAccountStore } from '@agentpool/account-pool';
import type { Kysely, Selectable } from 'kysely';
import { runImmediate } from './immediate-transaction.js';
import type { Database, PoolAccountsTable } from './schema.js';

const accountOf = (row: Selectable<PoolAccountsTable>): PoolAccount => ({
  label: row.label,
  provider: row.provider,
  pool: row.pool,
  sourceHome: row.source_home,
  authFile: row.auth_file,
  paused: row.paused !== 0,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** `PoolAccountStore` over `pool_accounts`: paths and flags only, each change one BEGIN IMMEDIATE transaction. */
export function createPoolAccountRepository(db: Kysely<Database>): PoolAccountStore {
  const read = async (trx: Kysely<Database>, label: string) =>
    trx.selectFrom('pool_accounts').selectAll().where('label', '=', label).executeTakeFirst();
  return {
    async list() {
      const rows = await db.selectFrom('pool_accounts').selectAll().orderBy('label').execute();
      return rows.map(accountOf);
    },
    async get(label) {
      const row = await read(db, label);
      return row ? accountOf(row) : null;
    },
    add: (account, at) =>
      runImmediate(db, async (trx) => {
        if (await read(trx, account.label)) return null;
        const row = {
          label: account.label,
          provider: account.provider,
          pool: account.pool,
          source_home: account.sourceHome,
          auth_file: account.authFile,
          paused: 0,
          created_at: at,
          updated_at: at,
        };
        await trx.insertInto('pool_accounts').values(row).execute();
        return accountOf(row);
      }),
    remove: (label) =>
      runImmediate(db, async (trx) => {
        const row = await read(trx, label);
        if (!row) return null;
        await trx.deleteFrom('pool_accounts').where('label', '=', label).execute();
        return accountOf(row);
      }),
    setPaused: (label, paused, at) =>
      runImmediate(db, async (trx) => {
        const row = await read(trx, label);
        if (!row) return null;
        const changed = { paused: paused ? 1 : 0, updated_at: at };
        await trx.updateTable('pool_accounts').set(changed).where('label', '=', label).execute();
        return accountOf({ ...row, ...changed });
      }),
  };
}
