import { type Observation, type Screen, type ScreenState, withoutEcho } from '@agentpool/core';
import { expect } from 'vitest';

/** What a screen-rule test expects of one screen. */
export interface ScreenCase {
  /** The screen's fixture name. */
  readonly fixture: string;
  readonly state: ScreenState;
  readonly rule: string;
  /** The evidence lines, exactly or by pattern. */
  readonly evidence: readonly (string | RegExp)[];
  /** The caller's text on that screen (removed as echo before reading). */
  readonly sent?: readonly string[];
}

/**
 * Asserts that `classify` reads `screen` as `testCase` says: as agentpool reads it (the lines echoing
 * the caller's text removed first), in its state by its rule, with its evidence lines in order, and
 * none of them the caller's text.
 */
export function expectScreenCase(classify: (screen: Screen) => Observation, screen: Screen, testCase: ScreenCase): void {
  const sent = testCase.sent ?? [];
  const observation = classify({ ...screen, lines: withoutEcho(screen.lines, sent) });
  expect({ state: observation.state, rule: observation.rule }).toEqual({ state: testCase.state, rule: testCase.rule });
  expect(observation.evidence.length).toBe(testCase.evidence.length);
  testCase.evidence.forEach((expected, index) => {
    const line = observation.evidence[index] ?? '';
    if (typeof expected === 'string') expect(line).toBe(expected);
    else expect(line).toMatch(expected);
  });
  for (const line of observation.evidence) for (const text of sent) expect(text.includes(line)).toBe(false);
}
