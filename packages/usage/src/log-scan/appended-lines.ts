import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * The read buffer, kept between files: a fresh 4 MiB buffer per file costs a page fault for every
 * page the read touches (a first scan of 2,000 files spent more time there than in parsing).
 * Safe to share: a read is synchronous and hands lines out only for the length of a call.
 */
let scratch: Buffer | null = null;

/** Where a read of a file's new bytes ended. */
export interface AppendedRead {
  /** Byte offset after the last line handed out: the next read starts here. */
  readonly offset: number;
  readonly bytesRead: number;
}

/**
 * Hands each whole line of `path` from byte `from` to its end that contains `marker` to `onLine`
 * (the buffer and the line's bounds, no copy): the marker is searched in the whole chunk, so lines
 * without it cost no per-line work. A last line without its newline is always handed out, with
 * `unterminated`; when `onLine` returns false for it (it is not whole yet: the CLI is still
 * writing it) the offset stays before it, so the next read sees it complete. Synchronous: a scan
 * of many small appends costs no event-loop turns.
 */
export function readAppendedLines(
  path: string,
  from: number,
  marker: Buffer,
  onLine: (buffer: Buffer, start: number, end: number, unterminated: boolean) => boolean | undefined,
): AppendedRead {
  const fd = openSync(path, 'r');
  try {
    scratch ??= Buffer.allocUnsafe(CHUNK_BYTES);
    let buffer = scratch;
    let position = from;
    // Bytes at the front of `buffer` carried over from the previous chunk (a line cut by it).
    let carried = 0;
    let bytesRead = 0;
    for (;;) {
      if (carried === buffer.length) {
        // One line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
        scratch = bigger;
      }
      const read = readSync(fd, buffer, carried, buffer.length - carried, position);
      bytesRead += read;
      position += read;
      const filled = carried + read;
      if (read === 0) {
        // End of file: what is left is a line without its newline.
        if (filled > 0 && onLine(buffer, 0, filled, true) === false) return { offset: position - filled, bytesRead };
        return { offset: position, bytesRead };
      }
      const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
      // Whole lines in this chunk end at `lastNewline`; the rest is carried to the next read.
      const wholeEnd = lastNewline === -1 ? 0 : lastNewline;
      let searchFrom = 0;
      while (searchFrom < wholeEnd) {
        const hit = buffer.indexOf(marker, searchFrom);
        if (hit === -1 || hit >= wholeEnd) break;
        const start = hit === 0 ? 0 : buffer.lastIndexOf(NEWLINE, hit - 1) + 1;
        const end = buffer.indexOf(NEWLINE, hit);
        onLine(buffer, start, end, false);
        searchFrom = end + 1;
      }
      const next = lastNewline === -1 ? 0 : lastNewline + 1;
      carried = filled - next;
      if (carried > 0 && next > 0) buffer.copy(buffer, 0, next, filled);
    }
  } finally {
    closeSync(fd);
  }
}
