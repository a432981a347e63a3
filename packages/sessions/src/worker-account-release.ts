import type { SessionRecord } from '@agentpool/store';
import { removePrivateWorkerHome } from './private-worker-home.js';
import type { SessionContext } from './session-context.js';

/**
 * Once a session that ran on an account has ended: its private home goes (guarded, see
 * removePrivateWorkerHome) and its live pool assignment is released, each recorded as an event.
 * Idempotent: a second call finds nothing to do.
 */
export async function releaseWorkerAccount(
  context: SessionContext,
  session: Pick<SessionRecord, 'id' | 'accountId' | 'state'>,
): Promise<void> {
  if (session.accountId === null) return;
  const removal = removePrivateWorkerHome(context.paths.homes, session.id);
  if (removal.status !== 'absent') {
    await context.store.events.append({
      sessionId: session.id,
      type: removal.status === 'removed' ? 'worker_home_removed' : 'worker_home_kept',
      state: session.state,
      data: { path: removal.path, ...(removal.status === 'refused' ? { reason: removal.reason } : {}) },
    });
  }
  const held = (await context.store.accountPool.read(null)).assignments.some((assignment) => assignment.worker === session.id);
  if (!held) return;
  const released = await context.store.accountPool.update(null, (state) => ({
    state: { ...state, assignments: state.assignments.filter((assignment) => assignment.worker !== session.id) },
    result: state.assignments.find((assignment) => assignment.worker === session.id) ?? null,
  }));
  if (released) {
    await context.store.events.append({
      sessionId: session.id,
      type: 'account_released',
      state: session.state,
      data: { account: released.account ?? session.accountId },
    });
  }
}
