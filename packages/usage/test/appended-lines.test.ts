import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAppendedLines } from '../src/log-scan/appended-lines.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'appended-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const marker = Buffer.from('"usage"');
function linesOf(path: string, from = 0) {
  const seen: Array<{ text: string; unterminated: boolean }> = [];
  const read = readAppendedLines(path, from, marker, (buffer, start, end, unterminated) => {
    seen.push({ text: buffer.toString('utf8', start, end), unterminated });
    return !unterminated || buffer.toString('utf8', start, end).endsWith('}');
  });
  return { seen, read };
}

describe('readAppendedLines', () => {
  it('hands out exactly the lines with the marker, across 4 MiB chunk boundaries and a line longer than two chunks', () => {
    const path = join(dir, 'log.jsonl');
    const lines: string[] = [];
    let size = 0;
    for (let index = 0; size < 11 * 1024 * 1024; index++) {
      const filler = 'x'.repeat((index * 7919) % 40_000);
      const line = index % 3 === 0 ? `{"n":${index},"usage":{"t":1},"pad":"${filler}"}` : `{"n":${index},"pad":"${filler}"}`;
      lines.push(line);
      size += line.length + 1;
      if (index === 200) {
        const huge = `{"n":"huge","pad":"${'y'.repeat(9 * 1024 * 1024)}","usage":{}}`;
        lines.push(huge);
        size += huge.length + 1;
      }
    }
    // A line with the marker that straddles the first chunk boundary, its marker before the cut.
    const head = `{"pad":"${'z'.repeat(4 * 1024 * 1024 - 60 - 10)}"}`;
    const straddling = `{"usage":{"t":2},"pad":"${'w'.repeat(500)}"}`;
    lines.unshift(head, straddling);
    size += head.length + straddling.length + 2;
    writeFileSync(path, `${lines.join('\n')}\n`);
    const { seen, read } = linesOf(path);
    expect(seen.map((line) => line.text)).toEqual(lines.filter((line) => line.includes('"usage"')));
    expect(seen.every((line) => !line.unterminated)).toBe(true);
    expect(read.offset).toBe(size);
    expect(read.bytesRead).toBe(size);
  });

  it('offers a last line without its newline whatever it holds, and stops before it when it is not whole', () => {
    const path = join(dir, 'log.jsonl');
    writeFileSync(path, '{"usage":1}\n{"other":2}\n{"usa');
    const first = linesOf(path);
    expect(first.seen).toEqual([
      { text: '{"usage":1}', unterminated: false },
      { text: '{"usa', unterminated: true },
    ]);
    expect(first.read.offset).toBe(24);
    appendFileSync(path, 'ge":3}\n');
    const second = linesOf(path, first.read.offset);
    expect(second.seen).toEqual([{ text: '{"usage":3}', unterminated: false }]);
    expect(second.read.offset).toBe(36);
  });
});
