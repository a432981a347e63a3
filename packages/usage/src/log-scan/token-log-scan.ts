import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { ProbeStateStore, TokenLogSource } from '@agentpool/core';
import { readAppendedLines } from './appended-lines.js';
import { CountedKeys, hashKey } from './key-set.js';
import { decodeScanState, encodeScanState, type FileScanState, type LogScanState } from './scan-state.js';
import { addToSlots, mergeSlots, type TimeSlots } from './time-slots.js';

/** What a scan of one token log found, over its whole history. */
export interface TokenLogHistory {
  /** Tokens per 15-minute slot over every file. */
  readonly slots: TimeSlots;
  readonly files: number;
  /** Files read this time (new or grown since the last scan). */
  readonly filesRead: number;
  readonly bytesRead: number;
  /** Lines skipped as not JSON, over the whole history (counted once each). */
  readonly corruptLines: number;
}

export interface TokenLogScanOptions {
  /** Keeps offsets, per-file tallies and counted keys between scans; without it every scan is a cold one. */
  readonly state?: ProbeStateStore | undefined;
}

const HEAD_BYTES = 256;

/** Hash of the first `length` bytes of a file (at most HEAD_BYTES). */
function headHash(path: string, length: number): number {
  const buffer = Buffer.alloc(Math.min(HEAD_BYTES, length));
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return hashKey(buffer.toString('latin1', 0, read));
  } finally {
    closeSync(fd);
  }
}

const stateKey = (source: TokenLogSource, part: string) => `token-log:${source.format.id}:${part}:${source.root}`;

/**
 * Counts the tokens of a provider's local logs, reading only what was appended since the last
 * scan: each file's byte offset, its tallies and the format's carried state are kept in `state`,
 * so a re-scan after one appended line reads one line. A file that shrank or was replaced (another
 * inode) is read again from its start; a removed file's tokens are dropped. Corrupt lines are
 * skipped and counted; a last line still being written is left for the next scan.
 */
export async function scanTokenLog(source: TokenLogSource, options: TokenLogScanOptions = {}): Promise<TokenLogHistory> {
  const { format } = source;
  const [storedState, storedKeys] = options.state
    ? await Promise.all([options.state.read(stateKey(source, 'files')), options.state.read(stateKey(source, 'keys'))])
    : [null, null];
  const previous = decodeScanState(storedState);
  const keys = new CountedKeys(storedKeys);
  const next: Record<string, FileScanState> = {};
  const slots: TimeSlots = new Map();
  const marker = Buffer.from(format.marker);
  const parse = format.parseLine ?? JSON.parse;
  let filesRead = 0;
  let bytesRead = 0;
  let corruptLines = 0;
  let changed = false;

  for (const path of format.listFiles(source.root).sort()) {
    let info: import('node:fs').Stats;
    try {
      info = statSync(path);
    } catch {
      continue; // Gone since it was listed.
    }
    const before = previous.files[path];
    if (before !== undefined && before.ino === info.ino && info.size === before.offset) {
      next[path] = before;
      mergeSlots(slots, new Map(before.slots));
      corruptLines += before.corruptLines;
      continue;
    }
    let resume = false;
    try {
      resume =
        before !== undefined &&
        before.ino === info.ino &&
        info.size >= before.offset &&
        headHash(path, Math.min(before.offset, HEAD_BYTES)) === before.head;
    } catch {
      // Unreadable: handled below like a failed read.
    }
    const prior = resume ? before : undefined;
    const fileSlots: TimeSlots = new Map(prior ? prior.slots.map(([start, slot]) => [start, { ...slot }]) : []);
    const carry = prior ? prior.carry : format.initialCarry();
    let fileCorrupt = prior ? prior.corruptLines : 0;
    let read: { offset: number; bytesRead: number };
    try {
      read = readAppendedLines(path, prior ? prior.offset : 0, marker, (buffer, start, end, unterminated) => {
        let value: unknown;
        try {
          // latin1 keeps every JSON delimiter where it is (UTF-8 multi-byte sequences never contain
          // ASCII bytes): numbers and ids read the same, and decoding is several times faster.
          value = parse(buffer.toString('latin1', start, end));
        } catch {
          if (unterminated) return false; // Still being written: read it again next time.
          fileCorrupt++;
          return true;
        }
        const entry = format.readLine(value, carry);
        if (!entry) return true;
        if (entry.key && !keys.addIfNew(hashKey(entry.key))) return true;
        addToSlots(fileSlots, entry.timestamp, entry.tally);
        return true;
      });
    } catch {
      // Unreadable now (permissions, vanished): keep what was counted before.
      if (before) {
        next[path] = before;
        mergeSlots(slots, new Map(before.slots));
        corruptLines += before.corruptLines;
      }
      continue;
    }
    filesRead++;
    bytesRead += read.bytesRead;
    changed = true;
    next[path] = {
      ino: info.ino,
      head: headHash(path, Math.min(read.offset, HEAD_BYTES)),
      offset: read.offset,
      carry,
      slots: [...fileSlots.entries()],
      corruptLines: fileCorrupt,
    };
    mergeSlots(slots, fileSlots);
    corruptLines += fileCorrupt;
  }
  if (Object.keys(previous.files).some((path) => !(path in next))) changed = true;

  if (options.state && changed) {
    const state: LogScanState = { version: 1, files: next };
    await options.state.write(stateKey(source, 'files'), encodeScanState(state));
    if (keys.changed) await options.state.write(stateKey(source, 'keys'), keys.toBytes());
  }
  return { slots, files: Object.keys(next).length, filesRead, bytesRead, corruptLines };
}
