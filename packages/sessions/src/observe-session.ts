import { AgentPoolError, type SessionState } from '@agentpool/core';
import { preloadStreamRenderer, processAlive, watchDirectory } from '@agentpool/tmux-runtime';
import { factsOf, filesOf, type SessionContext } from './session-context.js';
import { createEvaluatorCache, type EvaluatedSession, evaluateSession } from './session-evaluator.js';
import { signalWatchDirs } from './signal-reader.js';
import { disposeTurnViewCache } from './turn-reader.js';

export interface ObserveRequest {
  readonly sessionId: string;
  /** Return as soon as the state is one of these; empty: look once and return. */
  readonly waitFor: readonly SessionState[];
  /** Give up waiting after this long (ms). */
  readonly timeoutMs: number;
  /** Stop waiting when this aborts (a client that cancelled or went away); the watches are removed at once. */
  readonly signal?: AbortSignal | undefined;
}

export interface ObserveResult {
  readonly evaluated: EvaluatedSession;
  /** The state is one of `waitFor` (always true when nothing was waited for). */
  readonly reached: boolean;
  readonly timedOut: boolean;
  /** The session ended while waiting for a state it can no longer reach. */
  readonly endedWhileWaiting: boolean;
  /** The caller's signal aborted the wait. */
  readonly cancelled: boolean;
  readonly waitedMs: number;
}

/**
 * Output arrives in bursts: a look waits until the worker has paused this long, so a state it
 * settles in (a question, a result, an input prompt) is read as soon as its drawing stops.
 */
const QUIET_MS = 20;
/**
 * A worker that draws without pausing (a TUI streaming at its frame rate) is still looked at this
 * often: each look costs a tmux capture and a store read, so it is not done for every frame.
 */
const STREAMING_LOOK_MS = 200;
/** A safety re-check for a pane that died without writing its exit file (killed with SIGKILL). */
const LIVENESS_CHECK_MS = 30_000;

/** Files the worker side writes into the session folder. */
const WORKER_FILES = new Set(['stream.raw', 'exit_status', 'end_reason']);

/**
 * Looks at a session and, when asked, waits until it reaches one of `waitFor`. It wakes when the
 * pane writes output, its exit file appears or the worker reports a native signal (inotify
 * watches), or at the moment a time-based judgement (quiescence, settling, a start grace) can
 * change, never on a fixed polling timer. Every look re-reads the session, so a `send` from
 * another process while it waits starts the turn it then judges.
 */
export async function observeSession(context: SessionContext, request: ObserveRequest): Promise<ObserveResult> {
  if (!Number.isFinite(request.timeoutMs) || request.timeoutMs < 0) {
    throw new AgentPoolError('INVALID_TIMEOUT', `The timeout must be zero or more seconds, got ${request.timeoutMs / 1000}.`, {
      hint: 'agentpool observe <session-id> --wait-for completed --timeout 120',
    });
  }
  const started = context.now();
  const cache = createEvaluatorCache();
  let evaluated = await evaluateSession(context, request.sessionId, { cache });
  const done = (result: Omit<ObserveResult, 'evaluated' | 'waitedMs' | 'cancelled'>, cancelled = false): ObserveResult => ({
    ...result,
    cancelled,
    evaluated,
    waitedMs: context.now() - started,
  });
  const reached = () => request.waitFor.length === 0 || request.waitFor.includes(evaluated.evaluation.state);
  try {
    if (reached()) return done({ reached: true, timedOut: false, endedWhileWaiting: false });
    if (evaluated.evaluation.ended) return done({ reached: false, timedOut: false, endedWhileWaiting: true });
    const cancelled = () => done({ reached: false, timedOut: false, endedWhileWaiting: false }, true);
    if (request.signal?.aborted) return cancelled();

    const deadline = started + request.timeoutMs;
    // The first look that needs the screen's text should not also pay for loading the emulator.
    preloadStreamRenderer();
    let lastLookAt = context.now();
    let wake: (() => void) | null = null;
    let pending = false;
    // A native signal is one discrete record, not a frame being drawn: it is read at once.
    let signalled = false;
    const notifySignal = () => {
      signalled = true;
      notify();
    };
    const notify = () => {
      pending = true;
      wake?.();
    };
    const files = filesOf(context, evaluated.session.id);
    request.signal?.addEventListener('abort', notify);
    const stops = [
      () => request.signal?.removeEventListener('abort', notify),
      watchDirectory(files.dir, (fileName) => {
        // Only the worker's own writes matter; agentpool's files (latest_screen.txt, …) do not wake it.
        if (fileName === null || WORKER_FILES.has(fileName)) notify();
      }),
      ...signalWatchDirs(factsOf(context, evaluated.session).signalSources).map((dir) => watchDirectory(dir, notifySignal)),
    ];
    try {
      while (true) {
        const now = context.now();
        if (now >= deadline) return done({ reached: false, timedOut: true, endedWhileWaiting: false });
        const recheckAt = evaluated.evaluation.recheckAt;
        const wakeAt = Math.min(deadline, recheckAt ?? Number.POSITIVE_INFINITY, now + LIVENESS_CHECK_MS);
        if (!pending) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.max(0, wakeAt - context.now()));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
        if (request.signal?.aborted) return cancelled();
        const woke = context.now();
        if (!pending && woke < deadline && (recheckAt === null || woke < recheckAt)) {
          // Only the liveness timer fired: a living pane process needs no screen read.
          const panePid = evaluated.session.panePid;
          if (panePid !== null && processAlive(panePid)) continue;
        }
        while (pending && !signalled) {
          pending = false;
          await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
          if (context.now() - lastLookAt >= STREAMING_LOOK_MS) break;
        }
        pending = false;
        signalled = false;
        evaluated = await evaluateSession(context, request.sessionId, { cache });
        lastLookAt = context.now();
        if (reached()) return done({ reached: true, timedOut: false, endedWhileWaiting: false });
        if (evaluated.evaluation.ended) return done({ reached: false, timedOut: false, endedWhileWaiting: true });
      }
    } finally {
      for (const stop of stops) stop();
    }
  } finally {
    disposeTurnViewCache(cache.view);
  }
}
