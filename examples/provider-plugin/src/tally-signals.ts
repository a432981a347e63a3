import { parseJsonObject, type WorkerSignal } from '@agentpool/core';

/** One event tally's `--notify` program got: the end of a turn, or a question before writing a file. */
export function parseTallyEvent(payload: string): WorkerSignal | null {
  const event = parseJsonObject(payload);
  if (event?.type === 'turn-end') {
    const text = event['last-message'];
    return { kind: 'turn_completed', finalText: typeof text === 'string' ? text : undefined };
  }
  if (event?.type === 'approval') {
    const message = event.message;
    return { kind: 'needs_input', input: 'approval', message: typeof message === 'string' ? message : undefined };
  }
  return null;
}
