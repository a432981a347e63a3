import { closeSync, openSync, readSync } from 'node:fs';

/** Reads bytes [start, end) of a file (clamped to its size). */
export function readRange(path: string, start: number, end: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const length = Math.max(0, end - start);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const count = readSync(fd, buffer, read, length - read, start + read);
      if (count === 0) break;
      read += count;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** How much of a turn's output is read to look for its result block. */
export const TURN_SCAN_LIMIT_BYTES = 4 * 1024 * 1024;
