import type { CountedKeys } from './key-set.js';
import type { FileScanMeta, StoredSlots } from './scan-state.js';
import { slotOf, type TimeSlots } from './time-slots.js';

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
 * Which files a second thread reads: files read from their start, taken from the end of path
 * order while that brings them nearer half of the bytes to read. None when their bytes are under
 * `minBytes`.
 * Pure.
 */
export function secondThreadShare(pending: readonly PendingRead[], minBytes = SECOND_THREAD_MIN_BYTES): Set<number> {
  let total = 0;
  for (const file of pending) total += file.bytes;
  const share = new Set<number>();
  let bytes = 0;
  const half = total / 2;
  for (let index = pending.length - 1; index >= 0; index--) {
    const file = pending[index] as PendingRead;
    if (!file.fromStart) continue;
    // The share stays a run from the end: it stops at the first file that takes it further from half.
    if (Math.abs(bytes + file.bytes - half) >= Math.abs(bytes - half)) break;
    share.add(index);
    bytes += file.bytes;
  }
  return bytes >= minBytes ? share : new Set();
}

/** Numbers per counted entry in `SecondThreadReply.counted`. */
export const COUNTED_WIDTH = 9;

/** What the second thread read, one file at a time. */
export interface SecondThreadFile {
  readonly path: string;
  /** Absent when the file could not be read. */
  readonly meta?: FileScanMeta;
  readonly slots?: StoredSlots;
  readonly bytesRead?: number;
}

export interface SecondThreadReply {
  readonly files: SecondThreadFile[];
  /**
   * Every keyed entry it counted, COUNTED_WIDTH numbers each: key hash, file index, timestamp,
   * input, output, cache creation, cache read, reasoning, total. The main thread takes back those
   * it had counted itself.
   */
  readonly counted: Float64Array;
}

/**
 * Joins the second thread's files into the scan: an entry whose key the main thread counted (or
 * kept from an earlier scan) is taken out of its file's slots, every other key is added to `keys`.
 * Returns each readable file's slots, in the reply's order. Pure but for `keys`.
 */
export function joinSecondThread(reply: SecondThreadReply, keys: CountedKeys): Array<TimeSlots | null> {
  const slots = reply.files.map((file) => (file.slots ? new Map(file.slots.map(([start, slot]) => [start, { ...slot }])) : null));
  const { counted } = reply;
  for (let at = 0; at < counted.length; at += COUNTED_WIDTH) {
    if (keys.addIfNew(counted[at] as number)) continue;
    const fileSlots = slots[counted[at + 1] as number];
    const start = slotOf(counted[at + 2] as number);
    const slot = fileSlots?.get(start);
    if (!fileSlots || !slot) continue;
    slot.input -= counted[at + 3] as number;
    slot.output -= counted[at + 4] as number;
    slot.cacheCreation -= counted[at + 5] as number;
    slot.cacheRead -= counted[at + 6] as number;
    slot.reasoning -= counted[at + 7] as number;
    slot.total -= counted[at + 8] as number;
    slot.entries -= 1;
    if (slot.entries <= 0) fileSlots.delete(start);
  }
  return slots;
}
