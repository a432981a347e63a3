import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import { WRITE_LOCK_SLICE_MS, WRITE_LOCK_TIMEOUT_MS } from './write-lock-wait.js';

const isBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');

/**
 * Takes the write lock with `BEGIN IMMEDIATE` in short tries (see WRITE_LOCK_SLICE_MS) instead of
 * one long busy wait, yielding to the event loop between tries; the connection's usual busy timeout
 * is restored once the lock is held or the wait gives up.
 */
async function beginImmediate(conn: Kysely<Database>): Promise<void> {
  const deadline = Date.now() + WRITE_LOCK_TIMEOUT_MS;
  await sql`PRAGMA busy_timeout = ${sql.raw(String(WRITE_LOCK_SLICE_MS))}`.execute(conn);
  try {
    for (;;) {
      try {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await sql`PRAGMA busy_timeout = ${sql.raw(String(WRITE_LOCK_TIMEOUT_MS))}`.execute(conn);
  }
}

/**
 * Runs `fn` in one `BEGIN IMMEDIATE` transaction on a single connection: the write lock is taken
 * up front, so a read-then-write (a cap check, a lease overlap check) cannot interleave with another
 * process. `fn` must use the `trx` it receives; the outer `db` waits until the transaction ends.
 * This is the only place that spells `BEGIN IMMEDIATE` (a PostgreSQL dialect would swap it).
 */
export async function runImmediate<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn);
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
