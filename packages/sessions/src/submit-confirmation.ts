import type { SessionRecord } from '@agentpool/store';
import { factsOf, type SessionContext } from './session-context.js';
import { evaluateSession } from './session-evaluator.js';

/** How long after the submit key a turn may show no sign of work before its input is looked for. */
const FIRST_LOOK_MS = 1500;
/** How often the screen is read meanwhile. */
const POLL_MS = 250;
/** Submit presses after the first, at most. */
const MAX_REPEATS = 2;
/** How long one press is given to take effect. */
const PER_PRESS_MS = 1500;
/** The bottom lines of the screen where an input box sits. */
const INPUT_REGION_LINES = 8;

const squash = (line: string) => line.replace(/\s+/g, ' ').trim();

/**
 * Whether `text` still waits in the worker's input box: its first line (up to 40 characters) on one
 * of the screen's last non-blank lines, or a collapsed paste (Claude Code 2.1 draws a long paste as
 * `[Pasted text #1 +12 lines]`). Read together with "no sign of work yet": a submitted prompt shown
 * in the history above an empty input box is that too, but by then its turn has shown work.
 */
export function textLeftInInput(screen: readonly string[], text: string): boolean {
  const firstLine = squash(text.split('\n').find((line) => line.trim() !== '') ?? '');
  if (firstLine === '') return false;
  const probe = firstLine.slice(0, 40);
  const bottom = screen
    .filter((line) => line.trim() !== '')
    .slice(-INPUT_REGION_LINES)
    .map(squash);
  return bottom.some((line) => line.includes(probe) || /\[Pasted text #\d+/.test(line));
}

/**
 * After a paste and its submit key: makes sure the turn started. A CLI still busy with its own
 * start-up (Claude Code just after `--resume` redraws the conversation it continues) can take the
 * paste into its input box and drop the Enter; the worker then sits at its prompt with the task
 * unsent. While the turn shows no sign of work, the screen reads as ready and the text is still in
 * the input box, the submit key is pressed again (at most twice, each recorded as a
 * `submit_repeated` event). An Enter on an empty input box does nothing in these CLIs, and none is
 * pressed once any sign of work was seen.
 */
export async function confirmSubmitted(context: SessionContext, session: SessionRecord, text: string): Promise<void> {
  if (text.trim() === '') return;
  const facts = factsOf(context, session);
  let repeats = 0;
  let lookFrom = Date.now() + FIRST_LOOK_MS;
  const deadline = lookFrom + (MAX_REPEATS + 1) * PER_PRESS_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const look = await evaluateSession(context, session.id);
    if (look.session.endedAt !== null || look.evaluation.workSeen || look.session.turnCount !== session.turnCount) return;
    if (Date.now() < lookFrom) continue;
    if (look.observation?.state !== 'ready' || !textLeftInInput(look.screen ?? [], text)) continue;
    if (repeats >= MAX_REPEATS) return;
    repeats += 1;
    await context.runtime.sendKeys(session.tmuxSession, facts.submitKeys);
    await context.store.events.append({
      sessionId: session.id,
      type: 'submit_repeated',
      state: look.evaluation.state,
      data: {
        turn: session.turnCount,
        press: repeats + 1,
        reason: 'the text was still in the input box and the turn showed no sign of work',
      },
    });
    lookFrom = Date.now() + PER_PRESS_MS;
  }
}
