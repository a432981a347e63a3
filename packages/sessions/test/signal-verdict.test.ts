import { redact, type WorkerSignal, type WorkerSignalEvent } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { currentTurnSignals, type SignalVerdict, signalVerdict, type TurnTimeline } from '../src/signal-verdict.js';

/** Epoch ms and stream offset at which the current turn started. */
const T = 1_800_000_000_000;
const OFFSET = 40_000;
const SENT = 'Fix the failing test in src/app.ts.';
const TURN: TurnTimeline = { startedAt: T, streamOffset: OFFSET, lastInputAt: T, sentText: SENT };

/** A record from a file source (hooks, notify), written `ms` after the turn started. */
const file = (source: string, ms: number, signal: WorkerSignal): WorkerSignalEvent => ({ signal, source, at: T + ms, streamOffset: null });
/** An in-band sequence `bytes` after the turn's offset. */
const osc = (bytes: number, signal: WorkerSignal): WorkerSignalEvent => ({
  signal,
  source: 'state',
  at: null,
  streamOffset: OFFSET + bytes,
});

const started: WorkerSignal = { kind: 'turn_started' };
const completed = (finalText?: string, input?: string): WorkerSignal => ({ kind: 'turn_completed', finalText, input });
const approval: WorkerSignal = { kind: 'needs_input', input: 'approval', message: 'Claude needs your permission' };
const question: WorkerSignal = { kind: 'needs_input', input: 'question' };
const waiting: WorkerSignal = { kind: 'needs_input', input: 'idle' };

interface Case {
  readonly name: string;
  readonly events: readonly WorkerSignalEvent[];
  readonly turn?: Partial<TurnTimeline>;
  /** The events `currentTurnSignals` keeps, by index into `events`. */
  readonly kept: readonly number[];
  readonly verdict: Partial<SignalVerdict> | null;
}

