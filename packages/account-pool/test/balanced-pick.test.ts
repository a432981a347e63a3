import { describe, expect, it } from 'vitest';
import { liveCounts, pickBalanced } from '../src/balanced-pick.js';
import type { AuthAssignment } from '../src/pool-state.js';

const FILES = ['/team/a.json', '/team/b.json', '/team/c.json'];
const held = (worker: string, authPath: string): AuthAssignment => ({
  worker,
  base: null,
  authPath,
  assignedAt: '2026-01-01T00:00:00.000Z',
});

describe('pickBalanced', () => {
  it('picks the file with the fewest live assignments', () => {
    const assignments = [held('w1', '/team/a.json'), held('w2', '/team/b.json'), held('w3', '/team/a.json')];
    expect(pickBalanced(FILES, assignments, () => 0.99)).toBe('/team/c.json');
  });

  it('breaks ties with the random source, uniformly over the tied files in path order', () => {
    const assignments = [held('w1', '/team/b.json')];
    expect(pickBalanced(FILES, assignments, () => 0)).toBe('/team/a.json');
    expect(pickBalanced(FILES, assignments, () => 0.5)).toBe('/team/c.json');
    expect(pickBalanced(FILES, assignments, () => 0.9999)).toBe('/team/c.json');
  });

  it('a released worker no longer counts (cap counted every pick ever)', () => {
    // a was picked twice, but both workers are gone: only b's live worker counts.
    expect(pickBalanced(FILES, [held('w3', '/team/b.json')], () => 0)).toBe('/team/a.json');
  });

  it('ignores assignments of files no longer in the folder', () => {
    const counts = liveCounts(FILES, [held('w1', '/team/gone.json'), held('w2', '/team/c.json')]);
    expect([...counts]).toEqual([
      ['/team/a.json', 0],
      ['/team/b.json', 0],
      ['/team/c.json', 1],
    ]);
  });
});
