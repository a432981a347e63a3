import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenLogFormat } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileClaims } from '../src/log-scan/file-claims.js';
import { CountedKeys } from '../src/log-scan/key-set.js';
import { createMemoryProbeState } from '../src/log-scan/memory-probe-state.js';
import { COUNTED_WIDTH, joinSecondThread, secondThreadReach } from '../src/log-scan/second-thread-share.js';
import { scanTokenLog } from '../src/log-scan/token-log-scan.js';
// @ts-expect-error: a plain ES module fixture without types.
import { readHere, tallyLogFormat } from './fixtures/tally-log-format.mjs';

const format = tallyLogFormat as TokenLogFormat;
const HOUR = 3_600_000;

describe('how far a second thread may read', () => {
  const file = (megabytes: number, fromStart = true) => ({ bytes: megabytes * 1024 * 1024, fromStart });

  it('reaches back over the files at the end that are read from their start', () => {
    expect(secondThreadReach([file(10), file(10), file(10), file(10)], 1)).toBe(0);
    expect(secondThreadReach([file(10), file(10, false), file(10), file(10)], 1)).toBe(2);
    expect(secondThreadReach([file(10), file(10), file(10, false)], 1)).toBeNull();
  });

  it('is null when what it could take (that run, at most half of all) is under the threshold', () => {
    expect(secondThreadReach([file(10), file(10)], 11 * 1024 * 1024)).toBeNull();
    expect(secondThreadReach([file(100, false), file(5)], 8 * 1024 * 1024)).toBeNull();
    expect(secondThreadReach([file(1), file(1), file(1)])).toBeNull();
    expect(secondThreadReach([file(40), file(40)])).toBe(0);
  });
});

describe('files taken from both ends', () => {
  it('gives every file to exactly one taker, the back never below its reach', () => {
    const claims = new FileClaims(6, 2);
    const back = new FileClaims(claims.buffer, 2);
    expect([claims.takeFront(), back.takeBack(), back.takeBack(), claims.takeFront()]).toEqual([0, 5, 4, 1]);
    expect([back.takeBack(), back.takeBack(), back.takeBack()]).toEqual([3, 2, -1]);
    expect([claims.takeFront(), claims.back]).toEqual([-1, 2]);
  });

  it('lets the front take everything when the back never comes', () => {
    const claims = new FileClaims(3, 0);
    expect([claims.takeFront(), claims.takeFront(), claims.takeFront(), claims.takeFront()]).toEqual([0, 1, 2, -1]);
    expect(new FileClaims(claims.buffer, 0).takeBack()).toBe(-1);
  });
});

describe('joining what the second thread read', () => {
  it('counts each keyed entry in path order: a key met by the main thread, an earlier file or an earlier line counts nothing', () => {
    const at = Date.parse('2026-11-30T10:05:00Z');
    const keys = new CountedKeys();
    keys.addIfNew(101); // Met by the main thread.
    const entry = (key: number, input: number) => [key, at, input, 0, 0, 0, 0, input];
    const counted = new Float64Array([...entry(202, 2), ...entry(101, 5), ...entry(202, 9), ...entry(303, 7), ...entry(202, 4)]);
    expect(counted.length).toBe(5 * COUNTED_WIDTH);
    // Read from the back: file 8 first (entries 0–1), then file 7 (entries 2–4).
    const joined = joinSecondThread(
      {
        files: [
          { index: 8, path: '/b', slots: [], entriesFrom: 0, entriesTo: 2 },
          { index: 7, path: '/a', slots: [], entriesFrom: 2, entriesTo: 5 },
        ],
        counted,
      },
      keys,
    );
    const inputs = joined.map(({ file, slots }) => [file.path, [...(slots?.values() ?? [])].map((slot) => [slot.input, slot.entries])]);
    // File 7 comes first: 202 (9) and 303 (7) count there, its second 202 does not; in file 8 202 was met and 101 is the main thread's.
    expect(inputs).toEqual([
      ['/a', [[16, 2]]],
      ['/b', []],
    ]);
    expect(keys.size).toBe(3);
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

  it('counts, dedupes and keeps state exactly as one thread does, and the second thread did take files', async () => {
    const lines = writeHistory();
    const one = createMemoryProbeState();
    readHere.lines = 0;
    const single = await scanTokenLog({ format, root }, { state: one, secondThreadFromBytes: Number.POSITIVE_INFINITY });
    expect(readHere.lines).toBe(lines);

    const two = createMemoryProbeState();
    readHere.lines = 0;
    readHere.pauseMs = 0.2;
    const split = await scanTokenLog({ format, root }, { state: two, secondThreadFromBytes: 1 }).finally(() => {
      readHere.pauseMs = 0;
    });
    // Both threads read: files taken from both ends.
    expect(readHere.lines).toBeGreaterThan(0);
    expect(readHere.lines).toBeLessThan(lines);

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
