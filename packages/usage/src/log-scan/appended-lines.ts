import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/** Where a read of a file's new bytes ended. */
export interface AppendedRead {
  /** Byte offset after the last line handed out: the next read starts here. */
  readonly offset: number;
  readonly bytesRead: number;
}

/**
 * Hands each whole line of `path` from byte `from` to its end to `onLine` (the buffer and the
 * line's bounds, no copy). A last line without its newline is handed out with `unterminated`; when
 * `onLine` returns false for it (it is not whole yet: the CLI is still writing it) the offset
 * stays before it, so the next read sees it complete. Synchronous: a scan of many small appends
 * costs no event-loop turns.
 */
export function readAppendedLines(
  path: string,
  from: number,
  onLine: (buffer: Buffer, start: number, end: number, unterminated: boolean) => boolean | undefined,
): AppendedRead {
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
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
      }
      const read = readSync(fd, buffer, carried, buffer.length - carried, position);
      bytesRead += read;
      position += read;
      const filled = carried + read;
      let start = 0;
      if (read === 0) {
        // End of file: what is left is a line without its newline.
        if (filled > 0 && onLine(buffer, 0, filled, true) === false) return { offset: position - filled, bytesRead };
        return { offset: position, bytesRead };
      }
      for (let end = buffer.indexOf(NEWLINE, carried); end !== -1 && end < filled; end = buffer.indexOf(NEWLINE, start)) {
        if (end > start) onLine(buffer, start, end, false);
        start = end + 1;
      }
      carried = filled - start;
      if (carried > 0) buffer.copy(buffer, 0, start, filled);
    }
  } finally {
    closeSync(fd);
  }
}
