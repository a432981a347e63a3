import { fileStat } from './session-files.js';

/** Never press submit sooner than this after a paste. */
const MIN_WAIT_MS = 40;
/** Output quiet this long after the program began redrawing means it has taken the paste in. */
const QUIET_MS = 60;
/** A program that shows no reaction this long is given its submit key anyway (it may not echo). */
const NO_REACTION_MS = 500;
/** The longest a paste is waited for, however busy the program's screen stays. */
const MAX_WAIT_MS = 2000;
const POLL_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits after a paste until the program has taken it in, read from its output stream (`streamPath`,
 * `offsetBefore` its size before the paste): it has begun redrawing and then drawn nothing for a
 * moment. A fixed pause is too short on a loaded machine: Claude Code, still reading the paste,
 * drops the Enter, and Gemini CLI reads an Enter within 40 ms of a paste as a newline. Returns how
 * long it waited.
 */
export async function waitForPasteTakenIn(streamPath: string, offsetBefore: number, now: () => number = Date.now): Promise<number> {
  const started = now();
  let size = offsetBefore;
  let changedAt: number | null = null;
  for (;;) {
    await sleep(POLL_MS);
    const elapsed = now() - started;
    const current = fileStat(streamPath)?.size ?? size;
    if (current !== size) {
      size = current;
      changedAt = now();
    }
    if (elapsed < MIN_WAIT_MS) continue;
    if (changedAt === null ? elapsed >= NO_REACTION_MS : now() - changedAt >= QUIET_MS) return elapsed;
    if (elapsed >= MAX_WAIT_MS) return elapsed;
  }
}
