import type { SessionRecord } from '@agentpool/store';
import type { SessionContext } from './session-context.js';
import { evaluateSession } from './session-evaluator.js';

/**
 * Brings every live session's record in line with tmux in one `list-panes` call: a session
 * whose pane died or vanished becomes `exited`/`error` (with its exit status when known) or
 * `cancelled` (runtime limit). Live panes are not captured here.
 */
export async function reconcileSessions(context: SessionContext): Promise<SessionRecord[]> {
  const live = await context.store.sessions.listLive();
  if (live.length === 0) return [];
  const panes = await context.runtime.listPanes();
  const byName = new Map(panes.map((pane) => [pane.sessionName, pane]));
  const ended: SessionRecord[] = [];
  for (const session of live) {
    const pane = byName.get(session.tmuxSession) ?? null;
    if (pane && !pane.dead) continue;
    const result = await evaluateSession(context, session, pane?.dead ? {} : { pane: null, skipCapture: true });
    if (result.evaluation.ended) ended.push(result.session);
  }
  return ended;
}
