import type { Screen, ScreenState } from '@agentpool/core';
import { type Capture, loadCapture } from '@agentpool/test-utils';
import { createStreamRenderer } from '@agentpool/tmux-runtime';
import type { ConformanceScreen } from './conformance.js';

/** A point of a capture's stream (a byte offset): a recorded moment, a turn's start, a screen found by rendering, the end. */
export type StreamPoint = (capture: Capture) => number | Promise<number>;

/** Where the capture recorded tmux showing `state` (the `nth` time). */
export const moment =
  (state: string, nth = 0): StreamPoint =>
  (capture) => {
    const found = (capture.meta.moments ?? []).filter((entry) => entry.state === state)[nth];
    if (!found) throw new Error(`${capture.name} has no moment ${state} #${nth}`);
    return found.offset;
  };

/** The stream's size when turn `number` was sent: the screen then is the one the input went to. */
export const turnStart =
  (number: number): StreamPoint =>
  (capture) => {
    const turn = capture.meta.turns[number - 1];
    if (!turn) throw new Error(`${capture.name} has no turn ${number}`);
    return turn.offset;
  };

export const streamEnd: StreamPoint = (capture) => capture.bytes.length;

/** The first offset (rendering progressively, `step` bytes at a time) at which the screen passes `test`. */
export const firstScreenWhere =
  (test: (lines: readonly string[]) => boolean, step = 32): StreamPoint =>
  async (capture) => {
    const renderer = await createStreamRenderer({ cols: capture.meta.cols, rows: capture.meta.rows });
    try {
      for (let at = step; at < capture.bytes.length + step; at += step) {
        await renderer.feed(capture.bytes.subarray(renderer.consumed, Math.min(at, capture.bytes.length)));
        if (test(renderer.screen())) return renderer.position;
      }
    } finally {
      renderer.dispose();
    }
    throw new Error(`no screen of ${capture.name} passes ${String(test)}`);
  };

/** The screen the pane showed after `offset` bytes, as agentpool reads it (through the headless terminal). */
export async function screenAt(capture: Capture, offset: number): Promise<Screen> {
  const renderer = await createStreamRenderer({ cols: capture.meta.cols, rows: capture.meta.rows });
  try {
    await renderer.feed(capture.bytes.subarray(0, offset));
    return { lines: renderer.screen(), width: capture.meta.cols, height: capture.meta.rows };
  } finally {
    renderer.dispose();
  }
}

/** Whether a line is (a piece of) text the caller sent: such a line must never be evidence. */
export function isCallersText(line: string, sentTexts: readonly string[]): boolean {
  const words = line.replace(/\s+/g, ' ').trim();
  return words.length > 0 && sentTexts.some((text) => text.replace(/\s+/g, ' ').includes(words));
}

/** A conformance fixture: the screen of capture `name` at `point`, which must read `state` by `rule`. */
export function captureScreen(name: string, point: StreamPoint, state: ScreenState, rule: string): ConformanceScreen {
  const capture = loadCapture(name);
  return {
    name: `${name} (${rule})`,
    state,
    rule,
    sentTexts: capture.meta.turns.map((turn) => turn.sent),
    screen: async () => screenAt(capture, await point(capture)),
  };
}
