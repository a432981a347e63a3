import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import type { TokenLogFormat } from '@agentpool/core';
import { FileClaims } from './file-claims.js';
import { scanLogFile } from './file-scan.js';
import { CountedKeys } from './key-set.js';
import { COUNTED_WIDTH, type SecondThreadFile, type SecondThreadReply } from './second-thread-share.js';

/** What the main thread asks of the second: the files it may take, where they are taken from, and the keys kept. */
export interface SecondThreadRequest {
  /** The scan's files from `reach` to the end, in path order. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly ino: number }>;
  /** The index of `files[0]` among the scan's files. */
  readonly reach: number;
  /** The FileClaims both threads take files from. */
  readonly claims: SharedArrayBuffer;
  readonly keys: Uint8Array | null;
}

/**
 * Takes files from the back of the scan (FileClaims) until the main thread's front meets it, and
 * reads each from its start with `format`. Keyed entries are not counted here but returned in
 * reading order (those whose key was kept from an earlier scan aside), for the main thread to
 * count in path order. Runs on the second thread; synchronous.
 */
export function readShare(format: TokenLogFormat, request: SecondThreadRequest): SecondThreadReply {
  const kept = new CountedKeys(request.keys);
  const claims = new FileClaims(request.claims, request.reach);
  let counted = new Float64Array(COUNTED_WIDTH * 1024);
  let used = 0;
  const files: SecondThreadFile[] = [];
  for (let index = claims.takeBack(); index !== -1; index = claims.takeBack()) {
    const { path, ino } = request.files[index - request.reach] as { path: string; ino: number };
    const entriesFrom = used / COUNTED_WIDTH;
    try {
      const start = { offset: 0, carry: format.initialCarry(), corruptLines: 0, slots: new Map() };
      const outcome = scanLogFile(path, ino, start, format, (key, timestamp, tally) => {
        if (kept.has(key)) return false;
        if (used + COUNTED_WIDTH > counted.length) {
          const bigger = new Float64Array(counted.length * 2);
          bigger.set(counted);
          counted = bigger;
        }
        counted.set([key, timestamp, tally.input, tally.output, tally.cacheCreation, tally.cacheRead, tally.reasoning, tally.total], used);
        used += COUNTED_WIDTH;
        return false; // Counted by the main thread, in path order.
      });
      const entriesTo = used / COUNTED_WIDTH;
      files.push({
        index,
        path,
        meta: outcome.meta,
        slots: [...outcome.slots.entries()],
        bytesRead: outcome.bytesRead,
        entriesFrom,
        entriesTo,
      });
    } catch {
      // Unreadable now: the main thread treats it as it treats its own. Its entries are dropped.
      used = entriesFrom * COUNTED_WIDTH;
      files.push({ index, path, entriesFrom, entriesTo: entriesFrom });
    }
  }
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

/** A second thread at work: its reply, and a way to stop it when it is not needed. */
export interface SecondThread {
  /** Its files, or null when it failed (the caller reads what it took itself). */
  readonly reply: Promise<SecondThreadReply | null>;
  /** Ends the thread (its reply, if not in yet, becomes null). */
  stop(): void;
}

/**
 * Starts `format.scanWorker` on a second thread to take files for `request`; null when the format
 * has no worker module or its file is not there (sources run by a test runner).
 */
export function startSecondThread(format: TokenLogFormat, request: SecondThreadRequest): SecondThread | null {
  const entry = format.scanWorker;
  if (entry?.protocol !== 'file:' || !existsSync(fileURLToPath(entry))) return null;
  let worker: Worker;
  try {
    worker = new Worker(entry);
  } catch {
    return null;
  }
  const reply = new Promise<SecondThreadReply | null>((resolve) => {
    worker.once('message', (answer: SecondThreadReply) => resolve(answer));
    worker.once('error', () => resolve(null));
    // An exit before its answer (a crash, or stop) leaves the files to the caller; after it, a no-op.
    worker.once('exit', () => resolve(null));
  });
  worker.postMessage(request);
  return { reply, stop: () => void worker.terminate() };
}
