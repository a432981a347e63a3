import type { Observation, ScreenState } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import type { SignalVerdict } from '../src/signal-verdict.js';
import {
  COMPLETION_SETTLE_MS,
  type Evaluation,
  type EvaluationInput,
  evaluateSessionState,
  SETTLE_MS,
  STALE_WINDOW_MS,
} from '../src/state-evaluation.js';

/** Epoch ms the current turn started. */
const T = 1_800_000_000_000;
const QUIET = 5000;

/** A live pane in its second turn, right at the turn's start, with no facts yet. */
const BASE: EvaluationInput = {
  observation: null,
  pane: { dead: false, deadStatus: null },
  exitStatus: null,
  endReason: null,
  turnHasResult: false,
  signal: null,
  turnNumber: 2,
  turnStartedAt: T,
  lastOutputAt: null,
  outputSinceTurnStart: false,
  baseline: null,
  now: T,
  quiescenceMs: QUIET,
  startGraceMs: 0,
  workSeen: false,
};

const screen = (state: ScreenState, evidence: readonly string[] = [`${state} line`]): Observation => ({
  state,
  confidence: 0.9,
  evidence,
  rule: `test.${state}`,
});
const signal = (state: SignalVerdict['state'], evidence = `hooks: ${state}`, finalText: string | null = null): SignalVerdict => ({
  state,
  evidence,
  finalText,
});
/** Output written `ago` ms before `now`, after the turn began. */
const outputAgo = (now: number, ago: number) => ({ now, lastOutputAt: now - ago, outputSinceTurnStart: true });

interface Case {
  readonly name: string;
  readonly input: Partial<EvaluationInput>;
  readonly expected: Partial<Evaluation>;
}

const table = (cases: readonly Case[]) =>
  it.each(cases)('$name', ({ input, expected }) => {
    expect(evaluateSessionState({ ...BASE, ...input })).toMatchObject(expected);
  });

