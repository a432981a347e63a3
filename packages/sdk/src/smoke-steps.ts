import type { SessionState } from '@agentpool/core';
import type { SessionManager } from '@agentpool/sessions';
import type { SmokeReport, SmokeStep } from './smoke.js';

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
  /** Runs `step`, times it, records `check`'s verdict on its value and returns the value. */
  timed<T>(step: string, run: () => Promise<T>, check: (value: T) => Omit<SmokeStep, 'step' | 'ms'>): Promise<T>;
  /** Names the worker the smoke spawned (terminated when the steps end); returns its id. */
  spawned(sessionId: string): string;
  /**
   * Runs the smoke's steps: an error that ends them early is recorded as a failed step, and the
   * spawned worker is then terminated as a step of its own (a terminate that throws, a failed one).
   */
  run(sessions: SessionManager, steps: () => Promise<void>): Promise<void>;
  /** The report of the steps run: passed when every step did. */
  report(provider: string, resultSummary: string | null): SmokeReport;
}

export function createSmokeSteps(): SmokeSteps {
  const steps: SmokeStep[] = [];
  let sessionId: string | null = null;
  const timed = async <T>(step: string, run: () => Promise<T>, check: (value: T) => Omit<SmokeStep, 'step' | 'ms'>) => {
    const started = Date.now();
    const value = await run();
    steps.push({ step, ms: Date.now() - started, ...check(value) });
    return value;
  };
  const failed = (step: string, error: unknown) => steps.push({ step, ok: false, ms: 0, detail: (error as Error).message });
  return {
    timed,
    spawned: (id) => {
      sessionId = id;
      return id;
    },
    run: async (sessions, run) => {
      try {
        await run();
      } catch (error) {
        failed('error', error);
      } finally {
        const id = sessionId;
        if (id) {
          await timed(
            'terminate',
            () => sessions.terminate(id),
            (result) => ({ ok: result.state === 'cancelled' || result.alreadyTerminated, state: result.state }),
          ).catch((error: unknown) => failed('terminate', error));
        }
      }
    },
    report: (provider, resultSummary) => ({
      ok: steps.length > 0 && steps.every((step) => step.ok),
      provider,
      session_id: sessionId,
      steps,
      result_summary: resultSummary,
    }),
  };
}
