import { existsSync, rmSync } from 'node:fs';
import { redact, type SessionState } from '@agentpool/core';
import type { SessionRecord } from '@agentpool/store';
import { endMarkedProcesses } from '@agentpool/tmux-runtime';
import { filesOf, isoNow, type SessionContext } from './session-context.js';
import { evaluateSession } from './session-evaluator.js';
import { writePrivateFile } from './session-files.js';
import { scrubSessionFiles } from './stream-scrubber.js';
import { releaseWorkerAccount } from './worker-account-release.js';

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
    session = (await evaluateSession(context, session.id)).session;
  } else if (capture) {
    writePrivateFile(files.latestScreen, `${capture.screen.lines.map(redact).join('\n')}\n`);
  }
  if (capture) await context.runtime.killSession(stored.tmuxSession);
  // Whatever the worker started, detached daemons included (they carry its marker), ends with it.
  await endMarkedProcesses('AGENTPOOL_SESSION_ID', sessionId);
  for (const path of [files.promptInput, files.promptArg, files.envFile]) rmSync(path, { force: true });
  // Ended as cancelled unless another process recorded its end first (compare-and-set on the version).
  while (!session.endedAt) {
    const at = isoNow(context);
    const written = await context.store.sessions.apply(sessionId, {
      expectedVersion: session.version,
      patch: { state: 'cancelled', stateConfidence: 1, stateEvidence: ['terminated by the caller'], endedAt: at, endReason: 'terminated' },
      events: [{ type: 'terminated', state: 'cancelled', at, data: { from: session.state } }],
    });
    session = written ?? (await context.store.sessions.require(sessionId));
  }
  // A killed pane writes no exit file: this write wakes an observe or watch waiting on the session, in any process.
  if (!existsSync(files.endReason)) writePrivateFile(files.endReason, 'terminated\n');
  await context.store.leases.releaseByHolder(sessionId);
  // The pane is gone: nothing appends to the stream or the signal records any more.
  scrubSessionFiles(files);
  await releaseWorkerAccount(context, session);
  return { ...base, session, state: session.state };
}
