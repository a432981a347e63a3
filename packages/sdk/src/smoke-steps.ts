import type { SessionState } from '@agentpool/core';
import type { SessionManager } from '@agentpool/sessions';
import type { SmokeStep } from './smoke.js';

/** States a smoke's turn can end in, or stop at, without the smoke answering anything. */
export const SMOKE_TURN_OUTCOMES: readonly SessionState[] = [
  'completed',
  'idle',
  'question',
  'approval_prompt',
  'error',
  'limit_reached',
  'auth_required',
  'startup_prompt',
];

/** The steps of one smoke as they are run: each timed and judged, the worker always terminated. */
export interface SmokeSteps {
  readonly steps: readonly SmokeStep[];
  /** Runs `step`, times it, records `check`'s verdict on its value and returns the value. */
  timed<T>(step: string, run: () => Promise<T>, check: (value: T) => Omit<SmokeStep, 'step' | 'ms'>): Promise<T>;
  /** Records an error that ended the smoke early. */
  failed(error: unknown): void;
  /** Terminates the worker as a step of its own; a terminate that throws is recorded as a failed step. */
  terminate(sessions: SessionManager, sessionId: string): Promise<void>;
  /** Whether every step ran and passed. */
  passed(): boolean;
}

export function createSmokeSteps(): SmokeSteps {
  const steps: SmokeStep[] = [];
  const timed = async <T>(step: string, run: () => Promise<T>, check: (value: T) => Omit<SmokeStep, 'step' | 'ms'>) => {
    const started = Date.now();
    const value = await run();
    steps.push({ step, ms: Date.now() - started, ...check(value) });
    return value;
  };
  return {
    steps,
    timed,
    failed: (error) => {
      steps.push({ step: 'error', ok: false, ms: 0, detail: (error as Error).message });
    },
    terminate: async (sessions, sessionId) => {
      await timed(
        'terminate',
        () => sessions.terminate(sessionId),
        (result) => ({ ok: result.state === 'cancelled' || result.alreadyTerminated, state: result.state }),
      ).catch((error: unknown) => steps.push({ step: 'terminate', ok: false, ms: 0, detail: (error as Error).message }));
    },
    passed: () => steps.length > 0 && steps.every((step) => step.ok),
  };
}
