import { randomBytes } from 'node:crypto';

const BEGIN = 'BEGIN_UNTRUSTED_WORKER_OUTPUT';
const END = 'END_UNTRUSTED_WORKER_OUTPUT';
/** A fence word anywhere in worker text, so a worker cannot print a line that looks like a fence. */
const FENCE_WORD = /(BEGIN|END)_UNTRUSTED_WORKER_OUTPUT/g;

/**
 * Fences worker text for one response: every block it fences in that response uses the same random
 * nonce, which the worker cannot know when it writes its output.
 */
export interface UntrustedFence {
  readonly nonce: string;
  /** The text between `BEGIN_…_<nonce>` and `END_…_<nonce>` lines, any fence word inside escaped. */
  wrap(text: string): string;
}

/** A fence word in worker text gets a marker inside it (`END[escaped]_UNTRUSTED_…`): it no longer reads as a fence. */
export function escapeFenceWords(text: string): string {
  return text.replace(FENCE_WORD, (_match, side: string) => `${side}[escaped]_UNTRUSTED_WORKER_OUTPUT`);
}

export function createUntrustedFence(nonce: string = randomBytes(8).toString('hex')): UntrustedFence {
  return {
    nonce,
    wrap: (text) => `${BEGIN}_${nonce}\n${escapeFenceWords(text)}\n${END}_${nonce}`,
  };
}
