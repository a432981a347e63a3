import { addTally, emptyTally, type TokenTally } from './token-tally.js';

/**
 * Log entries are kept in 15-minute slots: every time zone's offset is a multiple of 15 minutes,
 * so a slot never straddles a local day, and the history of a file stays a few dozen numbers
 * however many lines it has.
 */
export const SLOT_MS = 15 * 60_000;

/** One slot's tokens, with its first and last entry (5-hour blocks are cut on those). */
export interface SlotTally extends TokenTally {
  first: number;
  last: number;
}

/** Slot start (ms) → its tally. */
export type TimeSlots = Map<number, SlotTally>;

export const slotOf = (timestamp: number): number => Math.floor(timestamp / SLOT_MS) * SLOT_MS;

/** Adds one entry at `timestamp`. */
export function addToSlots(slots: TimeSlots, timestamp: number, tally: Readonly<TokenTally>): void {
  const start = slotOf(timestamp);
  let slot = slots.get(start);
  if (!slot) {
    slot = { ...emptyTally(), first: timestamp, last: timestamp };
    slots.set(start, slot);
  }
  addTally(slot, tally);
  if (timestamp < slot.first) slot.first = timestamp;
  if (timestamp > slot.last) slot.last = timestamp;
}

/** Adds every slot of `from` into `into`. */
export function mergeSlots(into: TimeSlots, from: ReadonlyMap<number, SlotTally>): TimeSlots {
  for (const [start, slot] of from) {
    const have = into.get(start);
    if (!have) {
      into.set(start, { ...slot });
      continue;
    }
    addTally(have, slot);
    have.first = Math.min(have.first, slot.first);
    have.last = Math.max(have.last, slot.last);
  }
  return into;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of `ms` in `timeZone` (an IANA name; the machine's own when absent). */
export function localDay(ms: number, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(key, format);
  }
  return format.format(ms);
}

/** Tokens per local day, oldest first, from slots. Pure. */
export function dailyTotals(slots: ReadonlyMap<number, SlotTally>, timeZone?: string): Array<{ day: string; tally: TokenTally }> {
  const days = new Map<string, TokenTally>();
  for (const [start, slot] of slots) {
    const day = localDay(start, timeZone);
    const into = days.get(day) ?? emptyTally();
    addTally(into, slot);
    days.set(day, into);
  }
  return [...days.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, tally]) => ({ day, tally }));
}
