import { closeSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import type { ProbeStateStore, TokenLogSource } from '@agentpool/core';
import { readAppendedLines } from './appended-lines.js';
import { CountedKeys, hashKey } from './key-set.js';
import { createMemoryProbeState } from './memory-probe-state.js';
import { decodeJson, encodeJson, type FileScanMeta, isFileScanMeta, isStoredSlots, type StoredSlots } from './scan-state.js';
import { addToSlots, mergeSlots, type SlotTally, type TimeSlots } from './time-slots.js';

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
  /** Keeps offsets, tallies and counted keys between scans; without it every scan is a cold one. */
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

/** Takes a file's slots back out of the totals (first/last stay: they only ever widen). */
function subtractSlots(totals: TimeSlots, slots: StoredSlots): void {
  for (const [start, slot] of slots) {
    const total = totals.get(start);
    if (!total) continue;
    total.input -= slot.input;
    total.output -= slot.output;
    total.cacheCreation -= slot.cacheCreation;
    total.cacheRead -= slot.cacheRead;
    total.reasoning -= slot.reasoning;
    total.total -= slot.total;
    total.entries -= slot.entries;
    if (total.entries <= 0) totals.delete(start);
  }
}

/**
 * Counts the tokens of a provider's local logs, reading only what was appended since the last
 * scan. The state keeps, per file, a small record (inode, head hash, byte offset, the format's
 * carried state, corrupt lines) read on every scan, the file's slots (read only when it changed),
 * the totals over all files, and the counted dedupe keys; a re-scan after one appended line stats
 * the files, reads one line and rewrites that file's records and the totals. A file that shrank or
 * was replaced is read again from its start; a removed file's tokens are taken out. Corrupt lines
 * are skipped and counted; a last line still being written is left for the next scan.
 */
export async function scanTokenLog(source: TokenLogSource, options: TokenLogScanOptions = {}): Promise<TokenLogHistory> {
  const state = options.state ?? createMemoryProbeState();
  // Kept state that turns out not to add up mid-scan is rebuilt from nothing (nothing was written).
  return (await scanOnce(source, state, false)) ?? (await scanOnce(source, state, true)) ?? unreachable();
}

function unreachable(): never {
  throw new Error('a token-log scan from nothing asked to be rebuilt');
}

/** One scan; null when the kept state proved inconsistent and `rebuild` was false. */
async function scanOnce(source: TokenLogSource, state: ProbeStateStore, rebuild: boolean): Promise<TokenLogHistory | null> {
  const { format } = source;
  const base = `token-log:${format.id}:${source.root}:`;
  const metaKey = (path: string) => `${base}meta:${path}`;
  const slotsKey = (path: string) => `${base}slots:${path}`;
  const [storedMetas, storedTotals, storedKeys] = await Promise.all([
    state.list(`${base}meta:`),
    state.read(`${base}totals`),
    state.read(`${base}keys`),
  ]);
  const metas = new Map<string, FileScanMeta>();
  // Every file with kept records, readable or not: those of a file no longer listed are deleted.
  const recorded = new Set<string>();
  let unreadableRecord = false;
  for (const [key, value] of storedMetas) {
    const path = key.slice(`${base}meta:`.length);
    recorded.add(path);
    const meta = decodeJson<FileScanMeta>(value, isFileScanMeta);
    if (meta) metas.set(path, meta);
    else unreadableRecord = true;
  }
  const storedSlots = decodeJson<StoredSlots>(storedTotals, isStoredSlots);
  // Totals that may not match the file records (none yet, unreadable, or a file record that is
  // unreadable, whose tokens are in them but could not be taken out) are rebuilt from nothing.
  const fresh = rebuild || storedSlots === null || unreadableRecord;
  if (fresh) metas.clear();
  const totals: TimeSlots = new Map(fresh ? [] : (storedSlots ?? []));
  const keys = new CountedKeys(fresh ? null : storedKeys);
  const writes: Array<[string, Uint8Array | null]> = [];
  const marker = Buffer.from(format.marker);
  // latin1 keeps every JSON delimiter where it is (UTF-8 multi-byte sequences never contain ASCII
  // bytes): numbers and ids read the same, and decoding is several times faster.
  const parse = format.parseLine ?? ((line: Buffer) => JSON.parse(line.toString('latin1')));
  let filesRead = 0;
  let bytesRead = 0;
  let corruptLines = 0;
  const listed = new Set<string>();

  // Path order, as ccusage reads them: a response logged in several files (a resumed session
  // copies earlier ones) is counted where it is first met, and the two agree on its day.
  const changed: Array<{ path: string; info: Stats }> = [];
  for (const path of format.listFiles(source.root).sort()) {
    let info: Stats;
    try {
      info = statSync(path);
    } catch {
      continue; // Gone since it was listed.
    }
    listed.add(path);
    const before = metas.get(path);
    if (before !== undefined && before.ino === info.ino && info.size === before.offset) {
      corruptLines += before.corruptLines;
      continue;
    }
    changed.push({ path, info });
  }

  for (const { path, info } of changed) {
    const before = metas.get(path);
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
    const oldSlots = before ? decodeJson<StoredSlots>(await state.read(slotsKey(path)), isStoredSlots) : [];
    // A file whose tokens are in the totals but whose own tally is unreadable cannot be taken out.
    if (oldSlots === null) return null;
    const prior = resume ? before : undefined;
    const fileSlots: TimeSlots = new Map(prior ? oldSlots.map(([start, slot]): [number, SlotTally] => [start, { ...slot }]) : []);
    const carry = prior ? prior.carry : format.initialCarry();
    let fileCorrupt = prior ? prior.corruptLines : 0;
    let read: { offset: number; bytesRead: number };
    try {
      read = readAppendedLines(path, prior ? prior.offset : 0, marker, (buffer, start, end, unterminated) => {
        let value: unknown;
        try {
          value = parse(buffer.subarray(start, end));
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
      // Unreadable now (permissions, vanished): what was counted before stays.
      if (before) corruptLines += before.corruptLines;
      continue;
    }
    subtractSlots(totals, oldSlots);
    mergeSlots(totals, fileSlots);
    filesRead++;
    bytesRead += read.bytesRead;
    corruptLines += fileCorrupt;
    const meta: FileScanMeta = {
      ino: info.ino,
      head: headHash(path, Math.min(read.offset, HEAD_BYTES)),
      offset: read.offset,
      carry,
      corruptLines: fileCorrupt,
    };
    writes.push([metaKey(path), encodeJson(meta)], [slotsKey(path), encodeJson([...fileSlots.entries()])]);
  }
  for (const path of recorded) {
    if (listed.has(path)) continue;
    // Rebuilt totals never held the file's tokens; kept ones lose them.
    if (metas.has(path)) {
      const removed = decodeJson<StoredSlots>(await state.read(slotsKey(path)), isStoredSlots);
      if (removed === null) return null;
      subtractSlots(totals, removed);
    }
    writes.push([metaKey(path), null], [slotsKey(path), null]);
  }
  if (writes.length > 0 || fresh) {
    writes.push([`${base}totals`, encodeJson([...totals.entries()])]);
    if (keys.changed || fresh) writes.push([`${base}keys`, keys.toBytes()]);
    await state.writeMany(writes);
  }
  return { slots: totals, files: listed.size, filesRead, bytesRead, corruptLines };
}
