import { describe, expect, it } from 'vitest';
import { chooseDecision, missingMembers } from '../src/debate-decision.js';

const position = (member: string, option: string, confidence: number) => ({
  at: '2026-12-01T00:00:00Z',
  member,
  option,
  confidence,
  rationale: '',
});

describe('chooseDecision', () => {
  const debate = (positions: ReturnType<typeof position>[], decider = 'lead') => ({
    id: 'debate-1',
    options: ['a', 'b', 'c'],
    decider,
    positions,
  });

  it('one top score wins', () => {
    expect(chooseDecision(debate([position('lead', 'a', 0.4), position('x', 'b', 0.9)]))).toMatchObject({ option: 'b', method: 'score' });
  });

  it("a tie goes to the decider's own option when it is tied", () => {
    expect(chooseDecision(debate([position('lead', 'b', 0.5), position('x', 'a', 0.5)]))).toMatchObject({
      option: 'b',
      method: 'tie_decider',
    });
  });

  it('a tie the decider is not part of goes to the alphabetically first', () => {
    const result = chooseDecision(debate([position('lead', 'c', 0.1), position('x', 'b', 0.5), position('y', 'a', 0.5)]));
    expect(result).toMatchObject({ option: 'a', method: 'tie_lexical' });
  });

  it('0.1 + 0.2 ties 0.3 (in floats it wins, and team_ops calls it a score win)', () => {
    const result = chooseDecision(debate([position('x', 'c', 0.1), position('y', 'c', 0.2), position('lead', 'a', 0.3)]));
    expect(result).toMatchObject({ option: 'a', method: 'tie_decider' });
    expect(result.scores).toEqual({ a: 0.3, b: 0, c: 0.3 });
  });

  it("only each member's latest position counts", () => {
    const result = chooseDecision(debate([position('x', 'a', 1), position('x', 'b', 0.2), position('lead', 'c', 0.1)]));
    expect(result).toMatchObject({ option: 'b', method: 'score' });
  });

  it('refuses with no positions, and with all-zero scores', () => {
    expect(() => chooseDecision(debate([]))).toThrow('No positions submitted yet; cannot decide debate.');
    expect(() => chooseDecision(debate([position('x', 'a', 0)]))).toThrow('All position scores are zero; cannot auto-decide.');
  });

  it('missingMembers lists members without a position, sorted', () => {
    expect(missingMembers(['lead', 'b', 'a'], [position('b', 'a', 1)])).toEqual(['a', 'lead']);
  });
});
