import type { ScreenState } from '@agentpool/core';
import type { SessionContext } from './session-context.js';
import { type EvaluatedSession, evaluateSession } from './session-evaluator.js';

/** The longest input waits for the screen to show the prompt a signal announced. */
const MAX_WAIT_MS = 3000;
const POLL_MS = 50;
/** Screens that can take an answer: the prompt itself, or a worker past it. */
const ANSWERABLE: ReadonlySet<ScreenState> = new Set(['approval_prompt', 'question', 'startup_prompt', 'ready', 'error', 'limit_reached']);

/**
 * Waits until the worker's screen shows the prompt a native signal announced. A CLI's hook may say
 * "permission needed" before its dialog is drawn and reads keys (Droid, Gemini): an Enter sent then
 * is lost and the worker stays waiting. Returns the look to deliver input on: at once when the
 * state did not come from such a signal or the screen already shows it; else after the screen
 * does, or after 3 s (the caller's input is sent then anyway).
 */
export async function waitForAnnouncedPrompt(context: SessionContext, evaluated: EvaluatedSession): Promise<EvaluatedSession> {
  let current = evaluated;
  const deadline = Date.now() + MAX_WAIT_MS;
  while (announcedButNotShown(current) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = await evaluateSession(context, current.session.id);
  }
  return current;
}

function announcedButNotShown(evaluated: EvaluatedSession): boolean {
  const { evaluation, observation } = evaluated;
  if (evaluation.ended || evaluation.source !== 'signal') return false;
  if (evaluation.state !== 'approval_prompt' && evaluation.state !== 'question') return false;
  return observation !== undefined && !ANSWERABLE.has(observation.state);
}
