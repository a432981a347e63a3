import { AgentPoolError } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { checkMinRemainingPercent, createSnapshot, type NormalisedUsageWindow, nextAvailableAt, usableVerdict } from '../src/index.js';
import { at, NOW, win } from './window-fixtures.js';

const snap = (windows: NormalisedUsageWindow[], extra = {}) =>
  createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, windows, ...extra });

describe('usableVerdict', () => {
  it.each([
    ['plenty left in both', [win('5h', 60, 2), win('weekly', 70, 50)], 10, true, null],
    ['just above the buffer', [win('5h', 10.5, 2)], 10, true, null],
    ['exactly at the buffer', [win('5h', 10, 2)], 10, false, at(2)],
    ['below the buffer', [win('5h', 4, 2), win('weekly', 70, 50)], 10, false, at(2)],
    ['exhausted with a buffer of 0', [win('5h', 0, 2)], 0, false, at(2)],
    ['overage with a buffer of 0', [win('monthly', -20, 300)], 0, false, at(300)],
    ['1 % left with a buffer of 0', [win('5h', 1, 2)], 0, true, null],
    ['weekly-only plan, spent', [win('weekly', 0, 72, { name: 'primary' })], 10, false, at(72)],
    // The binding window, not the earliest reset: the 5h one resets first but the weekly one is spent too.
    ['5h and weekly both spent → the weekly reset', [win('5h', 0, 1), win('weekly', 0, 72)], 10, false, at(72)],
    ['5h spent, weekly low → the weekly reset', [win('5h', 0, 1), win('weekly', 5, 30)], 10, false, at(30)],
    ['5h spent, weekly fine → the 5h reset', [win('5h', 0, 1), win('weekly', 50, 72)], 10, false, at(1)],
    ['a low window with no known reset → unknown', [win('5h', 0, 1), win('weekly', 0, null)], 10, false, null],
  ] as const)('%s', (_label, windows, min, usable, nextAvailableAt) => {
    const verdict = usableVerdict(snap([...windows]), min);
    expect(verdict.usable).toBe(usable);
    expect(verdict.nextAvailableAt).toBe(nextAvailableAt);
    expect(verdict.reason === null).toBe(usable);
  });

  it('names the binding window and the buffer in the reason', () => {
    const verdict = usableVerdict(snap([win('5h', 0, 1), win('weekly', 5, 30)]), 10);
    expect(verdict.bindingWindow?.kind).toBe('weekly');
    expect(verdict.reason).toBe('weekly limit (weekly) has 5 % left, at or below the 10 % buffer');
    expect(usableVerdict(snap([win('5h', 0, 1)]), 10).reason).toBe('5h limit (5h) is exhausted');
  });

  it('when usable, binds to the window with the least left', () => {
    const verdict = usableVerdict(snap([win('5h', 60, 2), win('weekly', 30, 50)]), 10);
    expect(verdict).toMatchObject({ usable: true, nextAvailableAt: null, minRemainingPercent: 10 });
    expect(verdict.bindingWindow?.kind).toBe('weekly');
  });

  it.each([
    ['an error snapshot', createSnapshot({ providerId: 'x', fetchedAt: NOW, status: 'error', reason: 'HTTP 401' }), 'HTTP 401'],
    ['an unknown snapshot', createSnapshot({ providerId: 'x', fetchedAt: NOW, status: 'unknown', reason: 'no source' }), 'no source'],
    ['no windows (never scored as full)', createSnapshot({ providerId: 'x', fetchedAt: NOW }), 'no usage windows reported'],
    ['reached by the provider’s word', snap([win('5h', 50, 2)], { status: 'limit_reached' }), 'the provider reports a reached limit'],
  ])('is never usable for %s', (_label, snapshot, reason) => {
    const verdict = usableVerdict(snapshot, 0);
    expect(verdict.usable).toBe(false);
    expect(verdict.reason).toBe(reason);
  });

  it('is usable for a plan with no limits', () => {
    expect(usableVerdict(createSnapshot({ providerId: 'x', fetchedAt: NOW, noLimits: true }), 10).usable).toBe(true);
  });

  it.each([-1, 101, Number.NaN, '10', null])('refuses min_remaining_percent %s', (value) => {
    expect(() => checkMinRemainingPercent(value)).toThrow(AgentPoolError);
    let caught: unknown;
    try {
      usableVerdict(snap([win('5h', 50, 1)]), value as number);
    } catch (error) {
      caught = error;
    }
    expect(AgentPoolError.isInstance(caught) && caught.code).toBe('INVALID_REQUEST');
  });

  it.each([0, 10, 100])('accepts min_remaining_percent %s', (value) => {
    expect(checkMinRemainingPercent(value)).toBe(value);
  });
});

describe('nextAvailableAt', () => {
  it.each([
    ['usable now', [win('5h', 50, 1)], null],
    ['5h spent, weekly spent: the weekly reset, not the earlier 5h one', [win('5h', 0, 1), win('weekly', 0, 100)], at(100)],
    ['only 5h spent', [win('5h', 0, 1), win('weekly', 60, 100)], at(1)],
  ] as const)('%s', (_label, windows, expected) => {
    expect(nextAvailableAt(snap([...windows]), 10)).toBe(expected);
  });
});
