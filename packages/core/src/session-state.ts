import { echoValue } from './echo.js';
import { AgentPoolError } from './errors.js';

/**
 * What a worker session is doing. `completed` belongs to a turn (the worker delivered its result
 * and waits for more); a session itself ends only as `exited`, `cancelled` or `error` with
 * `endedAt` set.
 */
export const SESSION_STATES = [
  'starting',
  'startup_prompt',
  'auth_required',
  'working',
  'idle',
  'question',
  'approval_prompt',
  'limit_reached',
  'completed',
  'error',
  'exited',
  'cancelled',
] as const;

export type SessionState = (typeof SESSION_STATES)[number];

/** States a session can only be in once it has ended. */
export const FINAL_STATES: readonly SessionState[] = ['exited', 'cancelled'];

/** States that mean "the worker waits for the caller". */
export const ATTENTION_STATES: readonly SessionState[] = [
  'startup_prompt',
  'auth_required',
  'idle',
  'question',
  'approval_prompt',
  'limit_reached',
  'completed',
  'error',
];

export function isSessionState(value: string): value is SessionState {
  return (SESSION_STATES as readonly string[]).includes(value);
}

/**
 * Parses a `--wait-for` list ("completed,question" or an array). Unknown names are an error that
 * lists the valid ones; nothing is silently dropped.
 */
export function parseWaitFor(input: string | readonly string[]): SessionState[] {
  const parts = (typeof input === 'string' ? input.split(',') : [...input]).map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) {
    throw new AgentPoolError('INVALID_WAIT_FOR', 'The --wait-for list is empty.', {
      details: { valid: SESSION_STATES },
      hint: 'agentpool observe <session-id> --wait-for completed,question,approval_prompt,error',
    });
  }
  // At most ten unknown names, each cut short: the caller's list is not echoed back whole.
  const unknown = [...new Set(parts.filter((part) => !isSessionState(part)))].slice(0, 10).map((part) => echoValue(part));
  if (unknown.length > 0) {
    throw new AgentPoolError('INVALID_WAIT_FOR', `Unknown state in --wait-for: ${unknown.join(', ')}.`, {
      details: { unknown, valid: SESSION_STATES },
      hint: 'agentpool observe <session-id> --wait-for completed,question,approval_prompt,error',
    });
  }
  return [...new Set(parts)] as SessionState[];
}
