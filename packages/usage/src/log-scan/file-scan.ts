import { closeSync, openSync, readSync } from 'node:fs';
import type { TokenLogFormat, TokenTally } from '@agentpool/core';
import { readAppendedLines } from './appended-lines.js';
import { hashKey } from './key-set.js';
import type { FileScanMeta } from './scan-state.js';
import { addToSlots, type TimeSlots } from './time-slots.js';

const HEAD_BYTES = 256;

/** Hash of the first `length` bytes of a file (at most HEAD_BYTES): a rewritten file reads as new. */
export function headHash(path: string, length: number): number {
  const buffer = Buffer.alloc(Math.min(HEAD_BYTES, length));
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return hashKey(buffer.toString('latin1', 0, read));
  } finally {
    closeSync(fd);
  }
}

/** Whether a file recorded as `before` grew in place (same inode, same first bytes): read on from its offset. */
export function grewInPlace(path: string, ino: number, size: number, before: FileScanMeta): boolean {
  return before.ino === ino && size >= before.offset && headHash(path, Math.min(before.offset, HEAD_BYTES)) === before.head;
}

/** Where reading a file starts: its beginning, or where the last scan of it stopped. */
export interface FileScanStart {
  readonly offset: number;
  /** The format's carried state at `offset` (changed in place as lines are read). */
  readonly carry: unknown;
  readonly corruptLines: number;
  /** The file's slots so far (added to in place). */
  readonly slots: TimeSlots;
}

/** What one read of a file found. */
export interface FileScanOutcome {
  readonly meta: FileScanMeta;
  readonly slots: TimeSlots;
  readonly bytesRead: number;
}

/** Whether an entry with this dedupe key (hashed) is counted: false when it was met before. */
export type KeyCheck = (key: number, timestamp: number, tally: TokenTally) => boolean;

/** A format's line parser: its own, or JSON.parse of the line's bytes. */
export function lineParser(format: TokenLogFormat): (line: Buffer) => unknown {
  // latin1 keeps every JSON delimiter where it is (UTF-8 multi-byte sequences never contain ASCII
  // bytes): numbers and ids read the same, and decoding is several times faster.
  return format.parseLine ? format.parseLine.bind(format) : (line: Buffer) => JSON.parse(line.toString('latin1'));
}

/**
 * Reads one log file from `start` to its end: each line holding the format's marker is parsed and
 * read, a keyed entry counted only when `countKey` says so, and its tokens added to the file's
 * slots. Corrupt lines are counted; a last line still being written is left for the next read.
 * Throws when the file cannot be read.
 */
export function scanLogFile(path: string, ino: number, start: FileScanStart, format: TokenLogFormat, countKey: KeyCheck): FileScanOutcome {
  const parse = lineParser(format);
  const { carry, slots } = start;
  let corruptLines = start.corruptLines;
  const read = readAppendedLines(path, start.offset, Buffer.from(format.marker), (buffer, from, to, unterminated) => {
    let value: unknown;
    try {
      value = parse(buffer.subarray(from, to));
    } catch {
      if (unterminated) return false; // Still being written: read it again next time.
      corruptLines++;
      return true;
    }
    const entry = format.readLine(value, carry);
    if (!entry) return true;
    if (entry.key && !countKey(hashKey(entry.key), entry.timestamp, entry.tally)) return true;
    addToSlots(slots, entry.timestamp, entry.tally);
    return true;
  });
  return {
    meta: { ino, head: headHash(path, Math.min(read.offset, HEAD_BYTES)), offset: read.offset, carry, corruptLines },
    slots,
    bytesRead: read.bytesRead,
  };
}
