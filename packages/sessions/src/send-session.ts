import { AgentPoolError, redact, validateSentText } from '@agentpool/core';
import type { SessionRecord } from '@agentpool/store';
import { waitForPasteTakenIn } from './paste-settle.js';
import { waitForAnnouncedPrompt } from './prompt-on-screen.js';
import { factsOf, filesOf, isoNow, type SessionContext } from './session-context.js';
import { type EvaluatedSession, evaluateSession } from './session-evaluator.js';
import { fileStat } from './session-files.js';
import { confirmSubmitted } from './submit-confirmation.js';

function requireLive(session: SessionRecord, action: string): void {
  if (session.endedAt) {
    throw new AgentPoolError('SESSION_ENDED', `Session ${session.id} has ended (${session.state}); cannot ${action}.`, {
      details: { session_id: session.id, state: session.state, end_reason: session.endReason },
      hint: `agentpool collect ${session.id} --json`,
    });
  }
}

/** Attempts to record a delivered turn while other processes keep writing the session. */
const MAX_TURN_WRITES = 10;

/**
 * Pastes `text` (literally), presses the submit keys and starts a new turn: the turn's offset in
 * the output stream, what was sent and the screen before the input are recorded (one transaction,
 * compare-and-set), so a later observe — in this process or any other — waits for this turn's
 * outcome and never reports the previous one. Then makes sure the turn started (see confirmSubmitted).
 */
export async function deliverTurn(
  context: SessionContext,
  before: EvaluatedSession,
  text: string,
  options: { countsAsNewTurn: boolean },
): Promise<SessionRecord> {
  const id = before.session.id;
  const files = filesOf(context, id);
  const facts = factsOf(context, before.session);
  const offset = fileStat(files.stream)?.size ?? 0;
  const at = context.now();
  await context.runtime.pasteText(before.session.tmuxSession, text);
  if (text.length > 0) await waitForPasteTakenIn(files.stream, offset);
  await context.runtime.sendKeys(before.session.tmuxSession, facts.submitKeys);
  const startedAt = new Date(at).toISOString();
  const baseline = {
    state: before.evaluation.state === 'idle' ? 'ready' : before.evaluation.state,
    evidence: before.evaluation.evidence,
    at,
  };
  for (let attempt = 0; attempt < MAX_TURN_WRITES; attempt++) {
    const current = await context.store.sessions.require(id);
    requireLive(current, 'record the turn it was sent');
    const turn = options.countsAsNewTurn ? current.turnCount + 1 : current.turnCount;
    const written = await context.store.sessions.apply(id, {
      expectedVersion: current.version,
      patch: {
        state: 'working',
        stateConfidence: 0.5,
        stateEvidence: ['input delivered; waiting for the worker'],
        turnCount: turn,
        turnStartedAt: startedAt,
        turnOffset: offset,
        baseline,
        turnWorkSeenAt: null,
      },
      turn: { number: turn, startedAt, streamOffset: offset, sentText: redact(text), sentChars: text.length, deliveredAt: isoNow(context) },
      events: [
        {
          type: 'turn_started',
          state: 'working',
          at: isoNow(context),
          data: { turn, chars: text.length, from_state: before.evaluation.state },
        },
      ],
    });
    if (written) {
      await confirmSubmitted(context, written, text);
      return (await context.store.sessions.get(id)) ?? written;
    }
  }
  throw new AgentPoolError('STORE_FAILED', `Session ${id} kept changing while its new turn was recorded; the text was delivered.`, {
    details: { session_id: id },
    hint: `agentpool session show ${id} --json`,
  });
}

export interface SendRequest {
  readonly sessionId: string;
  /** Text to paste; "" presses the submit key only. */
  readonly text: string;
}

export async function sendToSession(context: SessionContext, request: SendRequest): Promise<SessionRecord> {
  validateSentText(request.text);
  const session = await context.store.sessions.require(request.sessionId);
  requireLive(session, 'send');
  const evaluated = await waitForAnnouncedPrompt(context, await evaluateSession(context, session.id));
  const fresh = evaluated.session;
  requireLive(fresh, 'send');
  if (fresh.maxTurns !== null && fresh.turnCount >= fresh.maxTurns) {
    throw new AgentPoolError('TURN_LIMIT_REACHED', `Session ${fresh.id} has used its ${fresh.maxTurns} turn(s).`, {
      details: { session_id: fresh.id, turns: fresh.turnCount, max_turns: fresh.maxTurns },
      hint: `agentpool collect ${fresh.id} --json   (or spawn a new worker)`,
    });
  }
  return deliverTurn(context, evaluated, request.text, { countsAsNewTurn: true });
}

export interface KeysRequest {
  readonly sessionId: string;
  readonly keys: readonly string[];
}

/** Sends named keys (policy `allow_raw_keys`). The current turn continues. */
export async function sendKeysToSession(context: SessionContext, request: KeysRequest): Promise<SessionRecord> {
  if (!context.config.policy.allow_raw_keys) {
    throw new AgentPoolError('POLICY_BLOCKED', 'Sending raw keys is off by policy (policy.allow_raw_keys: false).', {
      hint: 'Use `agentpool send <id> "text"`, or set policy.allow_raw_keys: true in config.yaml',
    });
  }
  if (request.keys.length === 0) {
    throw new AgentPoolError('INVALID_KEY', 'No keys given.', { hint: 'agentpool keys <session-id> Enter' });
  }
  const session = await context.store.sessions.require(request.sessionId);
  requireLive(session, 'send keys');
  const before = await waitForAnnouncedPrompt(context, await evaluateSession(context, session.id));
  requireLive(before.session, 'send keys');
  await context.runtime.sendKeys(session.tmuxSession, request.keys);
  const at = context.now();
  // A narrow write: only the baseline, so nothing another process wrote is lost.
  const updated = await context.store.sessions.update(session.id, {
    baseline: { state: before.evaluation.state, evidence: before.evaluation.evidence, at },
  });
  await context.store.events.append({
    sessionId: session.id,
    type: 'keys_sent',
    state: before.evaluation.state,
    data: { keys: request.keys },
  });
  return updated;
}

export interface InterruptResult {
  readonly session: SessionRecord;
  readonly keys: readonly string[];
  readonly dryRun: boolean;
}

/** Interrupts the worker's current turn with its provider's interrupt keys. */
export async function interruptSession(context: SessionContext, sessionId: string, dryRun: boolean): Promise<InterruptResult> {
  const session = await context.store.sessions.require(sessionId);
  requireLive(session, 'interrupt');
  const keys = factsOf(context, session).interruptKeys;
  if (dryRun) return { session, keys, dryRun };
  const before = await evaluateSession(context, session.id);
  requireLive(before.session, 'interrupt');
  await context.runtime.sendKeys(session.tmuxSession, keys);
  const updated = await context.store.sessions.update(session.id, {
    baseline: { state: before.evaluation.state, evidence: before.evaluation.evidence, at: context.now() },
  });
  await context.store.events.append({ sessionId, type: 'interrupted', state: before.evaluation.state, data: { keys } });
  return { session: updated, keys, dryRun };
}
