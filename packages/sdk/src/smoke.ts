import type { SessionState } from '@agentpool/core';
import type { SessionManager } from '@agentpool/sessions';
import { createSmokeSteps, SMOKE_TURN_OUTCOMES } from './smoke-steps.js';

export interface SmokeRequest {
  readonly provider: string;
  readonly repo: string;
  /** Seconds to wait for each step. */
  readonly timeoutSeconds?: number | undefined;
}

export interface SmokeStep {
  readonly step: string;
  readonly ok: boolean;
  readonly state?: SessionState | undefined;
  readonly ms: number;
  readonly detail?: string | undefined;
}

export interface SmokeReport {
  readonly ok: boolean;
  readonly provider: string;
  readonly session_id: string | null;
  readonly steps: readonly SmokeStep[];
  readonly result_summary: string | null;
}

/**
 * One delegation end to end: spawn read-only, answer a question if the worker asks one, wait for
 * completion, collect, terminate. Every step is timed; the worker is always terminated.
 */
export async function runSmoke(sessions: SessionManager, request: SmokeRequest): Promise<SmokeReport> {
  const timeoutMs = (request.timeoutSeconds ?? 60) * 1000;
  const smoke = createSmokeSteps();
  let summary: string | null = null;
  await smoke.run(sessions, async () => {
    const spawned = await smoke.timed(
      'spawn',
      () =>
        sessions.spawn({
          provider: request.provider,
          repo: request.repo,
          task: 'agentpool smoke test: look at the folder you are in and ask me one clarifying question before you answer.',
          isolation: 'read_only',
          role: 'explorer',
          maxTurns: 4,
          maxRuntimeSeconds: Math.ceil((timeoutMs * 4) / 1000),
        }),
      (result) => ({ ok: true, state: result.session.state }),
    );
    const sessionId = smoke.spawned(spawned.session.id);
    let outcome = await smoke.timed(
      'first_turn',
      () => sessions.observe({ sessionId, waitFor: SMOKE_TURN_OUTCOMES, timeoutMs }),
      (result) => ({ ok: result.reached, state: result.evaluated.evaluation.state, detail: result.timedOut ? 'timed out' : undefined }),
    );
    if (outcome.evaluated.evaluation.state === 'question') {
      await smoke.timed(
        'answer',
        () => sessions.send({ sessionId, text: 'Start with the top-level folder.' }),
        (session) => ({ ok: true, state: session.state }),
      );
      outcome = await smoke.timed(
        'second_turn',
        () => sessions.observe({ sessionId, waitFor: SMOKE_TURN_OUTCOMES, timeoutMs }),
        (result) => ({ ok: result.evaluated.evaluation.state === 'completed', state: result.evaluated.evaluation.state }),
      );
    }
    const collected = await smoke.timed(
      'collect',
      () => sessions.collect(sessionId),
      (result) => ({ ok: result.result !== null, detail: result.warnings.join(' ') || undefined }),
    );
    summary = collected.result?.sections.Summary ?? null;
  });
  return smoke.report(request.provider, summary);
}
