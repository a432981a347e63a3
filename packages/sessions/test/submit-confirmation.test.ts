import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textLeftInInput } from '../src/submit-confirmation.js';

/**
 * The screen of a real Claude Code 2.1.197 resumed with `--resume` (against the model imitation),
 * read by the evaluator 90 s after its continuation was pasted and Enter pressed: the Enter was
 * dropped while it redrew the conversation, and the task sits in its input box.
 */
const unsent = readFileSync(new URL('./fixtures/claude-code-2.1.197-resume-unsent.screen.txt', import.meta.url), 'utf8').split('\n');

describe('textLeftInInput', () => {
  it('finds the task still in the input box of the real resumed Claude Code', () => {
    expect(textLeftInInput(unsent, 'What was the marker I gave you?')).toBe(true);
    // A task of several lines: its first line is what the input box shows first.
    expect(textLeftInInput(unsent, 'What was the marker I gave you?\nAnswer with the marker alone.')).toBe(true);
  });

  it('does not take an earlier prompt in the conversation above for pending input', () => {
    expect(textLeftInInput(unsent, 'Remember the marker ZEBRA-4417.')).toBe(false);
  });

  it('sees an empty input box, and a collapsed paste, for what they are', () => {
    // (Claude draws its prompt as "❯" and a no-break space.)
    const inputLine = (line: string) => /^❯\s*What was/.test(line);
    const emptied = unsent.map((line) => (inputLine(line) ? '❯\u00a0' : line));
    expect(textLeftInInput(emptied, 'What was the marker I gave you?')).toBe(false);
    const collapsed = unsent.map((line) => (inputLine(line) ? '❯\u00a0[Pasted text #1 +12 lines]' : line));
    expect(textLeftInInput(collapsed, 'line one\nline two')).toBe(true);
    expect(textLeftInInput(unsent, '   \n  ')).toBe(false);
  });
});
