import { createHash } from 'node:crypto';

export const SOURCE_STRATEGIES = ['round_robin', 'hash'] as const;
/** How `pick` chooses a source home: a shared counter, or a hash of the worker name (stable per worker). */
export type SourceStrategy = (typeof SOURCE_STRATEGIES)[number];

export interface SourcePick {
  readonly index: number;
  readonly source: string;
  /** The counter to store: one more after a round_robin pick, unchanged after a hash pick. */
  readonly nextCounter: number;
}

/** The first 8 bytes of sha256(worker) read as an unsigned big-endian integer, modulo `count`. */
export function hashIndex(worker: string, count: number): number {
  const digest = createHash('sha256').update(worker, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(count));
}

/** Chooses a source: round_robin takes `counter % n` then counts one up; hash ignores the counter. */
export function pickSource(sources: readonly string[], strategy: SourceStrategy, worker: string, counter: number): SourcePick {
  if (sources.length === 0) throw new RangeError('pickSource needs at least one source');
  const index = strategy === 'hash' ? hashIndex(worker, sources.length) : counter % sources.length;
  return { index, source: sources[index] as string, nextCounter: strategy === 'hash' ? counter : counter + 1 };
}
