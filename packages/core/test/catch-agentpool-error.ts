import { AgentPoolError } from '../src/errors.js';

/** Runs `fn` and returns the AgentPoolError it throws; fails the test when it throws nothing or something else. */
export function catchAgentPoolError(fn: () => unknown): AgentPoolError {
  try {
    fn();
  } catch (error) {
    if (AgentPoolError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AgentPoolError, but nothing was thrown');
}

/** Awaits `fn` and returns the AgentPoolError it rejects with; fails the test otherwise. */
export async function catchAgentPoolErrorAsync(fn: () => Promise<unknown>): Promise<AgentPoolError> {
  try {
    await fn();
  } catch (error) {
    if (AgentPoolError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AgentPoolError, but nothing was thrown');
}
