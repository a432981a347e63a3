/** Long enough for another agentpool process to finish a write transaction or a migration: how long a transaction waits in all for another process's write lock before it reports the store busy. */
export const WRITE_LOCK_TIMEOUT_MS = 10_000;

/**
 * How long one try at the write lock lets SQLite's busy handler wait before giving control back.
 * The handler sleeps 1, 2, 5 and 10 ms between its attempts, then 15-100 ms: with 20 writers a
 * waiter often slept long after the lock came free (p95 650-850 ms per claim on 2 cores). Capped
 * at 20 ms a try, no sleep exceeds 10 ms; the waiting happens in SQLite (no JavaScript per
 * attempt), and between tries the process's event loop runs.
 */
export const WRITE_LOCK_SLICE_MS = 20;
