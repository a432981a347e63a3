import type { SlotTally } from './time-slots.js';

/** What is kept of one log file between scans. */
export interface FileScanState {
  /** Inode: a file replaced under the same name is read again from its start. */
  readonly ino: number;
  /** Hash of the file's first bytes (up to 256): a file rewritten under the same name and inode reads as new. */
  readonly head: number;
  /** Byte offset up to which the file has been counted. */
  readonly offset: number;
  /** The format's state after the last counted line (e.g. Codex's running totals). */
  readonly carry: unknown;
  /** Its tokens per 15-minute slot: [slot start, tally]. */
  readonly slots: Array<[number, SlotTally]>;
  /** Lines skipped as not JSON. */
  readonly corruptLines: number;
}

export interface LogScanState {
  readonly version: 1;
  readonly files: Record<string, FileScanState>;
}

export const emptyScanState = (): LogScanState => ({ version: 1, files: {} });

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeScanState = (state: LogScanState): Uint8Array => encoder.encode(JSON.stringify(state));

/** The stored state, or an empty one when there is none or it cannot be read (a rescan fixes it). */
export function decodeScanState(bytes: Uint8Array | null): LogScanState {
  if (!bytes) return emptyScanState();
  try {
    const value = JSON.parse(decoder.decode(bytes)) as Partial<LogScanState>;
    if (value?.version !== 1 || typeof value.files !== 'object' || value.files === null) return emptyScanState();
    return value as LogScanState;
  } catch {
    return emptyScanState();
  }
}
