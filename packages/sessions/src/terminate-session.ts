import { rmSync } from 'node:fs';
import { redact, type SessionState } from '@agentpool/core';
import type { SessionRecord } from '@agentpool/store';
import { filesOf, isoNow, type SessionContext } from './session-context.js';
import { evaluateSession } from './session-evaluator.js';
import { writePrivateFile } from './session-files.js';
import { scrubStream } from './stream-scrubber.js';

export interface TerminateResult {
  readonly session: SessionRecord;
  /** The state after the call. */
  readonly state: SessionState;
  /** The state before the call. */
  readonly currentState: SessionState;
  /** Whether a tmux session exists (and is, or would be, killed). */
  readonly wouldTerminateRuntime: boolean;
  readonly alreadyTerminated: boolean;
  readonly dryRun: boolean;
}

/** Stops a worker and ends its session as `cancelled`. Idempotent; `dryRun` changes nothing. */
export async function terminateSession(context: SessionContext, sessionId: string, dryRun: boolean): Promise<TerminateResult> {
  const stored = await context.store.sessions.require(sessionId);
  const files = filesOf(context, sessionId);
  const capture = await context.runtime.capture(stored.tmuxSession);
  const alreadyTerminated = stored.endedAt !== null && capture === null;
  const base = { currentState: stored.state, wouldTerminateRuntime: capture !== null, alreadyTerminated, dryRun };
  if (dryRun || alreadyTerminated) return { ...base, session: stored, state: stored.state };

  let session = stored;
  if (!session.endedAt) {
    // Record what the worker last showed and whether it had already exited on its own.
    session = (await evaluateSession(context, session)).session;
  } else if (capture) {
    writePrivateFile(files.latestScreen, `${capture.screen.lines.map(redact).join('\n')}\n`);
  }
  if (capture) await context.runtime.killSession(stored.tmuxSession);
  rmSync(files.promptInput, { force: true });
  if (!session.endedAt) {
    const at = isoNow(context);
    session = await context.store.sessions.update(sessionId, {
      state: 'cancelled',
      stateConfidence: 1,
      stateEvidence: ['terminated by the caller'],
      endedAt: at,
      endReason: 'terminated',
    });
    await context.store.events.append({ sessionId, type: 'terminated', state: 'cancelled', at, data: { from: stored.state } });
    await context.store.leases.releaseByHolder(sessionId);
  }
  // The pane is gone: nothing appends to the stream any more.
  scrubStream(files.stream);
  return { ...base, session, state: session.state };
}
