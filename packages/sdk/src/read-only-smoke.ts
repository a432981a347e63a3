import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionState } from '@agentpool/core';
import type { SessionManager } from '@agentpool/sessions';
import type { SmokeReport } from './smoke.js';
import { createSmokeSteps, SMOKE_TURN_OUTCOMES } from './smoke-steps.js';

export interface ReadOnlySmokeRequest {
  readonly provider: string;
  /** The agentpool home: the scratch folder the worker runs in lives there. */
  readonly home: string;
  /** Seconds the turn may take (default 120). */
  readonly timeoutSeconds?: number | undefined;
}

export interface ReadOnlySmokeReport extends SmokeReport {
  /** The scratch folder the worker ran in (emptied and written afresh for every smoke). */
  readonly work_dir: string;
  /** The state the turn ended in (`completed` when it passed); null when the spawn failed. */
  readonly final_state: SessionState | null;
  /** What the spawn said (for example that read-only is only asked for in the prompt). */
  readonly warnings: readonly string[];
}

/** Folder name, under the agentpool home, of the scratch folder a read-only smoke runs in. */
export const SMOKE_FOLDER = 'smoke-folder';

const TASK =
  'agentpool smoke test. Do not run any command and do not change any file. Reply with one short sentence saying you can read this folder (it holds a README.md), then end with the result block.';

/**
 * One real turn of a provider, read-only, in a scratch folder of the agentpool home: spawn (a
 * "trust this folder" prompt for that folder is answered), wait until the turn completes, stops at
 * something (a question, a limit, an error, a sign-in) or times out, collect, terminate. This spends
 * one turn of the provider's real quota. The worker is always terminated.
 *
 * The scratch folder is always the same one, so a CLI that remembers trusted folders remembers one.
 */
export async function runReadOnlySmoke(sessions: SessionManager, request: ReadOnlySmokeRequest): Promise<ReadOnlySmokeReport> {
  const timeoutMs = (request.timeoutSeconds ?? 120) * 1000;
  const workDir = join(request.home, SMOKE_FOLDER);
  const smoke = createSmokeSteps();
  const warnings: string[] = [];
  let summary: string | null = null;
  let finalState: SessionState | null = null;
  await smoke.run(sessions, async () => {
    await smoke.timed(
      'prepare',
      async () => {
        rmSync(workDir, { recursive: true, force: true });
        mkdirSync(workDir, { recursive: true, mode: 0o700 });
        writeFileSync(join(workDir, 'README.md'), '# agentpool smoke test\n\nA scratch folder for `agentpool smoke --real-read-only`.\n');
      },
      () => ({ ok: true, detail: workDir }),
    );
    const spawned = await smoke.timed(
      'spawn',
      () =>
        sessions.spawn({
          provider: request.provider,
          repo: workDir,
          task: TASK,
          isolation: 'read_only',
          role: 'explorer',
          maxTurns: 1,
          maxRuntimeSeconds: Math.ceil(timeoutMs / 1000) + 60,
          acceptStartupTrust: true,
        }),
      (result) => ({ ok: true, state: result.session.state, detail: result.warnings.join(' ') || undefined }),
    );
    warnings.push(...spawned.warnings);
    const id = smoke.spawned(spawned.session.id);
    const turn = await smoke.timed(
      'turn',
      () => sessions.observe({ sessionId: id, waitFor: SMOKE_TURN_OUTCOMES, timeoutMs }),
      (result) => {
        const evaluation = result.evaluated.evaluation;
        return {
          ok: evaluation.state === 'completed',
          state: evaluation.state,
          detail: result.timedOut
            ? `timed out after ${timeoutMs / 1000} s`
            : result.endedWhileWaiting
              ? 'the worker ended'
              : evaluation.state === 'completed'
                ? undefined
                : evaluation.evidence.join(' | ') || undefined,
        };
      },
    );
    finalState = turn.evaluated.evaluation.state;
    if (finalState === 'startup_prompt') {
      // A prompt the adapter cannot answer (or one that is not about trusting the folder) holds the turn back.
      warnings.push(
        `${request.provider} stopped at a startup prompt before the task: start it once by hand in ${workDir} and answer it (the smoke always uses that folder), then run the smoke again.`,
      );
    }
    const collected = await smoke.timed(
      'collect',
      () => sessions.collect(id),
      (result) => ({
        ok: result.result !== null,
        detail: result.result ? `result from the ${result.resultSource}` : result.warnings.join(' ') || 'no result block',
      }),
    );
    summary = collected.result?.sections.Summary ?? null;
  });
  return {
    ...smoke.report(request.provider, summary),
    work_dir: workDir,
    final_state: finalState,
    warnings,
  };
}
