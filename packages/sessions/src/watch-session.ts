import { SESSION_STATES } from '@agentpool/core';
import { observeSession } from './observe-session.js';
import type { SessionContext } from './session-context.js';
import { type EvaluatedSession, evaluateSession } from './session-evaluator.js';

/** How long one round of the underlying observe waits before it starts again (the watch itself has no end). */
const WATCH_ROUND_MS = 10 * 60_000;

/**
 * Calls `onChange` each time a session's state changes, until the session ends or `signal` aborts.
 * It waits the way a waiting observe does (the pane's output, its exit file and native signals wake
 * it), so a change is reported as soon as observe would return for it. Resolves with the last look.
 */
export async function watchSession(
  context: SessionContext,
  sessionId: string,
  onChange: (evaluated: EvaluatedSession) => void,
  signal: AbortSignal,
): Promise<EvaluatedSession> {
  let last = await evaluateSession(context, sessionId);
  while (!signal.aborted && !last.evaluation.ended) {
    const current = last.evaluation.state;
    const result = await observeSession(context, {
      sessionId,
      waitFor: SESSION_STATES.filter((state) => state !== current),
      timeoutMs: WATCH_ROUND_MS,
      signal,
    });
    if (result.cancelled) break;
    if (result.evaluated.evaluation.state !== current) onChange(result.evaluated);
    last = result.evaluated;
  }
  return last;
}
