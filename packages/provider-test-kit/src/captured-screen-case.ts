import type { ScreenState } from '@agentpool/core';
import { expect } from 'vitest';
import type { StreamPoint } from './capture-screens.js';

/** What a screen-rule test expects of the screen at one point of a real CLI's capture. */
export interface CapturedScreenCase {
  /** The capture's name (`packages/test-utils/captures`). */
  readonly capture: string;
  /** Where in the stream the screen is read. */
  readonly at: string;
  readonly point: StreamPoint;
  readonly state: ScreenState;
  readonly rule: string;
  /** The evidence lines, exactly or by pattern, in order. */
  readonly evidence: readonly (string | RegExp)[];
  readonly startupPrompt?: { readonly kind: string; readonly acceptKeys?: readonly string[] };
}

/** The case's evidence as `toMatchObject` takes it: a string as it is, a pattern as `expect.stringMatching`. */
export const evidenceMatchers = (evidence: CapturedScreenCase['evidence']): unknown[] =>
  evidence.map((line) => (typeof line === 'string' ? line : expect.stringMatching(line)));
