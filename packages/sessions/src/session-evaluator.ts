import { rmSync } from 'node:fs';
import { extractResultBlock, type Observation, type ResultBlock, redact, type SessionState, withoutEcho } from '@agentpool/core';
import type { SessionRecord, SessionTurnRecord } from '@agentpool/store';
import { type Capture, endMarkedProcesses, type PaneStatus } from '@agentpool/tmux-runtime';
import { continuesResumedConversation } from './resumed-turn.js';
import { adapterOf, factsOf, filesOf, isoNow, type SessionContext } from './session-context.js';
import { fileStat, readIntFile, readSmallFile, sha256, writePrivateFile } from './session-files.js';
import { conversationIdOf, readSignalEvents, type SignalFileCache } from './signal-reader.js';
import { currentTurnSignals, signalVerdict } from './signal-verdict.js';
import { type Evaluation, evaluateSessionState } from './state-evaluation.js';
import { scrubSessionFiles } from './stream-scrubber.js';
import { createTurnViewCache, readTurnView, type TurnView, type TurnViewCache } from './turn-reader.js';
import { releaseWorkerAccount } from './worker-account-release.js';

/** Where a turn's result came from: the worker's own final reply (a native signal) or the rendered screen. */
export type ResultSource = 'signal' | 'screen';

export interface EvaluatedSession {
  /** The session as stored after this look (re-read, never a caller's copy). */
  readonly session: SessionRecord;
  readonly evaluation: Evaluation;
  /** The screen as read now (echo kept, redacted); the rendered last screen once the pane is gone; null when there is none. */
  readonly screen: readonly string[] | null;
  readonly changed: boolean;
  /** The current turn's result block and where it came from, when this look read it. */
  readonly result: { readonly block: ResultBlock; readonly source: ResultSource } | null;
  /**
   * What the adapter read on the live screen at this look (echo removed), whether or not it decided
   * the state (a native signal outranks it); absent when there was no live screen to read.
   */
  readonly observation?: Observation | undefined;
}

/** What a waiting observe keeps between looks at one session, so each look renders and reads only what is new. */
export interface EvaluatorCache {
  readonly view: TurnViewCache;
  readonly signalFiles: SignalFileCache;
}

export function createEvaluatorCache(): EvaluatorCache {
  return { view: createTurnViewCache(), signalFiles: new Map() };
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
    workSeen: session.turnWorkSeenAt !== null,
    source: 'pane',
  };
}

/** How long a session without a pane counts as still being spawned by another process. */
const SPAWN_GRACE_MS = 60_000;
/** Attempts to record a look when other processes keep changing the session meanwhile. */
const MAX_WRITE_ATTEMPTS = 5;
/**
 * Lines a look keeps above the screen while following a worker: a turn's result block ends its
 * final reply, so a turn that outgrew them is read from what is kept.
 */
const OBSERVER_SCROLLBACK_LINES = 1000;
/** Texts sent to the worker that echo removal looks for. */
const ECHO_TEXTS = 20;

export interface EvaluateOptions {
  /** The pane, when the caller already listed every pane (reconcile). */
  readonly pane?: PaneStatus | null;
  readonly skipCapture?: boolean;
  readonly cache?: EvaluatorCache;
}

/**
 * Reads one session's facts (one tmux call for a live pane), decides its state and records a
 * change. The row is always read afresh, and the change is written only if no other process
 * changed the session meanwhile (compare-and-set on its version); otherwise the look is repeated
 * with what that process wrote — a `send` from elsewhere starts a turn this look must judge.
 */
export async function evaluateSession(
  context: SessionContext,
  sessionOrId: SessionRecord | string,
  options: EvaluateOptions = {},
): Promise<EvaluatedSession> {
  const id = typeof sessionOrId === 'string' ? sessionOrId : sessionOrId.id;
  for (let attempt = 1; ; attempt++) {
    const session = await context.store.sessions.require(id);
    const look = await lookAt(context, session, options);
    if (!look.write) return look.evaluated;
    const written = await context.store.sessions.apply(id, { ...look.write, expectedVersion: session.version });
    if (written) {
      if (look.evaluated.evaluation.ended) await afterEnd(context, written);
      return { ...look.evaluated, session: written };
    }
    if (attempt >= MAX_WRITE_ATTEMPTS) return look.evaluated;
  }
}

interface Look {
  readonly evaluated: EvaluatedSession;
  /** The change to record, or null when nothing changed. */
  readonly write: Parameters<SessionContext['store']['sessions']['apply']>[1] | null;
}

