import type { SessionRecord } from '@agentpool/store';
import type { SessionContext } from './session-context.js';
import { evaluateSession } from './session-evaluator.js';

/**
 * Brings every live session's record in line with tmux in one `list-panes` call: a session
 * whose pane died or vanished (confirmed by a direct look) becomes `exited`/`error` (with its exit status when known) or
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
    // The listing is older than the row evaluateSession reads afresh: a worker whose pane started
    // after the listing (and whose row now says so) must not read as gone, so a missing or dead pane
    // is looked at directly before anything is recorded.
    const result = await evaluateSession(context, session);
    if (result.evaluation.ended) ended.push(result.session);
  }
  return ended;
}