describe('evaluateSessionState', () => {
  describe('the pane decides first: gone or dead ends the session', () => {
    table([
      {
        name: 'tmux session gone, no exit status: error, pane_missing',
        input: { pane: null, signal: signal('completed'), observation: screen('ready') },
        expected: { state: 'error', ended: true, endReason: 'pane_missing', exitStatus: null, source: 'pane', confidence: 0.9 },
      },
      {
        name: 'tmux session gone, the exit file says 0: exited',
        input: { pane: null, exitStatus: 0 },
        expected: { state: 'exited', ended: true, endReason: 'worker_exited', exitStatus: 0, evidence: ['worker exited with status 0'] },
      },
      {
        name: 'tmux session gone, the exit file says 3: error',
        input: { pane: null, exitStatus: 3 },
        expected: { state: 'error', ended: true, endReason: 'worker_exited', exitStatus: 3 },
      },
      {
        name: 'dead pane with status 0: exited, whatever the signals and screen say',
        input: { pane: { dead: true, deadStatus: 0 }, signal: signal('approval_prompt'), observation: screen('working') },
        expected: { state: 'exited', ended: true, exitStatus: 0, source: 'pane', recheckAt: null },
      },
      {
        name: 'dead pane with status 137: error',
        input: { pane: { dead: true, deadStatus: 137 } },
        expected: { state: 'error', ended: true, exitStatus: 137, endReason: 'worker_exited' },
      },
      {
        name: 'dead pane whose status tmux lost: the exit file’s status',
        input: { pane: { dead: true, deadStatus: null }, exitStatus: 0 },
        expected: { state: 'exited', ended: true, exitStatus: 0 },
      },
      {
        name: 'dead pane, no status anywhere: error with an unknown status (the pane existed: not pane_missing)',
        input: { pane: { dead: true, deadStatus: null } },
        expected: { state: 'error', ended: true, endReason: 'worker_exited', evidence: ['worker exited with status unknown'] },
      },
      {
        name: 'runtime limit reached (dead pane): cancelled with the status',
        input: { pane: { dead: true, deadStatus: 143 }, endReason: 'max_runtime_exceeded' },
        expected: { state: 'cancelled', ended: true, exitStatus: 143, endReason: 'max_runtime_exceeded', confidence: 1 },
      },
      {
        name: 'runtime limit reached, tmux session gone: cancelled',
        input: { pane: null, endReason: 'max_runtime_exceeded' },
        expected: { state: 'cancelled', ended: true, endReason: 'max_runtime_exceeded' },
      },
      {
        name: 'an ended session keeps what was seen of the turn',
        input: { pane: null, exitStatus: 0, workSeen: true },
        expected: { workSeen: true },
      },
    ]);
  });

  describe('native signals come before the screen', () => {
    table([
      {
        name: 'completed with a result block: completed',
        input: {
          signal: signal('completed', 'hooks: turn_completed'),
          turnHasResult: true,
          observation: screen('working'),
          ...outputAgo(T + 900, 10),
        },
        expected: {
          state: 'completed',
          confidence: 0.95,
          evidence: ['result block delivered', 'hooks: turn_completed'],
          source: 'signal',
          recheckAt: null,
          workSeen: true,
        },
      },
      {
        name: 'completed without a block while output is still arriving: working until the last words are read',
        input: { signal: signal('completed'), ...outputAgo(T + 5000, 200) },
        expected: { state: 'working', source: 'signal', recheckAt: T + 5000 - 200 + COMPLETION_SETTLE_MS },
      },
      {
        name: 'completed without a block, output quiet for the completion settle: idle',
        input: { signal: signal('completed'), ...outputAgo(T + 5000, COMPLETION_SETTLE_MS) },
        expected: { state: 'idle', source: 'signal', confidence: 0.9, recheckAt: null },
      },
      {
        name: 'completed without a block and no output ever: idle',
        input: { signal: signal('completed'), now: T + 100 },
        expected: { state: 'idle', source: 'signal' },
      },
      {
        name: 'idle (waiting for input) with a result block: completed',
        input: { signal: signal('idle'), turnHasResult: true },
        expected: { state: 'completed', source: 'signal' },
      },
      ...(['approval_prompt', 'question', 'limit_reached', 'error'] as const).map(
        (state): Case => ({
          name: `${state} over a working screen: ${state}, the session stays live`,
          input: { signal: signal(state), observation: screen('working') },
          expected: { state, source: 'signal', confidence: 0.95, ended: false, evidence: [`hooks: ${state}`], workSeen: true },
        }),
      ),
      {
        name: 'working leaves the decision to the screen',
        input: { signal: signal('working'), observation: screen('approval_prompt') },
        expected: { state: 'approval_prompt', source: 'screen', workSeen: true },
      },
      {
        name: 'a signal decides even when the screen is still the one before the input',
        input: {
          signal: signal('approval_prompt'),
          observation: screen('ready', ['›']),
          baseline: { state: 'ready', evidence: ['›'], at: T },
          now: T + 100,
        },
        expected: { state: 'approval_prompt', source: 'signal' },
      },
    ]);
  });

  describe('nothing recognisable on screen: quiescence decides', () => {
    table([
      {
        name: 'first turn, no output ever: starting until the quiescence window ends',
        input: { turnNumber: 1, now: T + 1000 },
        expected: { state: 'starting', source: 'quiescence', recheckAt: T + QUIET, confidence: 0.5 },
      },
      {
        name: 'a later turn, no output yet: working',
        input: { observation: screen('unknown', []), now: T + 1000, lastOutputAt: T - 60_000 },
        expected: { state: 'working', source: 'quiescence', recheckAt: T + QUIET },
      },
      {
        name: 'output 1 s ago: working, judged again when it has been quiet long enough',
        input: { observation: screen('unknown', []), ...outputAgo(T + 8000, 1000) },
        expected: { state: 'working', recheckAt: T + 7000 + QUIET },
      },
      {
        name: 'quiet for the quiescence window: idle',
        input: { observation: screen('unknown', []), ...outputAgo(T + 9000, QUIET) },
        expected: { state: 'idle', source: 'quiescence', evidence: ['no output for 5 s'], recheckAt: null },
      },
      {
        name: 'quiet with a result block: completed',
        input: { turnHasResult: true, ...outputAgo(T + 9000, QUIET) },
        expected: { state: 'completed', source: 'quiescence', confidence: 0.7 },
      },
      {
        name: 'output only before the turn began: quiet counts from the turn’s start',
        input: { lastOutputAt: T - 60_000, outputSinceTurnStart: false, now: T + QUIET - 1 },
        expected: { state: 'working', recheckAt: T + QUIET },
      },
      {
        name: 'quiet past the window but inside the start grace, no work seen: still working until the grace ends',
        input: { startGraceMs: 10_000, lastOutputAt: T - 60_000, now: T + QUIET + 1000 },
        expected: { state: 'working', recheckAt: T + 10_000, workSeen: false },
      },
      {
        name: 'inside the start grace but work was seen earlier: idle once quiet',
        input: { startGraceMs: 10_000, workSeen: true, lastOutputAt: T - 60_000, now: T + QUIET + 1000 },
        expected: { state: 'idle', workSeen: true },
      },
    ]);
  });

  describe('a screen identical to the one before the input is stale for a moment', () => {
    const baseline = { state: 'question', evidence: ['Which file?'], at: T + 2000 };
    table([
      {
        name: 'same state and evidence inside the stale window: working, judged again when the window ends',
        input: { observation: screen('question', ['Which file?']), baseline, ...outputAgo(T + 2500, 400) },
        expected: { state: 'working', confidence: 0.5, source: 'screen', recheckAt: T + 2000 + STALE_WINDOW_MS, workSeen: false },
      },
      {
        name: 'the window ended and the screen still asks: the question again',
        input: { observation: screen('question', ['Which file?']), baseline, ...outputAgo(T + 2000 + STALE_WINDOW_MS, 400) },
        expected: { state: 'question', source: 'screen', workSeen: true },
      },
      {
        name: 'a different question is never stale',
        input: { observation: screen('question', ['Which folder?']), baseline, ...outputAgo(T + 2100, 50) },
        expected: { state: 'question', source: 'screen' },
      },
      {
        name: 'the stale window is never longer than the quiescence window',
        input: {
          quiescenceMs: 1000,
          observation: screen('question', ['Which file?']),
          baseline,
          ...outputAgo(T + 2000 + 1000, 10),
        },
        expected: { state: 'question' },
      },
      {
        name: 'a working screen is taken as it is',
        input: {
          observation: screen('working', ['esc to interrupt']),
          baseline: { state: 'working', evidence: ['esc to interrupt'], at: T },
          ...outputAgo(T + 100, 10),
        },
        expected: { state: 'working', confidence: 0.9, evidence: ['esc to interrupt'], workSeen: true },
      },
    ]);
  });

  describe('an empty input prompt is completed, idle, or not yet', () => {
    const ready = screen('ready', ['? for shortcuts']);
    table([
      {
        name: 'with a result block: completed, with the screen’s evidence',
        input: { observation: ready, turnHasResult: true, ...outputAgo(T + 3000, 10) },
        expected: { state: 'completed', source: 'screen', evidence: ['result block delivered', '? for shortcuts'], workSeen: true },
      },
      {
        name: 'no output since the input, inside the quiescence window: the worker has not reacted yet',
        input: { observation: ready, lastOutputAt: T - 100, now: T + 1000 },
        expected: { state: 'working', recheckAt: T + QUIET, evidence: ['the worker has not reacted to the new turn yet'] },
      },
      {
        name: 'output since the input but inside the start grace, no work seen: not started yet',
        input: { observation: ready, startGraceMs: 5000, ...outputAgo(T + 2000, 1000) },
        expected: { state: 'working', recheckAt: T + 5000, evidence: ['the worker has not started on the input yet'] },
      },
      {
        name: 'inside the start grace with work seen: idle once settled',
        input: { observation: ready, startGraceMs: 5000, workSeen: true, ...outputAgo(T + 2000, 1000) },
        expected: { state: 'idle', source: 'screen' },
      },
      {
        name: 'the worker said it started and output is recent: working until it ends the turn or goes quiet',
        input: { observation: ready, signal: signal('working', 'state: turn_started'), ...outputAgo(T + 8000, 1000) },
        expected: {
          state: 'working',
          source: 'signal',
          recheckAt: T + 7000 + QUIET,
          evidence: ['state: turn_started', expect.any(String)],
        },
      },
      {
        name: 'the worker said it started but has been quiet for the quiescence window: idle',
        input: { observation: ready, signal: signal('working'), ...outputAgo(T + 20_000, QUIET) },
        expected: { state: 'idle', source: 'screen' },
      },
      {
        name: 'output a moment ago: still settling',
        input: { observation: ready, ...outputAgo(T + 8000, SETTLE_MS - 1) },
        expected: { state: 'working', recheckAt: T + 8000 - (SETTLE_MS - 1) + SETTLE_MS },
      },
      {
        name: 'settled: idle, with the screen’s evidence',
        input: { observation: ready, ...outputAgo(T + 8000, SETTLE_MS) },
        expected: { state: 'idle', source: 'screen', evidence: ['? for shortcuts'], recheckAt: null, workSeen: false },
      },
    ]);
  });

  describe('other screen states are taken as they are', () => {
    table(
      (['approval_prompt', 'question', 'startup_prompt', 'auth_required', 'limit_reached', 'error'] as const).map((state) => ({
        name: state,
        input: { observation: screen(state), ...outputAgo(T + 3000, 10) },
        expected: {
          state,
          source: 'screen',
          evidence: [`${state} line`],
          ended: false,
          workSeen: state !== 'startup_prompt' && state !== 'auth_required',
        },
      })),
    );
  });
});

describe('what decided is named: the signal, or the screen rule', () => {
  it('a signal that decides is named by source and kind, and no rule is claimed', () => {
    const decided = evaluateSessionState({
      ...BASE,
      observation: screen('ready'),
      signal: { ...signal('approval_prompt', 'hooks: needs_input'), source: 'hooks', kind: 'needs_input' },
      ...outputAgo(T + 3000, 10),
    });
    expect(decided).toMatchObject({ state: 'approval_prompt', source: 'signal', signal: { source: 'hooks', kind: 'needs_input' } });
    expect(decided.rule).toBeUndefined();
  });

  it('the screen that decides names its rule, and no signal', () => {
    const decided = evaluateSessionState({ ...BASE, observation: screen('question'), ...outputAgo(T + 3000, 10) });
    expect(decided).toMatchObject({ state: 'question', source: 'screen', rule: 'test.question' });
    expect(decided.signal).toBeUndefined();
  });

  it('silence names neither', () => {
    const decided = evaluateSessionState({ ...BASE, observation: screen('unknown'), ...outputAgo(T + 60_000, 30_000) });
    expect(decided.source).toBe('quiescence');
    expect(decided.rule).toBeUndefined();
    expect(decided.signal).toBeUndefined();
  });
});
