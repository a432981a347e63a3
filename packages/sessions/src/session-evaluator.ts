import { rmSync } from 'node:fs';
import { hasResultBlock, redact, type SessionState, withoutEcho } from '@agentpool/core';
import type { SessionRecord } from '@agentpool/store';
import type { Capture, PaneStatus } from '@agentpool/tmux-runtime';
import { adapterOf, filesOf, isoNow, runtimeMetadata, type SessionContext } from './session-context.js';
import { fileStat, readIntFile, readSmallFile, sha256, writePrivateFile } from './session-files.js';
import { type Evaluation, evaluateSessionState } from './state-evaluation.js';
import { readRange, TURN_SCAN_LIMIT_BYTES } from './stream-reader.js';
import { scrubStream } from './stream-scrubber.js';

export interface EvaluatedSession {
  readonly session: SessionRecord;
  readonly evaluation: Evaluation;
  /** The screen as read now (echo kept, redacted); null when the pane is gone. */
  readonly screen: readonly string[] | null;
  readonly changed: boolean;
}

/** Evaluation of a session that has already ended: its stored state, nothing to read. */
function endedEvaluation(session: SessionRecord): Evaluation {
  return {
    state: session.state,
    confidence: session.stateConfidence,
    evidence: session.stateEvidence,
    ended: true,
    exitStatus: session.exitStatus,
    endReason: session.endReason,
    recheckAt: null,
  };
}

function turnHasResult(context: SessionContext, session: SessionRecord, size: number): boolean {
  const files = filesOf(context, session.id);
  const start = Math.max(session.turnOffset, size - TURN_SCAN_LIMIT_BYTES);
  if (size <= start) return false;
  // The prompt names the markers only inside sentences, so an echoed prompt never forms a block.
  return hasResultBlock(readRange(files.stream, start, size).toString('utf8'));
}

/** How long a session without a pane counts as still being spawned by another process. */
const SPAWN_GRACE_MS = 60_000;

/**
 * Reads one session's facts (one tmux call for a live pane), decides its state and records a
 * change: the session row and one `state_changed` event, only when something changed.
 * `pane` may be passed in when the caller already listed every pane (reconcile).
 */
export async function evaluateSession(
  context: SessionContext,
  session: SessionRecord,
  options: { pane?: PaneStatus | null; skipCapture?: boolean } = {},
): Promise<EvaluatedSession> {
  if (session.endedAt) return { session, evaluation: endedEvaluation(session), screen: null, changed: false };
  const files = filesOf(context, session.id);
  const adapter = adapterOf(context, session);
  const metadata = runtimeMetadata(session);

  let capture: Capture | null = null;
  let pane: { dead: boolean; deadStatus: number | null } | null;
  if (options.skipCapture && options.pane !== undefined) {
    pane = options.pane;
  } else {
    capture = await context.runtime.capture(session.tmuxSession);
    pane = capture?.pane ?? null;
  }
  const stream = fileStat(files.stream);
  const now = context.now();
  if (pane === null && metadata.panePid === null && now - Date.parse(session.createdAt) < SPAWN_GRACE_MS) {
    // Another process is still spawning this worker (its row is written before its pane starts):
    // a missing pane means "not yet", never "gone".
    return {
      session,
      evaluation: {
        state: 'starting',
        confidence: 0.5,
        evidence: ['the worker is being started'],
        ended: false,
        exitStatus: null,
        endReason: null,
        recheckAt: now + 250,
      },
      screen: null,
      changed: false,
    };
  }
  const size = stream?.size ?? 0;
  const outputSinceTurnStart = size > session.turnOffset;
  let observation = null;
  if (capture && !capture.pane.dead) {
    const lines = withoutEcho(capture.screen.lines, metadata.sentTexts);
    observation = adapter.classify({ ...capture.screen, lines }, { sentTexts: metadata.sentTexts });
  }
  const needsResult = observation === null || observation.state === 'ready' || observation.state === 'unknown';
  const evaluation = evaluateSessionState({
    observation,
    pane,
    exitStatus: readIntFile(files.exitStatus),
    endReason: readSmallFile(files.endReason)?.trim() || null,
    turnHasResult: needsResult && outputSinceTurnStart ? turnHasResult(context, session, size) : false,
    turnNumber: session.turnCount,
    turnStartedAt: Date.parse(session.turnStartedAt),
    lastOutputAt: stream && stream.size > 0 ? stream.mtimeMs : null,
    outputSinceTurnStart,
    baseline: metadata.baseline,
    now,
    quiescenceMs: context.config.observe.quiescence_ms,
  });

  const screen = capture ? capture.screen.lines.map(redact) : null;
  let screenHash = metadata.screenHash;
  if (screen) {
    const text = `${screen.join('\n')}\n`;
    const hash = sha256(text);
    if (hash !== screenHash) {
      writePrivateFile(files.latestScreen, text);
      screenHash = hash;
    }
  }
  // The exact prompt for stdin mode is only needed until the worker has read it.
  if (size > 0 || evaluation.ended) rmSync(files.promptInput, { force: true });

  const stateChanged = evaluation.state !== session.state || evaluation.ended;
  const evidenceChanged = evaluation.evidence.join('\n') !== session.stateEvidence.join('\n');
  if (!stateChanged && !evidenceChanged && screenHash === metadata.screenHash) {
    return { session, evaluation, screen, changed: false };
  }
  const at = isoNow(context);
  const updated = await context.store.sessions.update(session.id, {
    state: evaluation.state,
    stateConfidence: evaluation.confidence,
    stateEvidence: evaluation.evidence.map(redact),
    metadata: { ...session.metadata, screenHash },
    ...(evaluation.ended ? { endedAt: at, exitStatus: evaluation.exitStatus, endReason: evaluation.endReason } : {}),
  });
  if (stateChanged) {
    await context.store.events.append({
      sessionId: session.id,
      type: evaluation.ended ? 'ended' : 'state_changed',
      state: evaluation.state as SessionState,
      at,
      data: {
        from: session.state,
        turn: session.turnCount,
        confidence: evaluation.confidence,
        evidence: evaluation.evidence.map(redact),
        ...(evaluation.ended ? { exit_status: evaluation.exitStatus, end_reason: evaluation.endReason } : {}),
      },
    });
    if (evaluation.ended) {
      await context.store.leases.releaseByHolder(session.id);
      scrubStream(files.stream);
    }
  }
  return { session: updated, evaluation, screen, changed: stateChanged };
}
