/**
 * A 53-bit hash of a string (cyrb53): dedupe keys are kept as numbers, a few bytes each, so a
 * history with hundreds of thousands of responses fits in memory and in one stored blob.
 */
export function hashKey(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The dedupe keys already counted: a sorted array read straight from its stored bytes (no set is
 * rebuilt to answer a lookup), plus the keys added since, merged in when it is saved.
 */
export class CountedKeys {
  private sorted: Float64Array;
  private readonly added = new Set<number>();

  constructor(stored?: Uint8Array | null) {
    if (!stored || stored.byteLength % 8 !== 0) this.sorted = new Float64Array(0);
    else {
      // A copy aligned for Float64Array: a stored blob may start at any offset of its buffer.
      const bytes = new Uint8Array(stored.byteLength);
      bytes.set(stored);
      this.sorted = new Float64Array(bytes.buffer);
    }
  }

  get size(): number {
    return this.sorted.length + this.added.size;
  }

  /** Whether `key` was counted. */
  has(key: number): boolean {
    return this.added.has(key) || this.includesSorted(key);
  }

  /** True when `key` was not counted before (and now is). */
  addIfNew(key: number): boolean {
    if (this.has(key)) return false;
    this.added.add(key);
    return true;
  }

  /** Whether anything was added since it was read. */
  get changed(): boolean {
    return this.added.size > 0;
  }

  /** The keys as bytes to store. */
  toBytes(): Uint8Array {
    if (this.added.size > 0) {
      const extra = Float64Array.from(this.added).sort();
      const merged = new Float64Array(this.sorted.length + extra.length);
      let a = 0;
      let b = 0;
      let out = 0;
      while (a < this.sorted.length || b < extra.length) {
        if (b >= extra.length || (a < this.sorted.length && (this.sorted[a] as number) < (extra[b] as number)))
          merged[out++] = this.sorted[a++] as number;
        else merged[out++] = extra[b++] as number;
      }
      this.sorted = merged;
      this.added.clear();
    }
    return new Uint8Array(this.sorted.buffer, this.sorted.byteOffset, this.sorted.byteLength);
  }

  private includesSorted(key: number): boolean {
    let low = 0;
    let high = this.sorted.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.sorted[middle] as number;
      if (value === key) return true;
      if (value < key) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}
