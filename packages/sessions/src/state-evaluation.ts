import type { Observation, SessionState } from '@agentpool/core';

/** What the screen showed when the current turn began (or a key was pressed): to tell a fresh state from a stale one. */
export interface TurnBaseline {
  readonly state: string;
  readonly evidence: readonly string[];
  /** Epoch ms. */
  readonly at: number;
}

export interface EvaluationInput {
  /** The adapter's reading of the (echo-free) screen; null when there is no screen. */
  readonly observation: Observation | null;
  /** The tmux pane: null when the tmux session no longer exists. */
  readonly pane: { readonly dead: boolean; readonly deadStatus: number | null } | null;
  /** From the pane entry's exit file. */
  readonly exitStatus: number | null;
  /** From the runtime watchdog (`max_runtime_exceeded`). */
  readonly endReason: string | null;
  /** The current turn's output holds a complete result block. */
  readonly turnHasResult: boolean;
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
}

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
}

/** A `ready` screen must have been quiet this long before it counts as idle (the worker may still be reacting to input). */
export const SETTLE_MS = 250;
/** How long after a turn starts a screen identical to the one before it is taken as stale. */
export const STALE_WINDOW_MS = 1500;

function sameEvidence(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, index) => line === b[index]);
}

/**
 * Decides a session's state from everything known at one moment. Pure: the caller gathers the
 * facts (screen, pane, files, clock). Evidence order: the pane's life, then the screen rules,
 * then quiescence. Never frozen: every call recomputes from the facts.
 */
export function evaluateSessionState(input: EvaluationInput): Evaluation {
  const base = { exitStatus: input.exitStatus, endReason: input.endReason, recheckAt: null };
  if (input.pane === null || input.pane.dead) {
    const status = input.pane?.deadStatus ?? input.exitStatus;
    if (input.endReason === 'max_runtime_exceeded') {
      return { ...base, state: 'cancelled', confidence: 1, evidence: ['max_runtime_seconds reached'], ended: true, exitStatus: status };
    }
    if (input.pane === null && status === null) {
      return {
        ...base,
        state: 'error',
        confidence: 0.9,
        evidence: ['the tmux session is gone and the worker left no exit status'],
        ended: true,
        endReason: 'pane_missing',
      };
    }
    const exited = status === 0;
    return {
      ...base,
      state: exited ? 'exited' : 'error',
      confidence: 1,
      evidence: [`worker exited with status ${status ?? 'unknown'}`],
      ended: true,
      exitStatus: status,
      endReason: 'worker_exited',
    };
  }

  const sinceTurn = input.now - input.turnStartedAt;
  const quietFor = input.lastOutputAt === null ? Number.POSITIVE_INFINITY : input.now - input.lastOutputAt;
  const notYetReacted = input.turnNumber <= 1 && input.lastOutputAt === null ? 'starting' : 'working';
  const observation = input.observation;
  const live = (state: SessionState, confidence: number, evidence: readonly string[], recheckAt: number | null = null): Evaluation => ({
    ...base,
    state,
    confidence,
    evidence,
    ended: false,
    recheckAt,
  });

  if (observation === null || observation.state === 'unknown') {
    // Nothing recognisable: quiescence decides.
    const quietSince = input.outputSinceTurnStart && input.lastOutputAt !== null ? input.lastOutputAt : input.turnStartedAt;
    const quietDeadline = quietSince + input.quiescenceMs;
    if (input.now >= quietDeadline) {
      return input.turnHasResult
        ? live('completed', 0.7, ['result block delivered; output quiet'])
        : live('idle', 0.6, [`no output for ${Math.round((input.now - quietSince) / 1000)} s`]);
    }
    return live(notYetReacted, 0.5, ['output still arriving or too recent to judge'], quietDeadline);
  }

  const baseline = input.baseline;
  if (
    baseline &&
    observation.state === baseline.state &&
    sameEvidence(observation.evidence, baseline.evidence) &&
    input.now - baseline.at < Math.min(STALE_WINDOW_MS, input.quiescenceMs) &&
    observation.state !== 'working'
  ) {
    // The screen still shows what it showed before the caller's input: the worker has not reacted yet.
    return live(
      'working',
      0.5,
      ['waiting for the worker to react to the new input'],
      baseline.at + Math.min(STALE_WINDOW_MS, input.quiescenceMs),
    );
  }

  if (observation.state === 'ready') {
    if (input.turnHasResult) return live('completed', observation.confidence, ['result block delivered', ...observation.evidence]);
    if (!input.outputSinceTurnStart && sinceTurn < input.quiescenceMs) {
      return live(notYetReacted, 0.5, ['the worker has not reacted to the new turn yet'], input.turnStartedAt + input.quiescenceMs);
    }
    if (quietFor < SETTLE_MS) {
      return live('working', 0.5, ['input prompt shown, output still settling'], (input.lastOutputAt ?? input.now) + SETTLE_MS);
    }
    return live('idle', observation.confidence, observation.evidence);
  }

  return live(observation.state, observation.confidence, observation.evidence);
}
