import { extractResultBlock, turnRegion, turnResultBlock } from '@agentpool/core';
import { type Capture, captureNames, loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { scrollShift } from '../src/alt-screen-history.js';
import { createStreamRenderer } from '../src/stream-renderer.js';

const ESC = '\u001b';

async function renderAll(capture: Capture) {
  const renderer = await createStreamRenderer({ cols: capture.meta.cols, rows: capture.meta.rows });
  await renderer.feed(capture.bytes);
  await renderer.flush();
  return renderer;
}

/** The block a turn's reply carried, as the imitation sent it. */
function expectedBlock(capture: Capture, turn: number) {
  const reply = capture.meta.turns[turn - 1]?.reply ?? '';
  return extractResultBlock(reply);
}

/** The two-turn captures (each turn ends with a result block); the others show one screen state each. */
const twoTurnCaptures = captureNames().filter((name) => name.includes('-two-turns'));

describe('stream renderer on real CLI captures', () => {
  it('has two-turn captures of Claude Code 2.1.197 and Codex 0.169.0 (both screen modes)', () => {
    expect(twoTurnCaptures).toEqual([
      'claude-code-2.1.197-two-turns',
      'codex-0.169.0-two-turns-alt-screen',
      'codex-0.169.0-two-turns-no-alt-screen',
    ]);
  });

  describe.each(twoTurnCaptures)('%s', (name) => {
    const capture = loadCapture(name);

    it('reads every reply line exactly, spaces included, each result marker alone on its line', async () => {
      const renderer = await renderAll(capture);
      const lines = renderer.lines().map((line) => line.trim());
      for (const turn of capture.meta.turns) {
        // The first line of a reply carries the program's bullet (● or •) before it.
        const [first = '', ...rest] = turn.reply.split('\n').filter(Boolean);
        expect(lines.some((line) => line.endsWith(` ${first}`))).toBe(true);
        for (const line of rest) expect(lines).toContain(line);
      }
      expect(lines.filter((line) => line === 'AGENTPOOL_RESULT_START')).toHaveLength(2);
      expect(lines.filter((line) => line === 'AGENTPOOL_RESULT_END')).toHaveLength(2);
      renderer.dispose();
    });

    it.each([1, 2])('turn %i: the result block is its own, never the other turn’s, at every point of the stream', async (turn) => {
      const start = capture.meta.turns[turn - 1]?.offset ?? 0;
      const end = capture.meta.turns[turn]?.offset ?? capture.bytes.length;
      const expected = expectedBlock(capture, turn);
      expect(expected).not.toBeNull();
      for (const step of [13, 97, 1024, 65536]) {
        const renderer = await createStreamRenderer({ cols: capture.meta.cols, rows: capture.meta.rows });
        await renderer.feed(capture.bytes.subarray(0, start));
        const mark = renderer.mark();
        let found: string | null = null;
        for (let at = start; at < end; at += step) {
          await renderer.feed(capture.bytes.subarray(renderer.consumed, Math.min(end, at + step)));
          const { before, after } = renderer.since(mark);
          const block = turnResultBlock(before, after);
          // Before the block is complete nothing is found; once found it is this turn's and stays so.
          if (block) expect({ step, text: block.text }).toEqual({ step, text: expected?.text });
          if (found) expect(block?.text).toBe(found);
          found = block?.text ?? null;
        }
        expect({ step, found }).toEqual({ step, found: expected?.text });
        const { before, after } = renderer.since(mark);
        // The turn's lines hold the echo of what was sent (a program that redraws its whole screen may change earlier lines too).
        const sentFirstLine = capture.meta.turns[turn - 1]?.sent.split('\n')[0] ?? '';
        expect(turnRegion(before, after).lines.some((line) => line.includes(sentFirstLine.slice(0, 30)))).toBe(true);
        renderer.dispose();
      }
    });
  });

  it('keeps what scrolled out of the alternate screen, in order (Codex draws there by default)', async () => {
    const renderer = await renderAll(loadCapture('codex-0.169.0-two-turns-alt-screen'));
    expect(renderer.alternate).toBe(true);
    const lines = renderer.lines().map((line) => line.trim());
    const first = lines.indexOf('Summary: inspected the folder');
    const second = lines.indexOf('Summary: answered the follow-up');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(lines.filter((line) => line === 'Summary: inspected the folder')).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('>_ OpenAI Codex'))).toHaveLength(1);
  });
});

