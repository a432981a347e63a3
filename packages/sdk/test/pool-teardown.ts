import type { AgentPool } from '../src/index.js';

/** After a test: stops every live worker of the pool (its tmux session, its private home) and closes the pool. */
export async function closePool(pool: AgentPool | null): Promise<void> {
  if (!pool) return;
  const sessions = await pool.sessions();
  for (const session of await sessions.list({ includeEnded: false })) await sessions.terminate(session.id).catch(() => undefined);
  await pool.close();
}
