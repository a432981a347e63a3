import { describe, expect, it } from 'vitest';
import { similarity, suggestClosest } from '../src/did-you-mean.js';

// Expected values are Python 3.11 difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
// and SequenceMatcher(None, candidate, value).ratio(), the calls team_ops makes.
describe('suggestClosest gives the suggestion team_ops gives', () => {
  it.each([
    ['imp-b', ['lead', 'impl-a', 'impl-b', 'reviewer'], 'impl-b'],
    ['reviwer', ['lead', 'impl-a', 'impl-b', 'reviewer'], 'reviewer'],
    ['task-9', ['task-1', 'task-2'], 'task-2'],
    ['debate-3', ['debate-1', 'debate-2'], 'debate-2'],
    ['zzz', ['lead', 'reviewer'], null],
    ['led', ['lead', 'lead2'], 'lead'],
    ['lead', ['lead-a', 'lead-b'], 'lead-b'],
    ['implementer', ['implementer-a', 'implementer-b', 'tester'], 'implementer-b'],
    ['', ['lead'], null],
  ])('%s among %j → %s', (value, candidates, expected) => {
    expect(suggestClosest(value, candidates)).toBe(expected);
  });

  it.each([
    ['impl-a', 'imp-b', 0.7273],
    ['reviewer', 'reviwer', 0.9333],
    ['lead2', 'led', 0.75],
    ['tester', 'implementer', 0.4706],
  ])('ratio(%s, %s) = %f', (a, b, ratio) => {
    expect(similarity(a, b)).toBeCloseTo(ratio, 4);
  });
});
