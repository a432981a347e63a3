// Watches a worker's raw output file and records the moment a text first shows up in it.
import { closeSync, existsSync, openSync, readSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Starts watching `file` (which may not exist yet) for `needle`. `seen` resolves with the
 * performance.now() of the first read that contained it. Reads are synchronous and happen in the
 * watch callback itself, so the recorded time is as close to the write as the event loop allows.
 */
export function watchForText(file, needle) {
  let offset = 0;
  let carry = '';
  let seenAt = null;
  let resolveSeen;
  const seen = new Promise((resolve) => {
    resolveSeen = resolve;
  });
  const check = () => {
    if (seenAt !== null || !existsSync(file)) return;
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      while (true) {
        const bytes = readSync(fd, buffer, 0, buffer.length, offset);
        if (bytes === 0) break;
        offset += bytes;
        // latin1 keeps one character per byte, so an ASCII needle split across reads still matches.
        const text = carry + buffer.toString('latin1', 0, bytes);
        if (text.includes(needle)) {
          seenAt = performance.now();
          resolveSeen(seenAt);
          return;
        }
        carry = text.slice(-needle.length);
      }
    } finally {
      closeSync(fd);
    }
  };
  // Watching the folder also catches the file being created after we started.
  const watcher = watch(dirname(file), (_event, name) => {
    if (name === null || name === basename(file)) check();
  });
  check();
  return {
    seen,
    /** Reads once more (in case a change was missed) and stops watching; returns the time or null. */
    stop() {
      check();
      watcher.close();
      return seenAt;
    },
  };
}
