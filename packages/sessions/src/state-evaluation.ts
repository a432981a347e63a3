import type { Observation, SessionState, WorkerSignalKind } from '@agentpool/core';
import type { TurnBaseline } from '@agentpool/store';
import type { SignalVerdict } from './signal-verdict.js';

export type { TurnBaseline };

export interface EvaluationInput {
  /** The adapter's reading of the (echo-free) screen; null when there is no screen. */
  readonly observation: Observation | null;
  /** The tmux pane: null when the tmux session no longer exists. */
  readonly pane: { readonly dead: boolean; readonly deadStatus: number | null } | null;
  /** From the pane entry's exit file. */
  readonly exitStatus: number | null;
  /** From the runtime watchdog (`max_runtime_exceeded`). */
  readonly endReason: string | null;
  /** The current turn delivered a complete result block (on screen, or in a signal's final reply). */
  readonly turnHasResult: boolean;
  /** What the current turn's native signals say; null when the worker reported none. */
  readonly signal: SignalVerdict | null;
  readonly turnNumber: number;
  /** Epoch ms the current turn started. */
  readonly turnStartedAt: number;
  /** Epoch ms of the pane's last output, null when it never wrote anything. */
  readonly lastOutputAt: number | null;
  /** The pane wrote something after the current turn began. */
  readonly outputSinceTurnStart: boolean;
  readonly baseline: TurnBaseline | null;
  readonly now: number;
  /** Output quiet this long with nothing recognisable on screen means idle. */
  readonly quiescenceMs: number;
  /** How long a turn may show no sign of work before an input prompt or silence reads as idle (the adapter's start grace). */
  readonly startGraceMs: number;
  /** An earlier look at this turn already saw a sign of work. */
  readonly workSeen: boolean;
}

/** Which evidence decided: the pane's life, a native signal, the screen rules, or silence. */
export type EvidenceSource = 'pane' | 'signal' | 'screen' | 'quiescence';

export interface Evaluation {
  readonly state: SessionState;
  readonly confidence: number;
  readonly evidence: readonly string[];
  /** The session has ended (exited, error from a dead pane, cancelled by its runtime limit). */
  readonly ended: boolean;
  readonly exitStatus: number | null;
  readonly endReason: string | null;
  /** Epoch ms at which the state may change without new output (quiescence, settling); null if it cannot. */
  readonly recheckAt: number | null;
  /** The turn has shown a sign of work (a busy or asking screen, a signal, a result), now or before. */
  readonly workSeen: boolean;
  readonly source: EvidenceSource;
  /** The adapter's screen rule (`Observation.rule`) when its reading of the screen decided the state; absent otherwise. */
  readonly rule?: string | undefined;
  /** The native signal that decided (its source's name and the event's kind), when `source` is `signal`. */
  readonly signal?: { readonly source: string; readonly kind: WorkerSignalKind } | undefined;
  /** For `startup_prompt`: what the prompt asks and the keys that accept it, as the adapter read them. */
  readonly startupPrompt?: Observation['startupPrompt'];
}

/** A `ready` screen must have been quiet this long before it counts as idle (the worker may still be reacting to input). */
export const SETTLE_MS = 250;
/** After a worker reports the end of a turn with no result yet, output must be quiet this long before it counts as idle. */
export const COMPLETION_SETTLE_MS = 1000;
/** How long after a turn starts a screen identical to the one before it is taken as stale. */
export const STALE_WINDOW_MS = 1500;

function sameEvidence(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, index) => line === b[index]);
}

/** Screen states that are a sign the worker took the turn's input (as opposed to an input prompt or nothing). */
const WORK_STATES: ReadonlySet<string> = new Set(['working', 'question', 'approval_prompt', 'limit_reached', 'error']);

/**
 * Decides a session's state from everything known at one moment. Pure: the caller gathers the
 * facts (screen, pane, files, signals, clock). Evidence order: the pane's life, then native
 * signals, then the screen rules, then quiescence. Never frozen: every call recomputes from the
 * facts. A turn that has shown no sign of work is not called idle before its start grace ends
 * (a worker that has not read its input yet shows the same empty prompt as one that is done).
 */
