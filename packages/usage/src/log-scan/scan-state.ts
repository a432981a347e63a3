import type { SlotTally } from './time-slots.js';

/** What is kept of one log file between scans (small: read for every file on every scan). */
export interface FileScanMeta {
  /** Inode: a file replaced under the same name is read again from its start. */
  readonly ino: number;
  /** Hash of the file's first bytes (up to 256): a file rewritten under the same name and inode reads as new. */
  readonly head: number;
  /** Byte offset up to which the file has been counted. */
  readonly offset: number;
  /** The format's state after the last counted line (e.g. Codex's running totals). */
  readonly carry: unknown;
  /** Lines skipped as not JSON. */
  readonly corruptLines: number;
}

/** A file's tokens per 15-minute slot: [slot start, tally]; read only when the file changed. */
export type StoredSlots = Array<[number, SlotTally]>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeJson = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

/** A stored JSON value, or null when it cannot be read (the scan then starts that part afresh). */
export function decodeJson<T>(bytes: Uint8Array | null | undefined, valid: (value: unknown) => boolean): T | null {
  if (!bytes) return null;
  try {
    const value = JSON.parse(decoder.decode(bytes)) as unknown;
    return valid(value) ? (value as T) : null;
  } catch {
    return null;
  }
}

export const isFileScanMeta = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as FileScanMeta).ino === 'number' &&
  typeof (value as FileScanMeta).head === 'number' &&
  typeof (value as FileScanMeta).offset === 'number' &&
  typeof (value as FileScanMeta).corruptLines === 'number';

export const isStoredSlots = (value: unknown): boolean => Array.isArray(value);
