/**
 * The files of one scan, taken by two threads from opposite ends: the main thread from the front
 * (in path order), the second thread from the back, never below `reach` (the files it may read).
 * One 64-bit word in shared memory holds both ends, changed by compare-and-swap, so no file is read
 * twice and neither thread waits for the other: whichever is faster simply reads more.
 */
export class FileClaims {
  private readonly word: BigInt64Array;

  /** A fresh set of `count` files, or the shared one another thread made. */
  constructor(
    shared: SharedArrayBuffer | number,
    private readonly reach = 0,
  ) {
    if (typeof shared === 'number') {
      this.word = new BigInt64Array(new SharedArrayBuffer(8));
      Atomics.store(this.word, 0, BigInt(shared) << 32n);
    } else this.word = new BigInt64Array(shared);
  }

  /** The memory to hand to the second thread. */
  get buffer(): SharedArrayBuffer {
    return this.word.buffer as SharedArrayBuffer;
  }

  /** The first file the second thread took (the count when it took none). */
  get back(): number {
    return Number(Atomics.load(this.word, 0) >> 32n);
  }

  /** The next file from the front, or -1 when the two ends have met. */
  takeFront(): number {
    for (;;) {
      const seen = Atomics.load(this.word, 0);
      const front = Number(seen & 0xffffffffn);
      const back = Number(seen >> 32n);
      if (front >= back) return -1;
      if (Atomics.compareExchange(this.word, 0, seen, (BigInt(back) << 32n) | BigInt(front + 1)) === seen) return front;
    }
  }

  /** The next file from the back, or -1 when the ends have met or `reach` is passed. */
  takeBack(): number {
    for (;;) {
      const seen = Atomics.load(this.word, 0);
      const front = Number(seen & 0xffffffffn);
      const back = Number(seen >> 32n);
      if (back - 1 < front || back - 1 < this.reach) return -1;
      if (Atomics.compareExchange(this.word, 0, seen, (BigInt(back - 1) << 32n) | BigInt(front)) === seen) return back - 1;
    }
  }
}
