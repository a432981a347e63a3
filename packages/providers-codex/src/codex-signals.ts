import { parseJsonObject, type WorkerSignal } from '@agentpool/core';

/**
 * Codex's own turn reports, as 0.169 sends them:
 * - `notify`: the configured program gets one JSON argument
 *   `{"type":"agent-turn-complete","thread-id","turn-id","cwd","input-messages","last-assistant-message"}`
 *   when a turn ends;
 * - its TUI writes `ESC ] 7501 ; state=working|done|idle:app=codex` into its output as its state changes.
 */
export const CODEX_STATE_OSC = 7501;

/**
 * Whether a turn's last reply ends by asking the caller something: its last line ends with a
 * question mark and it carries no agentpool result block. Such a turn waits for an answer, so it
 * is reported as a question rather than a plain completion.
 */
export function endsWithQuestion(text: string | undefined): boolean {
  if (!text || text.includes('AGENTPOOL_RESULT_END')) return false;
  const last = text.trim().split('\n').at(-1)?.trim() ?? '';
  return /\?["'’”)*_`]*$/.test(last);
}

/** A `notify` record as a turn event. */
export function parseCodexNotify(payload: string): WorkerSignal | null {
  const event = parseJsonObject(payload);
  if (!event) return null;
  if (event.type !== 'agent-turn-complete') return null;
  const text = event['last-assistant-message'];
  // The message the turn answered: Codex also reports its own internal turns (a title for the thread).
  const inputs = Array.isArray(event['input-messages']) ? event['input-messages'] : [];
  const input = inputs.at(-1);
  // A turn that ends by asking the caller something waits for an answer.
  if (typeof text === 'string' && endsWithQuestion(text)) return { kind: 'needs_input', input: 'question', message: text };
  return {
    kind: 'turn_completed',
    finalText: typeof text === 'string' && text !== '' ? text : undefined,
    input: typeof input === 'string' ? input : undefined,
  };
}

/**
 * The TUI's in-band state sequence (`state=working:app=codex`) as a turn event. 0.169 also writes
 * `state=idle` (start-up, between turns), `state=blocked:app=codex:kind=permission` while its
 * approval prompt is shown and `state=error` when a model call failed; these say nothing here. A
 * blocked state is not turned into "needs input" on purpose: an in-band sequence has no time, so it
 * could not be told apart from one the caller has already answered, and the screen rules read the
 * prompt itself. An error is written for a usage limit too: the screen's banner tells which it was.
 */
export function parseCodexStateSequence(data: string): WorkerSignal | null {
  const state = /(?:^|[;:])state=([a-z_]+)/.exec(data)?.[1];
  if (state === 'working') return { kind: 'turn_started' };
  if (state === 'done') return { kind: 'turn_completed' };
  return null;
}