const CASES: readonly Case[] = [
  { name: 'no signals: no verdict', events: [], kept: [], verdict: null },
  {
    name: 'a turn that started and completed, with the reply',
    events: [file('hooks', 100, started), file('hooks', 900, completed('done'))],
    kept: [0, 1],
    verdict: { state: 'completed', evidence: 'hooks: turn_completed', finalText: 'done' },
  },
  {
    name: 'records from before the turn belong to earlier turns',
    events: [file('hooks', -500, started), file('hooks', -10, completed('old')), file('hooks', 100, started)],
    kept: [2],
    verdict: { state: 'working', evidence: 'hooks: turn_started', finalText: null },
  },
  {
    name: 'a late completion of the earlier turn, recorded before this turn’s own start, is not this turn’s',
    events: [file('hooks', -2000, started), file('hooks', 50, completed('old reply')), file('hooks', 300, started)],
    kept: [2],
    verdict: { state: 'working' },
  },
  {
    name: 'in-band sequences count from the turn’s offset, not its time',
    events: [osc(-200, started), osc(-100, completed()), osc(10, started)],
    kept: [2],
    verdict: { state: 'working', evidence: 'state: turn_started' },
  },
  {
    name: 'a completion naming another input (Codex’s own title turn) is ignored',
    events: [file('notify', 400, completed('Fix failing test', `Generate a concise title.\n\nUser prompt:\n${SENT}`))],
    kept: [],
    verdict: null,
  },
  {
    name: 'a completion naming this turn’s input counts, whitespace aside',
    events: [file('notify', 400, completed('done', `  Fix the failing\ntest in   src/app.ts. `))],
    kept: [0],
    verdict: { state: 'completed', finalText: 'done', evidence: 'notify: turn_completed' },
  },
  {
    name: 'a completion naming an input with a secret matches the turn’s redacted text',
    events: [file('notify', 400, completed('done', 'Use the key sk-ant-api03-abcdefghijklmnopqrstuvwxyz to call the API.'))],
    turn: { sentText: redact('Use the key sk-ant-api03-abcdefghijklmnopqrstuvwxyz to call the API.') },
    kept: [0],
    verdict: { state: 'completed' },
  },
  {
    name: 'a completion naming no input, or a turn with no text, counts',
    events: [file('notify', 400, completed('done', 'anything'))],
    turn: { sentText: '  ' },
    kept: [0],
    verdict: { state: 'completed' },
  },
  {
    name: 'an approval the caller answered since is no longer asked',
    events: [file('hooks', 100, started), file('hooks', 2000, approval)],
    turn: { lastInputAt: T + 3000 },
    kept: [0, 1],
    verdict: { state: 'working' },
  },
  {
    name: 'an approval asked after the caller’s last input is asked',
    events: [file('hooks', 100, started), file('hooks', 2000, approval)],
    turn: { lastInputAt: T + 1000 },
    kept: [0, 1],
    verdict: { state: 'approval_prompt', evidence: 'hooks: needs_input', finalText: null },
  },
  {
    name: 'answered, then the tool ran and the turn goes on: working',
    events: [file('hooks', 100, started), file('hooks', 2000, approval), file('hooks', 4000, started)],
    turn: { lastInputAt: T + 3000 },
    kept: [0, 1, 2],
    verdict: { state: 'working' },
  },
  {
    name: 'a question',
    events: [file('hooks', 100, started), file('hooks', 200, question)],
    kept: [0, 1],
    verdict: { state: 'question' },
  },
  {
    name: '"waiting for input" after the completion keeps the turn completed, and its reply',
    events: [file('hooks', 100, started), file('hooks', 900, completed('done')), file('hooks', 60_900, waiting)],
    kept: [0, 1, 2],
    verdict: { state: 'completed', finalText: 'done' },
  },
  {
    name: '"waiting for input" a minute after a question is the same wait: still a question',
    events: [file('hooks', 100, started), file('hooks', 200, question), file('hooks', 60_200, waiting)],
    kept: [0, 1, 2],
    verdict: { state: 'question' },
  },
  {
    name: '"waiting for input" while an approval prompt stands: still an approval prompt',
    events: [file('hooks', 100, started), file('hooks', 200, approval), file('hooks', 60_200, waiting)],
    kept: [0, 1, 2],
    verdict: { state: 'approval_prompt' },
  },
  {
    name: '"waiting for input" without a completion (an interrupted turn): idle',
    events: [file('hooks', 100, started), file('hooks', 60_900, waiting)],
    kept: [0, 1],
    verdict: { state: 'idle', finalText: null },
  },
  {
    name: 'a usage limit',
    events: [file('hooks', 100, started), file('hooks', 900, { kind: 'limit_reached', message: 'resets 5pm' })],
    kept: [0, 1],
    verdict: { state: 'limit_reached' },
  },
  {
    name: 'a failed turn',
    events: [file('hooks', 100, started), file('hooks', 900, { kind: 'turn_failed', reason: 'server_error' })],
    kept: [0, 1],
    verdict: { state: 'error', evidence: 'hooks: turn_failed' },
  },
  {
    name: 'the session ending changes nothing about the turn',
    events: [file('hooks', 100, started), file('hooks', 900, completed('done')), file('hooks', 950, { kind: 'session_ended' })],
    kept: [0, 1, 2],
    verdict: { state: 'completed', finalText: 'done' },
  },
  {
    name: 'the session ending alone says nothing',
    events: [file('hooks', 100, { kind: 'session_ended', reason: 'exit' })],
    kept: [0],
    verdict: null,
  },
  {
    name: 'sources combined: the in-band state says working, notify says completed',
    events: [osc(10, started), file('notify', 900, completed('done', SENT))],
    kept: [0, 1],
    verdict: { state: 'completed', evidence: 'notify: turn_completed', finalText: 'done' },
  },
  {
    name: 'sources combined: both completed, the one carrying the reply wins whatever the order',
    events: [osc(10, started), osc(900, completed()), file('notify', 900, completed('the reply', SENT))],
    kept: [0, 1, 2],
    verdict: { state: 'completed', evidence: 'notify: turn_completed', finalText: 'the reply' },
  },
  {
    name: 'sources combined: a prompt waiting outranks another source’s completion',
    events: [file('notify', 100, completed('done', SENT)), file('hooks', 50, started), file('hooks', 200, approval)],
    kept: [0, 1, 2],
    verdict: { state: 'approval_prompt', evidence: 'hooks: needs_input' },
  },
  {
    name: 'each source’s last word counts: completed, then a new start in the same turn (a queued message)',
    events: [file('hooks', 100, started), file('hooks', 900, completed('first')), file('hooks', 1000, started)],
    kept: [0, 1, 2],
    verdict: { state: 'working', finalText: null },
  },
];

describe('currentTurnSignals and signalVerdict', () => {
  it.each(CASES)('$name', ({ events, turn, kept, verdict }) => {
    const timeline = { ...TURN, ...turn };
    const current = currentTurnSignals(events, timeline);
    expect(current).toEqual(kept.map((index) => events[index]));
    const result = signalVerdict(current, timeline);
    if (verdict === null) expect(result).toBeNull();
    else expect(result).toMatchObject(verdict);
  });

  it('an in-band needs-input has no time: it counts until the same source says something else', () => {
    const events = [osc(10, started), osc(500, question)];
    expect(signalVerdict(events, { ...TURN, lastInputAt: T + 60_000 })).toMatchObject({ state: 'question' });
    expect(signalVerdict([...events, osc(900, started)], { ...TURN, lastInputAt: T + 60_000 })).toMatchObject({ state: 'working' });
  });
});

describe('the verdict names the source and kind that decided', () => {
  it('carries the deciding event', () => {
    expect(signalVerdict([file('hooks', 100, started), file('hooks', 2000, approval)], TURN)).toMatchObject({
      state: 'approval_prompt',
      evidence: 'hooks: needs_input',
      source: 'hooks',
      kind: 'needs_input',
    });
    expect(signalVerdict([osc(10, started)], TURN)).toMatchObject({ state: 'working', source: 'state', kind: 'turn_started' });
  });
});
