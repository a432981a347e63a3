import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenLogFormat } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CountedKeys } from '../src/log-scan/key-set.js';
import { createMemoryProbeState } from '../src/log-scan/memory-probe-state.js';
import { COUNTED_WIDTH, joinSecondThread, secondThreadShare } from '../src/log-scan/second-thread-share.js';
import { scanTokenLog } from '../src/log-scan/token-log-scan.js';
// @ts-expect-error: a plain ES module fixture without types.
import { readHere, tallyLogFormat } from './fixtures/tally-log-format.mjs';

const format = tallyLogFormat as TokenLogFormat;
const HOUR = 3_600_000;

describe('which files a second thread reads', () => {
  const file = (megabytes: number, fromStart = true) => ({ bytes: megabytes * 1024 * 1024, fromStart });

  it('takes files read from their start from the end of path order, about half of the bytes', () => {
    expect([...secondThreadShare([file(10), file(10), file(10), file(10)], 1)].sort()).toEqual([2, 3]);
    expect([...secondThreadShare([file(30), file(5), file(5)], 1)].sort()).toEqual([1, 2]);
  });

  it('leaves files that are read on from an earlier offset to the main thread', () => {
    expect([...secondThreadShare([file(10), file(10), file(10), file(10, false)], 1)].sort()).toEqual([1, 2]);
    expect(secondThreadShare([file(10, false), file(10, false)], 1).size).toBe(0);
  });

  it('is empty when its half would be under the threshold, and by default for small scans', () => {
    expect(secondThreadShare([file(10), file(10)], 11 * 1024 * 1024).size).toBe(0);
    expect(secondThreadShare([file(1), file(1), file(1)]).size).toBe(0);
    expect(secondThreadShare([file(40), file(40)]).size).toBe(1);
  });
});

describe('joining what the second thread read', () => {
  it('takes back an entry whose key the main thread counted first, and adds the others to the counted keys', () => {
    const at = Date.parse('2026-11-30T10:05:00Z');
    const tally = (n: number) => ({ input: n, output: 0, cacheCreation: 0, cacheRead: 0, reasoning: 0, total: n, entries: 1 });
    const keys = new CountedKeys();
    keys.addIfNew(101); // Met by the main thread.
    const slot = { ...tally(12), entries: 2, first: at, last: at };
    const counted = new Float64Array([101, 0, at, 5, 0, 0, 0, 0, 5, 202, 0, at, 7, 0, 0, 0, 0, 7]);
    expect(counted.length).toBe(2 * COUNTED_WIDTH);
    const [slots] = joinSecondThread({ files: [{ path: '/a', slots: [[Math.floor(at / 900_000) * 900_000, slot]] }], counted }, keys);
    expect([...(slots?.values() ?? [])].map(({ input, total, entries }) => ({ input, total, entries }))).toEqual([
      { input: 7, total: 7, entries: 1 },
    ]);
    expect(keys.addIfNew(202)).toBe(false);
    expect(keys.size).toBe(2);
  });
});

describe('a scan with a second thread', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'second-thread-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Twelve files: responses repeated in later files (as resumed sessions do), keyless lines, corrupt ones, and a last line being written. */
  function writeHistory(): number {
    let lines = 0;
    const start = Date.parse('2026-11-20T08:00:00Z');
    for (let file = 0; file < 12; file++) {
      const rows: string[] = [];
      for (let index = 0; index < 300; index++) {
        const at = new Date(start + (file * 300 + index) * 60_000).toISOString();
        rows.push(JSON.stringify({ at, key: `r${file}-${index}`, n: index % 17, pad: 'x'.repeat(index % 50) }));
        lines++;
      }
      // Copies of earlier files' responses, with their own times and tokens.
      for (let copy = 0; copy < file; copy++) {
        rows.push(JSON.stringify({ at: new Date(start + (copy * 300 + 7) * 60_000).toISOString(), key: `r${copy}-7`, n: 7 % 17, pad: '' }));
        lines++;
      }
      rows.push(JSON.stringify({ at: new Date(start + file * HOUR).toISOString(), n: 1000 + file }));
      rows.push('{"at":"2026-11-20T09:00:00Z","key":"cut","n":');
      lines += 1;
      writeFileSync(
        join(root, `${String(file).padStart(2, '0')}.jsonl`),
        `${rows.join('\n')}\n${file === 11 ? '{"at":"2026-11-21T00:00:00Z","n":3' : ''}`,
      );
    }
    return lines;
  }

  it('counts, dedupes and keeps state exactly as one thread does, and the second thread did read its half', async () => {
    const lines = writeHistory();
    const one = createMemoryProbeState();
    readHere.lines = 0;
    const single = await scanTokenLog({ format, root }, { state: one, secondThreadFromBytes: Number.POSITIVE_INFINITY });
    expect(readHere.lines).toBe(lines);

    const two = createMemoryProbeState();
    readHere.lines = 0;
    const split = await scanTokenLog({ format, root }, { state: two, secondThreadFromBytes: 1 });
    expect(readHere.lines).toBeGreaterThan(0);
    expect(readHere.lines).toBeLessThan(lines * 0.75);

    expect(split).toEqual(single);
    expect(split.corruptLines).toBe(12);
    // Every kept record is byte for byte the same: the next scans go on alike.
    expect(new Map([...two.values].map(([key, value]) => [key, Buffer.from(value).toString('hex')]))).toEqual(
      new Map([...one.values].map(([key, value]) => [key, Buffer.from(value).toString('hex')])),
    );

    // The line being written is finished, and a repeated response appended: both states read it alike.
    appendFileSync(join(root, '11.jsonl'), `}\n${JSON.stringify({ at: '2026-11-20T08:07:00Z', key: 'r0-7', n: 7 })}\n`);
    const again = await scanTokenLog({ format, root }, { state: two, secondThreadFromBytes: 1 });
    expect(again).toEqual(await scanTokenLog({ format, root }, { state: one, secondThreadFromBytes: Number.POSITIVE_INFINITY }));
    expect(again.filesRead).toBe(1);
  });

  it('reads the whole share itself when the worker module crashes or is not there, with the same totals', async () => {
    writeHistory();
    const single = await scanTokenLog({ format, root }, { secondThreadFromBytes: Number.POSITIVE_INFINITY });
    for (const scanWorker of [
      new URL('./fixtures/crashing-scan-worker.mjs', import.meta.url),
      new URL('./fixtures/missing.mjs', import.meta.url),
    ]) {
      readHere.lines = 0;
      const fallback = await scanTokenLog({ format: { ...format, scanWorker }, root }, { secondThreadFromBytes: 1 });
      expect(fallback.slots).toEqual(single.slots);
      expect(fallback.corruptLines).toBe(single.corruptLines);
    }
  });
});
