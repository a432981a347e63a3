import { describe, expect, it } from 'vitest';
import { hashIndex, pickSource } from '../src/source-pick.js';

const SOURCES = ['/homes/a', '/homes/b', '/homes/c'];

describe('pickSource', () => {
  it('round_robin takes counter % n, then counts one up', () => {
    let counter = 0;
    const picked: string[] = [];
    for (let i = 0; i < 7; i++) {
      const pick = pickSource(SOURCES, 'round_robin', `w${i}`, counter);
      picked.push(pick.source);
      counter = pick.nextCounter;
    }
    expect(picked).toEqual(['/homes/a', '/homes/b', '/homes/c', '/homes/a', '/homes/b', '/homes/c', '/homes/a']);
    expect(counter).toBe(7);
  });

  it('round_robin keeps going after the number of sources changes (the counter is shared, not per list)', () => {
    expect(pickSource(['/x', '/y'], 'round_robin', 'w', 5)).toEqual({ index: 1, source: '/y', nextCounter: 6 });
  });

  // Expected values from Python: int.from_bytes(hashlib.sha256(w.encode()).digest()[:8], 'big') % n.
  it.each([
    ['coder-20260101-120000-4242', 3, 2],
    ['coder-20260101-120000-4242', 4, 3],
    ['reviewer-20260101-120001-77', 3, 1],
    ['reviewer-20260101-120001-77', 7, 3],
    ['w1', 4, 2],
    ['', 7, 1],
  ])('hash of %j over %i sources is %i (first 8 bytes of sha256, unsigned big-endian)', (worker, count, index) => {
    expect(hashIndex(worker, count)).toBe(index);
  });

  it('hash is stable per worker and leaves the counter alone', () => {
    const first = pickSource(SOURCES, 'hash', 'coder-20260101-120000-4242', 10);
    const again = pickSource(SOURCES, 'hash', 'coder-20260101-120000-4242', 11);
    expect(first.source).toBe('/homes/c');
    expect(again.source).toBe('/homes/c');
    expect(first.nextCounter).toBe(10);
  });
});
