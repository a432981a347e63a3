import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `fn` in one `BEGIN IMMEDIATE` transaction on a single connection: the write lock is taken
 * up front, so a read-then-write (a cap check, a lease overlap check) cannot interleave with another
 * process. `fn` must use the `trx` it receives; the outer `db` waits until the transaction ends.
 * This is the only place that spells `BEGIN IMMEDIATE` (a PostgreSQL dialect would swap it).
 */
export async function runImmediate<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (error) {
      try {
        await sql`ROLLBACK`.execute(conn);
      } catch {
        // SQLite may already have rolled back (e.g. after SQLITE_FULL); the original error is the one to report.
      }
      throw error;
    }
    await sql`COMMIT`.execute(conn);
    return result;
  });
}
