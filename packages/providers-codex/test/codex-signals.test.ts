import { loadCapture } from '@agentpool/test-utils';
import { createStreamRenderer } from '@agentpool/tmux-runtime';
import { describe, expect, it } from 'vitest';
import { CODEX_STATE_OSC, parseCodexNotify, parseCodexStateSequence } from '../src/codex-signals.js';

// What Codex 0.169.0 reported in real captures: the JSON argument of its `notify` program (as
// agentpool's signal recorder stored it) and the `ESC ] 7501 ; …` sequences in its output.
const approval = loadCapture('codex-0.169.0-approval');
const working = loadCapture('codex-0.169.0-working');
const finalReply = (reply: string | undefined) => reply?.split(', then: ').at(-1);

describe('parseCodexNotify on the notify payloads of real Codex 0.169.0 turns', () => {
  it.each([
    { capture: approval, final: finalReply(approval.meta.turns[0]?.reply) },
    { capture: working, final: working.meta.turns[0]?.reply },
  ])('$capture.name: the thread title’s turn first, then the turn that answered the input', ({ capture, final }) => {
    const sent = capture.meta.turns[0]?.sent ?? '';
    const [title, turn] = capture.signals.map((record) => parseCodexNotify(record.payload));
    expect(capture.signals).toHaveLength(2);
    // Codex runs an internal turn that writes the thread's title; it quotes the input but answers something else.
    expect(title).toMatchObject({ kind: 'turn_completed', finalText: 'Scratch work' });
    expect(title?.kind === 'turn_completed' && title.input).toMatch(/^Generate a concise, single-line task title/);
    expect(title?.kind === 'turn_completed' && title.input).not.toBe(sent);
    expect(turn).toEqual({ kind: 'turn_completed', finalText: final, input: sent });
  });

  it.each(['codex-0.169.0-api-error', 'codex-0.169.0-rate-limit'])(
    '%s: a turn whose model call failed reports no completion (only the title’s turn does)',
    (name) => {
      const capture = loadCapture(name);
      const sent = capture.meta.turns[0]?.sent ?? '';
      const reported = capture.signals.map((record) => parseCodexNotify(record.payload));
      expect(reported.filter((signal) => signal?.kind === 'turn_completed' && signal.input === sent)).toEqual([]);
      expect(reported.at(-1)).toEqual({ kind: 'turn_completed', finalText: 'Hello.', input: capture.meta.turns[1]?.sent });
    },
  );

  it('other records say nothing', () => {
    expect(parseCodexNotify('not json')).toBeNull();
    expect(parseCodexNotify(JSON.stringify({ type: 'approval-requested' }))).toBeNull();
  });

  it('a turn without a reply or inputs is still a completion', () => {
    expect(parseCodexNotify(JSON.stringify({ type: 'agent-turn-complete', 'last-assistant-message': '' }))).toEqual({
      kind: 'turn_completed',
      finalText: undefined,
      input: undefined,
    });
  });
});

describe('parseCodexStateSequence on the 7501 sequences of real Codex 0.169.0 streams', () => {
  /** The sequences, rendered as agentpool reads a session: up to each turn's offset, then on (an event's offset is that of the write holding it). */
  async function sequences(name: string) {
    const capture = loadCapture(name);
    const renderer = await createStreamRenderer({ cols: capture.meta.cols, rows: capture.meta.rows, oscCodes: [CODEX_STATE_OSC] });
    for (const end of [...capture.meta.turns.map((turn) => turn.offset), capture.bytes.length])
      await renderer.feed(capture.bytes.subarray(renderer.consumed, end));
    await renderer.flush();
    const events = renderer.oscEvents.map((event) => ({ data: event.data, offset: event.offset }));
    renderer.dispose();
    return { capture, events };
  }

  it('an approval turn: idle at start-up, then working, blocked on the prompt, working again once approved, done', async () => {
    const { capture, events } = await sequences('codex-0.169.0-approval');
    expect(events.map((event) => event.data)).toEqual([
      'state=idle:app=codex',
      'state=working:app=codex',
      'state=blocked:app=codex:kind=permission',
      'state=working:app=codex',
      'state=done:app=codex',
    ]);
    expect(events.map((event) => parseCodexStateSequence(event.data))).toEqual([
      null,
      { kind: 'turn_started' },
      null,
      { kind: 'turn_started' },
      { kind: 'turn_completed' },
    ]);
    const turnOffset = capture.meta.turns[0]?.offset ?? 0;
    expect(events.filter((event) => event.offset >= turnOffset)).toHaveLength(4);
  });

  it.each(['codex-0.169.0-two-turns-no-alt-screen', 'codex-0.169.0-two-turns-alt-screen'])(
    '%s: each turn reports working, then done',
    async (name) => {
      const { capture, events } = await sequences(name);
      for (const [index, turn] of capture.meta.turns.entries()) {
        const end = capture.meta.turns[index + 1]?.offset ?? capture.bytes.length;
        const own = events
          .filter((event) => event.offset >= turn.offset && event.offset < end)
          .map((event) => parseCodexStateSequence(event.data));
        expect(own.filter(Boolean)).toEqual([{ kind: 'turn_started' }, { kind: 'turn_completed' }]);
      }
    },
  );

  it.each(['codex-0.169.0-api-error', 'codex-0.169.0-rate-limit'])(
    '%s: a failed call writes state=error, which says nothing (the screen tells an error from a limit), then the next turn runs',
    async (name) => {
      const { capture, events } = await sequences(name);
      const second = capture.meta.turns[1]?.offset ?? 0;
      const first = events.filter((event) => event.offset >= (capture.meta.turns[0]?.offset ?? 0) && event.offset < second);
      expect(first.map((event) => event.data)).toEqual(['state=working:app=codex', 'state=error:app=codex']);
      expect(first.map((event) => parseCodexStateSequence(event.data))).toEqual([{ kind: 'turn_started' }, null]);
      const next = events.filter((event) => event.offset >= second).map((event) => parseCodexStateSequence(event.data));
      expect(next.filter(Boolean)).toEqual([{ kind: 'turn_started' }, { kind: 'turn_completed' }]);
    },
  );

  it('reads the state wherever it stands among the fields', () => {
    expect(parseCodexStateSequence('app=codex;state=working')).toEqual({ kind: 'turn_started' });
    expect(parseCodexStateSequence('xstate=done')).toBeNull();
    expect(parseCodexStateSequence('')).toBeNull();
  });
});