describe('stream renderer', () => {
  it('turns column skips into spaces and overwritten cells into what is shown', async () => {
    const renderer = await createStreamRenderer({ cols: 40, rows: 5 });
    await renderer.feed(
      Buffer.from(`Summary:${ESC}[10Ganswered${ESC}[1Cthe${ESC}[23Gfollow-up\r\nAGENTPOOL_RESULT_END${ESC}[1;1HSTART${ESC}[K`),
    );
    expect(renderer.lines()).toEqual(['START', 'AGENTPOOL_RESULT_END']);
    await renderer.feed(Buffer.from(`${ESC}[1;1HSummary:${ESC}[10Ganswered${ESC}[1Cthe${ESC}[23Gfollow-up`));
    expect(renderer.lines()[0]).toBe('Summary: answered the follow-up');
    renderer.dispose();
  });

  it('places lines drawn with absolute cursor moves where they are shown', async () => {
    const renderer = await createStreamRenderer({ cols: 40, rows: 6 });
    await renderer.feed(Buffer.from(`${ESC}[3;3HAGENTPOOL_RESULT_END${ESC}[1;3HAGENTPOOL_RESULT_START${ESC}[2;3HSummary: done`));
    expect(renderer.screen().slice(0, 3)).toEqual(['  AGENTPOOL_RESULT_START', '  Summary: done', '  AGENTPOOL_RESULT_END']);
    renderer.dispose();
  });

  it('holds back a frame that has begun but not ended, and renders it once it ends', async () => {
    const renderer = await createStreamRenderer({ cols: 20, rows: 3 });
    await renderer.feed(Buffer.from('old line'));
    await renderer.feed(Buffer.from(`${ESC}[?2026h${ESC}[2J${ESC}[Hhalf`));
    expect(renderer.screen()[0]).toBe('old line');
    expect(renderer.consumed - renderer.position).toBeGreaterThan(0);
    await renderer.feed(Buffer.from(` drawn${ESC}[?2026l`));
    expect(renderer.screen()[0]).toBe('half drawn');
    expect(renderer.consumed).toBe(renderer.position);
    renderer.dispose();
  });

  it('joins a soft-wrapped line', async () => {
    const renderer = await createStreamRenderer({ cols: 10, rows: 4 });
    await renderer.feed(Buffer.from('0123456789abcdef\r\nnext'));
    expect(renderer.lines()).toEqual(['0123456789abcdef', 'next']);
    renderer.dispose();
  });

  it('records the OSC sequences it was asked for, with the offset of the write that held them', async () => {
    const renderer = await createStreamRenderer({ cols: 20, rows: 3, oscCodes: [7501] });
    await renderer.feed(Buffer.from('hello'));
    await renderer.feed(Buffer.from(`${ESC}]7501;state=working:app=codex${ESC}\\${ESC}]0;title\u0007`));
    expect(renderer.oscEvents).toEqual([{ code: 7501, data: 'state=working:app=codex', offset: 5 }]);
    renderer.dispose();
  });

  it('reads a long turn as a window: the head and the tail as they are, the middle left out', async () => {
    const renderer = await createStreamRenderer({ cols: 30, rows: 4, scrollback: 5000 });
    await renderer.feed(Buffer.from('before the turn\r\n'));
    const mark = renderer.mark();
    const body = Array.from({ length: 3000 }, (_, index) => `line ${index}`);
    await renderer.feed(Buffer.from([...body, 'AGENTPOOL_RESULT_START', 'Summary: long turn', 'AGENTPOOL_RESULT_END', ''].join('\r\n')));
    const whole = renderer.since(mark);
    const window = renderer.since(mark, { tailLines: 50 });
    expect(window.elided).toBe(whole.after.length - window.after.length);
    expect(window.elided).toBeGreaterThan(2900);
    expect(window.after.slice(0, mark.lines.length + 1)).toEqual(whole.after.slice(0, mark.lines.length + 1));
    const tail = window.after.slice(mark.lines.length + 1);
    expect(tail).toEqual(whole.after.slice(-tail.length));
    expect(turnResultBlock(window.before, window.after)?.text).toBe('Summary: long turn');
    renderer.dispose();
  });

  it('a mark whose line scrolled past the scrollback reports the loss and gives everything kept', async () => {
    const renderer = await createStreamRenderer({ cols: 20, rows: 3, scrollback: 5 });
    await renderer.feed(Buffer.from('a\r\nb\r\n'));
    const mark = renderer.mark();
    await renderer.feed(Buffer.from(Array.from({ length: 20 }, (_, index) => `line ${index}\r\n`).join('')));
    const since = renderer.since(mark);
    expect(since.truncated).toBe(true);
    expect(since.after.at(-1)).toBe('line 19');
  });
});

describe('scrollShift', () => {
  const frame = (...lines: string[]) => lines;
  it('finds how far content scrolled up, ignoring a fixed footer', () => {
    expect(
      scrollShift(frame('a', 'b', 'c', 'd', 'e', 'f', '> input', 'footer'), frame('c', 'd', 'e', 'f', 'g', 'h', '> input', 'footer')),
    ).toBe(2);
  });
  it('finds content moving down (a shrinking block in a bottom-aligned layout)', () => {
    expect(scrollShift(frame('b', 'c', 'd', 'e', 'x', 'footer'), frame('a', 'b', 'c', 'd', 'e', 'footer'))).toBe(-1);
  });
  it('is 0 when lines changed in place or too few lines line up', () => {
    expect(scrollShift(frame('a', 'b', 'c', 'd'), frame('a', 'B', 'c', 'd'))).toBe(0);
    expect(scrollShift(frame('a', 'b', '', ''), frame('b', '', '', ''))).toBe(0);
  });
});
