import type { CountedKeys } from './key-set.js';
import type { FileScanMeta, StoredSlots } from './scan-state.js';
import { addToSlots, type TimeSlots } from './time-slots.js';

/** Below this many bytes for the second thread, starting it costs more than it saves. */
export const SECOND_THREAD_MIN_BYTES = 32 * 1024 * 1024;

/** A file a scan is about to read. */
export interface PendingRead {
  /** Bytes to read. */
  readonly bytes: number;
  /** Read from its start (a new or replaced file), so it needs nothing kept from an earlier scan. */
  readonly fromStart: boolean;
}

/**
 * How far back from the end a second thread may read: the first of the files at the end of path
 * order that are all read from their start. Null when what it could take (that run, at most half
 * of all the bytes) is under `minBytes`: starting it would cost more than it saves. Pure.
 */
export function secondThreadReach(pending: readonly PendingRead[], minBytes = SECOND_THREAD_MIN_BYTES): number | null {
  let total = 0;
  for (const file of pending) total += file.bytes;
  let reach = pending.length;
  let run = 0;
  while (reach > 0 && (pending[reach - 1] as PendingRead).fromStart) {
    reach--;
    run += (pending[reach] as PendingRead).bytes;
  }
  return Math.min(run, total / 2) >= minBytes && reach < pending.length ? reach : null;
}

/** Numbers per keyed entry in `SecondThreadReply.counted`. */
export const COUNTED_WIDTH = 8;

/** One file the second thread read. */
export interface SecondThreadFile {
  /** Its place among the scan's files (path order). */
  readonly index: number;
  readonly path: string;
  /** Absent when the file could not be read. */
  readonly meta?: FileScanMeta;
  /** Its slots without its keyed entries (the main thread adds those that count). */
  readonly slots?: StoredSlots;
  readonly bytesRead?: number;
  /** Its keyed entries: `counted` from this entry to `entriesTo` (exclusive), in the file's order. */
  readonly entriesFrom: number;
  readonly entriesTo: number;
}

export interface SecondThreadReply {
  readonly files: SecondThreadFile[];
  /**
   * Every keyed entry it read (those whose key was kept from an earlier scan aside), in reading
   * order, COUNTED_WIDTH numbers each: key hash, timestamp, input, output, cache creation, cache
   * read, reasoning, total.
   */
  readonly counted: Float64Array;
}

/**
 * Joins the second thread's files into the scan in path order: each keyed entry is met in order
 * and added to its file's slots only when its key was not met before (by the main thread, an
 * earlier file or an earlier line), so every response counts once, in the file and at the line
 * where one thread would have counted it, and the slots are those one thread would have made.
 * Returns the files in path order with their slots (null: not readable). Pure but for `keys`.
 */
export function joinSecondThread(reply: SecondThreadReply, keys: CountedKeys): Array<{ file: SecondThreadFile; slots: TimeSlots | null }> {
  const { counted } = reply;
  return [...reply.files]
    .sort((a, b) => a.index - b.index)
    .map((file) => {
      if (!file.slots) return { file, slots: null };
      const slots: TimeSlots = new Map(file.slots.map(([start, slot]) => [start, { ...slot }]));
      for (let entry = file.entriesFrom; entry < file.entriesTo; entry++) {
        const at = entry * COUNTED_WIDTH;
        if (!keys.addIfNew(counted[at] as number)) continue;
        addToSlots(slots, counted[at + 1] as number, {
          input: counted[at + 2] as number,
          output: counted[at + 3] as number,
          cacheCreation: counted[at + 4] as number,
          cacheRead: counted[at + 5] as number,
          reasoning: counted[at + 6] as number,
          total: counted[at + 7] as number,
          entries: 1,
        });
      }
      return { file, slots };
    });
}