async function lookAt(context: SessionContext, session: SessionRecord, options: EvaluateOptions): Promise<Look> {
  if (session.endedAt)
    return { evaluated: { session, evaluation: endedEvaluation(session), screen: null, changed: false, result: null }, write: null };
  const files = filesOf(context, session.id);
  const adapter = adapterOf(context, session);
  const facts = factsOf(context, session);

  let capture: Capture | null = null;
  let pane: { dead: boolean; deadStatus: number | null } | null;
  if (options.skipCapture && options.pane !== undefined) pane = options.pane;
  else {
    capture = await context.runtime.capture(session.tmuxSession);
    pane = capture?.pane ?? null;
  }
  const now = context.now();
  if (pane === null && session.panePid === null && now - Date.parse(session.createdAt) < SPAWN_GRACE_MS) {
    // Another process is still spawning this worker (its row is written before its pane starts):
    // a missing pane means "not yet", never "gone".
    const starting: Evaluation = {
      state: 'starting',
      confidence: 0.5,
      evidence: ['the worker is being started'],
      ended: false,
      exitStatus: null,
      endReason: null,
      recheckAt: now + 250,
      workSeen: false,
      source: 'pane',
    };
    return { evaluated: { session, evaluation: starting, screen: null, changed: false, result: null }, write: null };
  }

  const stream = fileStat(files.stream);
  const size = stream?.size ?? 0;
  const turns = await context.store.sessions.turns(session.id);
  const sentTexts = sentTextsOf(turns);
  let observation: Observation | null = null;
  if (capture && !capture.pane.dead) {
    const lines = withoutEcho(capture.screen.lines, sentTexts);
    observation = adapter.classify({ ...capture.screen, lines }, { sentTexts });
  }
  const exitStatus = readIntFile(files.exitStatus);
  const gone = pane === null || pane.dead;

  // Native signals from files are cheap; in-band ones need the rendered stream.
  const turnStartedAt = Date.parse(session.turnStartedAt);
  const currentTurn = turns.find((turn) => turn.number === session.turnCount);
  const timeline = {
    startedAt: turnStartedAt,
    streamOffset: session.turnOffset,
    lastInputAt: Math.max(turnStartedAt, session.baseline?.at ?? 0),
    sentText: currentTurn?.sentText,
  };
  const oscSources = facts.signalSources.filter((source) => source.kind === 'osc');
  const signalFiles = options.cache?.signalFiles ?? new Map();
  const fileSignals = readSignalEvents(adapter, facts.signalSources, [], signalFiles);
  const preliminary = signalVerdict(currentTurnSignals(fileSignals, timeline), timeline);
  const screenCouldHoldResult = observation === null || observation.state === 'ready' || observation.state === 'unknown';
  // A reply the worker reported with its result block needs no rendering to find one.
  const signalCarriesBlock = preliminary?.finalText ? extractResultBlock(preliminary.finalText) !== null : false;
  const mayNeedScreen = size > session.turnOffset && !signalCarriesBlock && (screenCouldHoldResult || preliminary?.state === 'completed');
  let view: TurnView | null = null;
  if (stream && (mayNeedScreen || oscSources.length > 0 || gone)) {
    view = await readTurnView(
      {
        stream: files.stream,
        cols: facts.paneSize.cols,
        rows: facts.paneSize.rows,
        oscCodes: oscSources.map((source) => (source.kind === 'osc' ? source.code : 0)),
        turnOffset: session.turnOffset,
        end: size,
        final: gone,
        scrollback: OBSERVER_SCROLLBACK_LINES,
        redrawsConversation: continuesResumedConversation(session, session.turnCount),
      },
      options.cache?.view ?? createTurnViewCache(),
    );
  }
  const signals = oscSources.length && view ? readSignalEvents(adapter, facts.signalSources, view.oscEvents, signalFiles) : fileSignals;
  const verdict = oscSources.length && view ? signalVerdict(currentTurnSignals(signals, timeline), timeline) : preliminary;
  const verdictText = verdict?.finalText ? extractResultBlock(verdict.finalText) : null;
  // The screen's block is read only when it can decide: the worker's own reply carried none, and
  // the screen shows its input prompt (or nothing recognisable), or the worker said the turn ended.
  const screenBlock =
    verdictText === null &&
    view &&
    size > session.turnOffset &&
    (screenCouldHoldResult || verdict?.state === 'completed' || verdict?.state === 'idle')
      ? view.block()
      : null;
  const result: EvaluatedSession['result'] = verdictText
    ? { block: verdictText, source: 'signal' }
    : screenBlock
      ? { block: { text: screenBlock.text, sections: screenBlock.sections }, source: 'screen' }
      : null;

  const evaluation = evaluateSessionState({
    observation,
    pane,
    exitStatus,
    endReason: readSmallFile(files.endReason)?.trim() || null,
    turnHasResult: result !== null,
    signal: verdict,
    turnNumber: session.turnCount,
    turnStartedAt,
    lastOutputAt: stream && stream.size > 0 ? stream.mtimeMs : null,
    outputSinceTurnStart: size > session.turnOffset,
    baseline: session.baseline,
    now,
    quiescenceMs: context.config.observe.quiescence_ms,
    // The grace is for a worker that has input to react to: a prompt still waiting for the input box has none.
    startGraceMs: currentTurn?.deliveredAt ? facts.turnStartGraceMs : 0,
    workSeen: session.turnWorkSeenAt !== null,
  });

  const screen = capture && !capture.pane.dead ? capture.screen.lines.map(redact) : view ? view.screen().map(redact) : null;
  let screenHash = session.screenHash;
  if (screen && stream) {
    const text = `${screen.join('\n')}\n`;
    const hash = sha256(text);
    if (hash !== screenHash) {
      writePrivateFile(files.latestScreen, text);
      screenHash = hash;
    }
  }
  // The exact prompt for stdin mode is only needed until the worker has read it.
  if (size > 0 || evaluation.ended) rmSync(files.promptInput, { force: true });

  const evaluated: EvaluatedSession = { session, evaluation, screen, changed: false, result, ...(observation ? { observation } : {}) };
  const stateChanged = evaluation.state !== session.state || evaluation.ended;
  const evidenceChanged = evaluation.evidence.join('\n') !== session.stateEvidence.join('\n');
  const workNewlySeen = evaluation.workSeen && session.turnWorkSeenAt === null;
  // The provider's conversation id, once a signal revealed it: what a resume on another account continues.
  const conversationId = conversationIdOf(signalFiles, facts.signalSources);
  const conversationNew = conversationId !== null && conversationId !== session.providerSessionId;
  if (!stateChanged && !evidenceChanged && screenHash === session.screenHash && !workNewlySeen && !conversationNew)
    return { evaluated, write: null };
  const at = isoNow(context);
  return {
    evaluated: { ...evaluated, changed: stateChanged },
    write: {
      patch: {
        state: evaluation.state,
        stateConfidence: evaluation.confidence,
        stateEvidence: evaluation.evidence.map(redact),
        screenHash,
        ...(workNewlySeen ? { turnWorkSeenAt: at } : {}),
        ...(conversationNew ? { providerSessionId: conversationId } : {}),
        ...(evaluation.ended ? { endedAt: at, exitStatus: evaluation.exitStatus, endReason: evaluation.endReason } : {}),
      },
      events: [
        ...(conversationNew ? [{ type: 'conversation_identified', state: null, at, data: { provider_session_id: conversationId } }] : []),
        ...(stateChanged
          ? [
              {
                type: evaluation.ended ? 'ended' : 'state_changed',
                state: evaluation.state as SessionState,
                at,
                data: {
                  from: session.state,
                  turn: session.turnCount,
                  confidence: evaluation.confidence,
                  source: evaluation.source,
                  evidence: evaluation.evidence.map(redact),
                  ...(evaluation.ended ? { exit_status: evaluation.exitStatus, end_reason: evaluation.endReason } : {}),
                },
              },
            ]
          : []),
      ],
    },
  };
}

/** The texts sent to the worker (redacted), newest last, for echo removal. */
export function sentTextsOf(turns: readonly SessionTurnRecord[]): string[] {
  return turns
    .map((turn) => turn.sentText)
    .filter((text) => text.trim() !== '')
    .slice(-ECHO_TEXTS);
}

/**
 * Once a session has ended: its leases go, every process it left behind (detached daemons carry
 * its marker) is ended, what it wrote is redacted in place, and its private account home and pool
 * assignment are released.
 */
export async function afterEnd(context: SessionContext, session: SessionRecord): Promise<void> {
  await context.store.leases.releaseByHolder(session.id);
  await endMarkedProcesses('AGENTPOOL_SESSION_ID', session.id);
  scrubSessionFiles(filesOf(context, session.id));
  await releaseWorkerAccount(context, session);
}
