import { AgentPoolError, type SessionState } from '@agentpool/core';
import { watchDirectory } from '@agentpool/tmux-runtime';
import { filesOf, runtimeMetadata, type SessionContext } from './session-context.js';
import { type EvaluatedSession, evaluateSession } from './session-evaluator.js';

export interface ObserveRequest {
  readonly sessionId: string;
  /** Return as soon as the state is one of these; empty: look once and return. */
  readonly waitFor: readonly SessionState[];
  /** Give up waiting after this long (ms). */
  readonly timeoutMs: number;
}

export interface ObserveResult {
  readonly evaluated: EvaluatedSession;
  /** The state is one of `waitFor` (always true when nothing was waited for). */
  readonly reached: boolean;
  readonly timedOut: boolean;
  /** The session ended while waiting for a state it can no longer reach. */
  readonly endedWhileWaiting: boolean;
  readonly waitedMs: number;
}

/** Output often arrives in bursts: wait this long after a change before reading the screen. */
const COALESCE_MS = 10;
/** A safety re-check for a pane that died without writing its exit file (killed with SIGKILL). */
const LIVENESS_CHECK_MS = 30_000;

/** Whether a process exists; a signal 0 costs no tmux call and almost no CPU. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
/** Files the worker side writes into the session folder. */
const WORKER_FILES = new Set(['stream.raw', 'exit_status', 'end_reason']);

/**
 * Looks at a session and, when asked, waits until it reaches one of `waitFor`. It wakes when the
 * pane writes output or its exit file appears (one inotify watch), or at the moment a time-based
 * judgement (quiescence, settling) can change, never on a fixed polling timer.
 */
export async function observeSession(context: SessionContext, request: ObserveRequest): Promise<ObserveResult> {
  if (!Number.isFinite(request.timeoutMs) || request.timeoutMs < 0) {
    throw new AgentPoolError('INVALID_TIMEOUT', `The timeout must be zero or more seconds, got ${request.timeoutMs / 1000}.`, {
      hint: 'agentpool observe <session-id> --wait-for completed --timeout 120',
    });
  }
  const started = context.now();
  let session = await context.store.sessions.require(request.sessionId);
  let evaluated = await evaluateSession(context, session);
  const done = (result: Omit<ObserveResult, 'evaluated' | 'waitedMs'>): ObserveResult => ({
    ...result,
    evaluated,
    waitedMs: context.now() - started,
  });
  const reached = () => request.waitFor.length === 0 || request.waitFor.includes(evaluated.evaluation.state);
  if (reached()) return done({ reached: true, timedOut: false, endedWhileWaiting: false });
  if (evaluated.evaluation.ended) return done({ reached: false, timedOut: false, endedWhileWaiting: true });

  const deadline = started + request.timeoutMs;
  let wake: (() => void) | null = null;
  let pending = false;
  const stopWatching = watchDirectory(filesOf(context, session.id).dir, (fileName) => {
    // Only the worker's own writes matter; agentpool's files (latest_screen.txt, …) do not wake it.
    if (fileName !== null && !WORKER_FILES.has(fileName) && !fileName.startsWith('signal')) return;
    pending = true;
    wake?.();
  });
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
      const woke = context.now();
      if (!pending && woke < deadline && (recheckAt === null || woke < recheckAt)) {
        // Only the liveness timer fired: a living pane process needs no screen read.
        const panePid = runtimeMetadata(evaluated.session).panePid;
        if (panePid !== null && processExists(panePid)) continue;
      }
      if (pending) await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
      pending = false;
      session = evaluated.session;
      evaluated = await evaluateSession(context, session);
      if (reached()) return done({ reached: true, timedOut: false, endedWhileWaiting: false });
      if (evaluated.evaluation.ended) return done({ reached: false, timedOut: false, endedWhileWaiting: true });
    }
  } finally {
    stopWatching();
  }
}
