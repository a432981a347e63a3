import { AgentPoolError } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { parseSince, parseStatsSections, STATS_SECTIONS } from '../src/stats-request.js';

const NOW = new Date('2030-01-10T12:00:00.000Z');

function refusal(action: () => unknown): AgentPoolError {
  try {
    action();
  } catch (error) {
    if (AgentPoolError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseSince', () => {
  it.each([
    ['12h', '2030-01-10T00:00:00.000Z'],
    ['7d', '2030-01-03T12:00:00.000Z'],
    ['30d', '2029-12-11T12:00:00.000Z'],
    ['2w', '2029-12-27T12:00:00.000Z'],
    ['2030-01-05', '2030-01-05T00:00:00.000Z'],
    ['2030-01-05T09:30:00Z', '2030-01-05T09:30:00.000Z'],
    ['2030-01-05T09:30+02:00', '2030-01-05T07:30:00.000Z'],
    [' 7d ', '2030-01-03T12:00:00.000Z'],
  ])('%s starts the period at %s', (input, expected) => {
    expect(parseSince(input, NOW)?.toISOString()).toBe(expected);
  });

  it('"all" has no start', () => {
    expect(parseSince('all', NOW)).toBeNull();
  });

  it.each([
    ['7x', 'is neither a span'],
    ['7', 'is neither a span'],
    ['-7d', 'is neither a span'],
    ['7 days', 'is neither a span'],
    ['', 'is neither a span'],
    ['0d', 'at least one'],
    ['2030-02-30', 'not a real date'],
    ['2030-01-05T25:00Z', 'not a real date'],
    ['2030-01-11', 'in the future'],
    ['2030-01-10T12:00:01Z', 'in the future'],
  ])('refuses %j: %s, listing the valid forms', (input, why) => {
    const error = refusal(() => parseSince(input, NOW));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain(why);
    expect(error.message).toContain('12h, 7d, 30d, 2w');
    expect(error.message).toContain('"all"');
    expect(error.details).toMatchObject({ option: '--since', valid: expect.arrayContaining(['7d', 'all']) });
    expect(error.hint).toBe('agentpool stats --since 7d');
  });
});

describe('parseStatsSections', () => {
  it('defaults to every section and keeps report order', () => {
    expect(parseStatsSections(undefined)).toEqual([...STATS_SECTIONS]);
    expect(parseStatsSections('limits, sessions')).toEqual(['sessions', 'limits']);
    expect(parseStatsSections(['usage'])).toEqual(['usage']);
  });

  it('refuses an unknown or empty section list, naming the valid ones', () => {
    const unknown = refusal(() => parseStatsSections('sessions,speed'));
    expect(unknown.code).toBe('INVALID_REQUEST');
    expect(unknown.message).toContain('speed');
    expect(unknown.details).toMatchObject({ unknown: ['speed'], valid: STATS_SECTIONS });
    expect(refusal(() => parseStatsSections(' , ')).message).toContain('empty');
  });
});
