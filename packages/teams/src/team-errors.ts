import { AgentPoolError, type ErrorCode } from '@agentpool/core';

/** A team error: team_ops' message, agentpool's code, and the next command to try. */
export function teamError(code: ErrorCode, message: string, hint?: string, details: Record<string, unknown> = {}): AgentPoolError {
  return new AgentPoolError(code, message, hint === undefined ? { details } : { details, hint });
}

/** A request the board refuses as asked (exit 2): unknown ids, bad values, missing flags. */
export const invalidRequest = (message: string, hint?: string, details: Record<string, unknown> = {}): AgentPoolError =>
  teamError('INVALID_REQUEST', message, hint, details);
