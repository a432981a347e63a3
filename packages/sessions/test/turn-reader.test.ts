import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractResultBlock } from '@agentpool/core';
import { loadCapture } from '@agentpool/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { createTurnViewCache, disposeTurnViewCache, readTurnView } from '../src/turn-reader.js';

// Real captures (capture-real-cli-states.mjs `queued`) where the second input was sent while the
// first reply was still drawing its result block. Claude Code 2.1.197 queues it: the first reply
// finishes inside the second turn's bytes, then the second turn runs. Codex 0.169.0 takes it at
// once: the first reply stops half drawn and the second turn runs.
const dir = mkdtempSync(join(tmpdir(), 'ap-turn-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['claude-code-2.1.197-queued', 'codex-0.169.0-queued'])('readTurnView on %s', (name) => {
  const capture = loadCapture(name);
  const stream = join(dir, `${name}.raw`);
  writeFileSync(stream, capture.bytes);
  const [first, second] = capture.meta.turns;
  const request = (turnOffset: number, end: number) => ({
    stream,
    cols: capture.meta.cols,
    rows: capture.meta.rows,
    oscCodes: [],
    turnOffset,
    end,
    final: end >= capture.bytes.length,
  });

  it('the second input went in while the first block was half drawn', async () => {
    const view = await readTurnView(request(0, second?.offset ?? 0));
    expect(view.screen().map((line) => line.trim())).toContain('AGENTPOOL_RESULT_START');
    expect(view.screen().map((line) => line.trim())).not.toContain('AGENTPOOL_RESULT_END');
    expect(first?.offset).toBeLessThan(second?.offset ?? 0);
  });

  it.each([97, 1024])(
    'the second turn’s result is never the first turn’s block (read %i bytes at a time, as a waiting observe does)',
    async (step) => {
      const expected = extractResultBlock(second?.reply ?? '')?.text;
      expect(expected).toContain('Summary: said done');
      const cache = createTurnViewCache();
      const start = second?.offset ?? 0;
      let found: string | null = null;
      for (let end = start + step; ; end += step) {
        const view = await readTurnView(request(start, Math.min(end, capture.bytes.length)), cache);
        const text = view.block()?.text ?? null;
        // Never the first turn's block. (Not "once found it stays": Codex clears the screen and its
        // scrollback, outside a synchronized frame, before it redraws the finished turn, so a read
        // between the two sees no block for a moment.)
        if (text !== null) expect({ end, text }).toEqual({ end, text: expected });
        found = text;
        if (end >= capture.bytes.length) break;
      }
      expect(found).toBe(expected);
      disposeTurnViewCache(cache);
    },
  );
});
