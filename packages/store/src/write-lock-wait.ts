/** Long enough for another agentpool process to finish a write transaction or a migration: how long a transaction waits in all for another process's write lock before it reports the store busy. */
export const WRITE_LOCK_TIMEOUT_MS = 10_000;

/**
 * The pause before the next try at the write lock. SQLite's own busy handler backs off to 100 ms
 * sleeps, so with 20 writers a waiter often sleeps long after the lock came free (p95 650-850 ms
 * per claim on 2 cores). Short, jittered pauses (0.5-3 ms) keep a waiter close behind the holder
 * without many waiters waking in step; a write holds the lock well under a millisecond.
 */
export function writeLockPauseMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(3, 1 + attempt * 0.25);
  return 0.5 + random() * (ceiling - 0.5);
}