export function evaluateSessionState(input: EvaluationInput): Evaluation {
  const base = { exitStatus: input.exitStatus, endReason: input.endReason, recheckAt: null };
  if (input.pane === null || input.pane.dead) {
    const status = input.pane?.deadStatus ?? input.exitStatus;
    const ended = { ...base, ended: true, workSeen: input.workSeen, source: 'pane' as const };
    if (input.endReason === 'max_runtime_exceeded') {
      return { ...ended, state: 'cancelled', confidence: 1, evidence: ['max_runtime_seconds reached'], exitStatus: status };
    }
    if (input.pane === null && status === null) {
      return {
        ...ended,
        state: 'error',
        confidence: 0.9,
        evidence: ['the tmux session is gone and the worker left no exit status'],
        endReason: 'pane_missing',
      };
    }
    return {
      ...ended,
      state: status === 0 ? 'exited' : 'error',
      confidence: 1,
      evidence: [`worker exited with status ${status ?? 'unknown'}`],
      exitStatus: status,
      endReason: 'worker_exited',
    };
  }

  const signal = input.signal;
  const observation = input.observation;
  const workSeen =
    input.workSeen ||
    signal !== null ||
    input.turnHasResult ||
    (observation !== null && WORK_STATES.has(observation.state) && !isStale(input, observation));
  const live = (
    state: SessionState,
    confidence: number,
    evidence: readonly string[],
    source: EvidenceSource,
    recheckAt: number | null = null,
  ): Evaluation => ({ ...base, state, confidence, evidence, ended: false, recheckAt, workSeen, source });

  // Which evidence decided, for the caller to check: the signal's source and kind, the adapter's rule.
  const bySignal = (evaluation: Evaluation): Evaluation =>
    signal?.source && signal.kind ? { ...evaluation, signal: { source: signal.source, kind: signal.kind } } : evaluation;
  const byRule = (evaluation: Evaluation): Evaluation =>
    observation?.rule !== undefined ? { ...evaluation, rule: observation.rule } : evaluation;

  const quietFor = input.lastOutputAt === null ? Number.POSITIVE_INFINITY : input.now - input.lastOutputAt;
  if (signal && signal.state !== 'working') {
    if (signal.state === 'completed' || signal.state === 'idle') {
      if (input.turnHasResult) return bySignal(live('completed', 0.95, ['result block delivered', signal.evidence], 'signal'));
      // The end of a turn is reported as its last words are still being drawn (or recorded): give them a moment.
      if (quietFor < COMPLETION_SETTLE_MS) {
        return bySignal(
          live(
            'working',
            0.6,
            [signal.evidence, 'the turn ended; reading its last output'],
            'signal',
            (input.lastOutputAt ?? input.now) + COMPLETION_SETTLE_MS,
          ),
        );
      }
      return bySignal(live('idle', 0.9, [signal.evidence, 'the turn ended without a result block'], 'signal'));
    }
    return bySignal(live(signal.state, 0.95, [signal.evidence], 'signal'));
  }

  const sinceTurn = input.now - input.turnStartedAt;
  const notYetReacted = input.turnNumber <= 1 && input.lastOutputAt === null ? 'starting' : 'working';
  const graceEnds = input.turnStartedAt + input.startGraceMs;
  const inGrace = !workSeen && input.now < graceEnds;

  if (observation === null || observation.state === 'unknown') {
    // Nothing recognisable: quiescence decides.
    const quietSince = input.outputSinceTurnStart && input.lastOutputAt !== null ? input.lastOutputAt : input.turnStartedAt;
    const quietDeadline = Math.max(quietSince + input.quiescenceMs, inGrace ? graceEnds : 0);
    if (input.now >= quietDeadline) {
      return input.turnHasResult
        ? live('completed', 0.7, ['result block delivered; output quiet'], 'quiescence')
        : live('idle', 0.6, [`no output for ${Math.round((input.now - quietSince) / 1000)} s`], 'quiescence');
    }
    return live(notYetReacted, 0.5, ['output still arriving or too recent to judge'], 'quiescence', quietDeadline);
  }

  if (isStale(input, observation)) {
    // The screen still shows what it showed before the caller's input: the worker has not reacted yet.
    return live(
      'working',
      0.5,
      ['waiting for the worker to react to the new input'],
      'screen',
      (input.baseline?.at ?? input.now) + Math.min(STALE_WINDOW_MS, input.quiescenceMs),
    );
  }

  if (observation.state === 'ready') {
    if (input.turnHasResult)
      return byRule(live('completed', observation.confidence, ['result block delivered', ...observation.evidence], 'screen'));
    if (!input.outputSinceTurnStart && sinceTurn < input.quiescenceMs) {
      return live(
        notYetReacted,
        0.5,
        ['the worker has not reacted to the new turn yet'],
        'screen',
        input.turnStartedAt + input.quiescenceMs,
      );
    }
    if (inGrace) {
      return live(notYetReacted, 0.5, ['the worker has not started on the input yet'], 'screen', graceEnds);
    }
    if (signal?.state === 'working' && quietFor < input.quiescenceMs) {
      // It said it started and has not said it finished: an input prompt alone is not the end of the turn yet.
      return bySignal(
        live(
          'working',
          0.6,
          [signal.evidence, 'input prompt shown; waiting for the turn to end'],
          'signal',
          (input.lastOutputAt ?? input.now) + input.quiescenceMs,
        ),
      );
    }
    if (quietFor < SETTLE_MS) {
      return live('working', 0.5, ['input prompt shown, output still settling'], 'screen', (input.lastOutputAt ?? input.now) + SETTLE_MS);
    }
    return byRule(live('idle', observation.confidence, observation.evidence, 'screen'));
  }

  const shown = byRule(live(observation.state, observation.confidence, observation.evidence, 'screen'));
  return observation.state === 'startup_prompt' && observation.startupPrompt
    ? { ...shown, startupPrompt: observation.startupPrompt }
    : shown;
}

/** The screen still shows exactly what it showed before the caller's last input, within the stale window. */
function isStale(input: EvaluationInput, observation: Observation): boolean {
  const baseline = input.baseline;
  return (
    baseline !== null &&
    observation.state !== 'working' &&
    observation.state === baseline.state &&
    sameEvidence(observation.evidence, baseline.evidence) &&
    input.now - baseline.at < Math.min(STALE_WINDOW_MS, input.quiescenceMs)
  );
}
