import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import type { TokenLogFormat } from '@agentpool/core';
import { scanLogFile } from './file-scan.js';
import { CountedKeys } from './key-set.js';
import { COUNTED_WIDTH, type SecondThreadFile, type SecondThreadReply } from './second-thread-share.js';
import type { TimeSlots } from './time-slots.js';

/** What the main thread asks of the second: files to read from their start, and the keys already counted. */
export interface SecondThreadRequest {
  readonly files: ReadonlyArray<{ readonly path: string; readonly ino: number }>;
  readonly keys: Uint8Array | null;
}

/**
 * Reads `request.files` from their start with `format`, in the order given, deduping against the
 * kept keys and each other, and records every keyed entry it counts so the main thread can take
 * back the ones it met first. Runs on the second thread; synchronous.
 */
export function readShare(format: TokenLogFormat, request: SecondThreadRequest): SecondThreadReply {
  const keys = new CountedKeys(request.keys);
  let counted = new Float64Array(COUNTED_WIDTH * 1024);
  let used = 0;
  const files: SecondThreadFile[] = request.files.map(({ path, ino }, fileIndex) => {
    const slots: TimeSlots = new Map();
    try {
      const outcome = scanLogFile(
        path,
        ino,
        { offset: 0, carry: format.initialCarry(), corruptLines: 0, slots },
        format,
        (key, timestamp, tally) => {
          if (!keys.addIfNew(key)) return false;
          if (used + COUNTED_WIDTH > counted.length) {
            const bigger = new Float64Array(counted.length * 2);
            bigger.set(counted);
            counted = bigger;
          }
          counted.set(
            [key, fileIndex, timestamp, tally.input, tally.output, tally.cacheCreation, tally.cacheRead, tally.reasoning, tally.total],
            used,
          );
          used += COUNTED_WIDTH;
          return true;
        },
      );
      return { path, meta: outcome.meta, slots: [...outcome.slots.entries()], bytesRead: outcome.bytesRead };
    } catch {
      return { path }; // Unreadable now: the main thread treats it as it treats its own.
    }
  });
  return { files, counted: counted.slice(0, used) };
}

/**
 * The body of a format's scan worker module (`TokenLogFormat.scanWorker`): answers one request
 * from the thread that started it. Does nothing on the main thread.
 */
export function serveTokenLogScans(format: TokenLogFormat): void {
  const port = parentPort;
  if (!port) return;
  port.once('message', (request: SecondThreadRequest) => {
    const reply = readShare(format, request);
    port.postMessage(reply, [reply.counted.buffer as ArrayBuffer]);
  });
}

/**
 * Starts `format.scanWorker` on a second thread and has it read `request`; null when the format
 * has no worker module, its file is not there (sources run by a test runner), or the thread
 * failed: the caller then reads those files itself.
 */
export function readOnSecondThread(format: TokenLogFormat, request: SecondThreadRequest): Promise<SecondThreadReply | null> {
  const entry = format.scanWorker;
  if (entry?.protocol !== 'file:' || !existsSync(fileURLToPath(entry))) return Promise.resolve(null);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(entry);
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (reply: SecondThreadReply) => resolve(reply));
    worker.once('error', () => resolve(null));
    // An exit before its answer (a crash) leaves the files to the caller; after it, this is a no-op.
    worker.once('exit', () => resolve(null));
    worker.postMessage(request);
  });
}
