import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForPasteTakenIn } from '../src/paste-settle.js';

let dir: string;
let stream: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ap-paste-'));
  stream = join(dir, 'stream.raw');
  writeFileSync(stream, 'before');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Appends to the stream at each of `times` (ms from now), as a program redrawing after a paste. */
function drawAt(times: readonly number[]) {
  const timers = times.map((ms) => setTimeout(() => appendFileSync(stream, 'x'), ms));
  return () => timers.forEach(clearTimeout);
}

describe('waitForPasteTakenIn', () => {
  it('waits for a slow program to redraw and then fall quiet, well past the old fixed 40 ms', async () => {
    const stop = drawAt([150, 190, 230]);
    const waited = await waitForPasteTakenIn(stream, 'before'.length);
    stop();
    expect(waited).toBeGreaterThanOrEqual(230 + 60);
  });

  it('gives up waiting for a reaction from a program that does not echo, and submits', async () => {
    const waited = await waitForPasteTakenIn(stream, 'before'.length);
    expect(waited).toBeGreaterThanOrEqual(500);
    expect(waited).toBeLessThan(2000);
  });

  it('never waits past its bound for a program that keeps drawing', async () => {
    const stop = drawAt(Array.from({ length: 150 }, (_, i) => i * 20));
    const waited = await waitForPasteTakenIn(stream, 'before'.length);
    stop();
    expect(waited).toBeGreaterThanOrEqual(2000);
    expect(waited).toBeLessThan(5000);
  });
});
