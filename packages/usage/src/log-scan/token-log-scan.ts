import { type Stats, statSync } from 'node:fs';
import type { ProbeStateStore, TokenLogSource } from '@agentpool/core';
import { FileClaims } from './file-claims.js';
import { type FileScanOutcome, grewInPlace, scanLogFile } from './file-scan.js';
import { CountedKeys } from './key-set.js';
import { createMemoryProbeState } from './memory-probe-state.js';
import { decodeJson, encodeJson, type FileScanMeta, isFileScanMeta, isStoredSlots, type StoredSlots } from './scan-state.js';
import { startSecondThread } from './second-thread-scan.js';
import { joinSecondThread, SECOND_THREAD_MIN_BYTES, secondThreadReach } from './second-thread-share.js';
import { mergeSlots, type SlotTally, type TimeSlots } from './time-slots.js';

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
  /**
   * Bytes a second thread must be able to take (new files at the end of path order, at most half
   * of all) for it to start, when the format has a scan worker. Default SECOND_THREAD_MIN_BYTES.
   */
  readonly secondThreadFromBytes?: number | undefined;
}

/** Slots as stored: in time order, so the bytes do not depend on the order lines were read in. */
const encodeSlots = (slots: TimeSlots): Uint8Array => encodeJson([...slots.entries()].sort(([a], [b]) => a - b));

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
 * are skipped and counted; a last line still being written is left for the next scan. When much
 * is to be read from new files (a first scan), a second thread takes files from the back while
 * this one takes them from the front: the totals and kept records are those of one thread.
 */
export async function scanTokenLog(source: TokenLogSource, options: TokenLogScanOptions = {}): Promise<TokenLogHistory> {
  const state = options.state ?? createMemoryProbeState();
  // Kept state that turns out not to add up mid-scan is rebuilt from nothing (nothing was written).
  const minBytes = options.secondThreadFromBytes ?? SECOND_THREAD_MIN_BYTES;
  return (await scanOnce(source, state, minBytes, false)) ?? (await scanOnce(source, state, minBytes, true)) ?? unreachable();
}

function unreachable(): never {
  throw new Error('a token-log scan from nothing asked to be rebuilt');
}

/** One scan; null when the kept state proved inconsistent and `rebuild` was false. */
async function scanOnce(
  source: TokenLogSource,
  state: ProbeStateStore,
  minBytes: number,
  rebuild: boolean,
): Promise<TokenLogHistory | null> {
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
  let filesRead = 0;
  let bytesRead = 0;
  let corruptLines = 0;
  const listed = new Set<string>();

  // Path order, as ccusage reads them: a response logged in several files (a resumed session
  // copies earlier ones) is counted where it is first met, and the two agree on its day.
  const changed: Array<{ path: string; info: Stats; before: FileScanMeta | undefined; resume: boolean }> = [];
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
    let resume = false;
    try {
      resume = before !== undefined && grewInPlace(path, info.ino, info.size, before);
    } catch {
      // Unreadable: handled below like a failed read.
    }
    changed.push({ path, info, before, resume });
  }

  /** Puts what was read of a file in place of what was counted of it before. False: the kept state does not add up. */
  const settle = async (path: string, before: FileScanMeta | undefined, oldSlots: StoredSlots | null, outcome: FileScanOutcome | null) => {
    if (!outcome) {
      // Unreadable now (permissions, vanished): what was counted before stays.
      if (before) corruptLines += before.corruptLines;
      return true;
    }
    const old = before ? (oldSlots ?? decodeJson<StoredSlots>(await state.read(slotsKey(path)), isStoredSlots)) : [];
    // A file whose tokens are in the totals but whose own tally is unreadable cannot be taken out.
    if (old === null) return false;
    subtractSlots(totals, old);
    mergeSlots(totals, outcome.slots);
    filesRead++;
    bytesRead += outcome.bytesRead;
    corruptLines += outcome.meta.corruptLines;
    writes.push([metaKey(path), encodeJson(outcome.meta)], [slotsKey(path), encodeSlots(outcome.slots)]);
    return true;
  };

  /** Reads a file on this thread, on from where it stopped when it grew in place. */
  const readHere = async ({ path, info, before, resume }: (typeof changed)[number]) => {
    const oldSlots = before ? decodeJson<StoredSlots>(await state.read(slotsKey(path)), isStoredSlots) : [];
    if (oldSlots === null) return false;
    const prior = resume ? before : undefined;
    const start = {
      offset: prior?.offset ?? 0,
      carry: prior ? prior.carry : format.initialCarry(),
      corruptLines: prior?.corruptLines ?? 0,
      slots: new Map(prior ? oldSlots.map(([slotStart, slot]): [number, SlotTally] => [slotStart, { ...slot }]) : []),
    };
    let outcome: FileScanOutcome | null = null;
    try {
      outcome = scanLogFile(path, info.ino, start, format, (key) => keys.addIfNew(key));
    } catch {
      outcome = null;
    }
    return settle(path, before, oldSlots, outcome);
  };

  const reach = secondThreadReach(
    changed.map(({ info, before, resume }) => ({ bytes: resume && before ? info.size - before.offset : info.size, fromStart: !resume })),
    minBytes,
  );
  // This thread takes files from the front; a second one, when worth it, from the back.
  const claims = new FileClaims(changed.length, reach ?? changed.length);
  const second =
    reach === null
      ? null
      : startSecondThread(format, {
          files: changed.slice(reach).map(({ path, info }) => ({ path, ino: info.ino })),
          reach,
          claims: claims.buffer,
          keys: fresh ? null : storedKeys,
        });
  try {
    for (let index = claims.takeFront(); index !== -1; index = claims.takeFront()) {
      if (!(await readHere(changed[index] as (typeof changed)[number]))) {
        second?.stop();
        return null;
      }
    }
  } finally {
    // A thread that took nothing is not waited for.
    if (claims.back === changed.length) second?.stop();
  }
  const taken = changed.slice(claims.back);
  const reply = taken.length > 0 && second ? await second.reply : null;
  if (reply) {
    for (const { file, slots } of joinSecondThread(reply, keys)) {
      const { before } = changed[file.index] as (typeof changed)[number];
      const outcome = file.meta && slots ? { meta: file.meta, slots, bytesRead: file.bytesRead ?? 0 } : null;
      if (!(await settle(file.path, before, null, outcome))) return null;
    }
  } else {
    // The second thread failed after taking files: this one reads them, in path order.
    for (const file of taken) if (!(await readHere(file))) return null;
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
    writes.push([`${base}totals`, encodeSlots(totals)]);
    if (keys.changed || fresh) writes.push([`${base}keys`, keys.toBytes()]);
    await state.writeMany(writes);
  }
  return { slots: totals, files: listed.size, filesRead, bytesRead, corruptLines };
}
