import { describe, expect, it } from 'vitest';
import {
  decideRotation,
  type ProbeReading,
  type RotationCandidate,
  type RotationDecision,
  type RotationInput,
} from '../src/rotation-decision.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;
const policy = { thresholdPercent: 10, marginPercent: 5, cooldownMs: 30 * MIN, confirmations: 2 };

const ok = (remainingPercent: number, minutesAgo = 0, resetsInMinutes: number | null = 120): ProbeReading => ({
  status: 'ok',
  at: NOW - minutesAgo * MIN,
  remainingPercent,
  resetsAt: resetsInMinutes === null ? null : NOW + resetsInMinutes * MIN,
});
const failed = (minutesAgo = 0): ProbeReading => ({ status: 'unknown', at: NOW - minutesAgo * MIN, reason: 'probe timed out' });
const candidate = (account: string, reading: ProbeReading, paused = false): RotationCandidate => ({ account, reading, paused });

function input(partial: Partial<RotationInput>): RotationInput {
  return {
    now: NOW,
    current: 'a',
    history: [],
    candidates: [candidate('b', ok(80)), candidate('c', ok(60))],
    lastRotationAt: null,
    limitReached: false,
    policy,
    ...partial,
  };
}

type Expected = { action: 'stay'; reason?: RegExp } | { action: 'rotate'; to: string } | { action: 'wait'; until: number | null };

const cases: readonly { name: string; input: RotationInput; expected: Expected }[] = [
  { name: 'above the threshold: stay', input: input({ history: [ok(50, 2), ok(40)] }), expected: { action: 'stay' } },
  {
    name: 'below the threshold (not only at 0 %) in two successive probes: rotate to the most headroom',
    input: input({ history: [ok(9, 2), ok(8)] }),
    expected: { action: 'rotate', to: 'b' },
  },
  {
    name: 'exactly at the threshold is not below it',
    input: input({ history: [ok(10, 2), ok(10)] }),
    expected: { action: 'stay' },
  },
  {
    name: 'one low reading is not confirmed: stay',
    input: input({ history: [ok(50, 2), ok(5)] }),
    expected: { action: 'stay', reason: /not confirmed/ },
  },
  {
    name: 'a flapping probe (low, high, low) never confirms: stay',
    input: input({ history: [ok(5, 6), ok(70, 4), ok(5, 2), ok(70, 1), ok(5)] }),
    expected: { action: 'stay' },
  },
  {
    name: 'a failed probe alone never rotates',
    input: input({ history: [failed()] }),
    expected: { action: 'stay', reason: /failed probe never rotates/ },
  },
  {
    name: 'failed probes after low readings do not rotate: the latest word must be an answer',
    input: input({ history: [ok(5, 4), ok(4, 2), failed()] }),
    expected: { action: 'stay', reason: /failed/ },
  },
  {
    name: 'failed probes between low readings neither confirm nor break the confirmation',
    input: input({ history: [ok(5, 4), failed(2), ok(4)] }),
    expected: { action: 'rotate', to: 'b' },
  },
  {
    name: 'within the cooldown after a rotation: stay',
    input: input({ history: [ok(5, 2), ok(4)], lastRotationAt: NOW - 10 * MIN }),
    expected: { action: 'stay', reason: /cooling down/ },
  },
  {
    name: 'after the cooldown: rotate',
    input: input({ history: [ok(5, 2), ok(4)], lastRotationAt: NOW - 31 * MIN }),
    expected: { action: 'rotate', to: 'b' },
  },
  {
    name: 'a worker stopped by limit_reached rotates at once (no confirmation, no cooldown)',
    input: input({ history: [ok(50)], limitReached: true, lastRotationAt: NOW - MIN }),
    expected: { action: 'rotate', to: 'b' },
  },
  {
    name: 'an exhausted candidate is never chosen, even when it is the only other',
    input: input({ history: [ok(5, 2), ok(4)], candidates: [candidate('b', ok(0, 0, 30))] }),
    expected: { action: 'wait', until: NOW + 30 * MIN },
  },
  {
    name: 'an unknown candidate is never chosen (unknown is not full)',
    input: input({ history: [ok(5, 2), ok(4, 0, 90)], candidates: [candidate('b', failed())] }),
    expected: { action: 'wait', until: NOW + 90 * MIN },
  },
  {
    name: 'hysteresis: a candidate at threshold + margin or below is not a target',
    input: input({ history: [ok(5, 2), ok(4)], candidates: [candidate('b', ok(15)), candidate('c', ok(16))] }),
    expected: { action: 'rotate', to: 'c' },
  },
  {
    name: 'hysteresis: the account just left, back at 12 %, is not rotated back onto',
    input: input({ current: 'b', history: [ok(6, 2), ok(5)], candidates: [candidate('a', ok(12)), candidate('c', ok(3))] }),
    expected: { action: 'wait', until: NOW + 120 * MIN },
  },
  {
    name: 'a paused account is never chosen',
    input: input({ history: [ok(5, 2), ok(4)], candidates: [candidate('b', ok(90), true), candidate('c', ok(60))] }),
    expected: { action: 'rotate', to: 'c' },
  },
  {
    name: 'the current account listed among the candidates is not a target',
    input: input({ history: [ok(5, 2), ok(4)], candidates: [candidate('a', ok(95)), candidate('c', ok(40))] }),
    expected: { action: 'rotate', to: 'c' },
  },
  {
    name: 'nothing to rotate to and no reset known: wait with no time',
    input: input({ history: [ok(5, 2, null), ok(4, 0, null)], candidates: [candidate('b', ok(2, 0, null))] }),
    expected: { action: 'wait', until: null },
  },
  {
    name: 'ties broken by name: the same probes always give the same choice',
    input: input({ history: [ok(5, 2), ok(4)], candidates: [candidate('z', ok(70)), candidate('m', ok(70))] }),
    expected: { action: 'rotate', to: 'm' },
  },
  {
    name: 'no current account: nothing to leave',
    input: input({ current: null, history: [ok(1)] }),
    expected: { action: 'stay' },
  },
  {
    name: 'with one confirmation, one low answered probe rotates',
    input: input({ history: [ok(9)], policy: { ...policy, confirmations: 1 } }),
    expected: { action: 'rotate', to: 'b' },
  },
];

function matches(decision: RotationDecision, expected: Expected): void {
  expect(decision.action).toBe(expected.action);
  if (expected.action === 'rotate' && decision.action === 'rotate') expect(decision.to).toBe(expected.to);
  if (expected.action === 'wait' && decision.action === 'wait') expect(decision.until).toBe(expected.until);
  if (expected.action === 'stay' && expected.reason) expect(decision.reason).toMatch(expected.reason);
}

describe('decideRotation', () => {
  it.each(cases)('$name', ({ input: given, expected }) => {
    matches(decideRotation(given), expected);
  });

  it('says where it goes and why', () => {
    const decision = decideRotation(input({ history: [ok(9, 2), ok(8)] }));
    expect(decision).toMatchObject({ action: 'rotate', from: 'a', to: 'b', toRemainingPercent: 80 });
    expect(decision.reason).toMatch(/8% left, below the 10% threshold/);
  });
});
