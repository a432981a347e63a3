import { terminalToText } from './terminal-text.js';

export const RESULT_START = 'AGENTPOOL_RESULT_START';
export const RESULT_END = 'AGENTPOOL_RESULT_END';
export const RESULT_SECTIONS = ['Summary', 'Findings', 'Files changed', 'Commands run', 'Tests run', 'Blockers', 'Confidence'] as const;

const START_LINE = new RegExp(`^[\\s│┃|>›❯•●*]*${RESULT_START}[\\s│┃|]*$`);
const END_LINE = new RegExp(`^[\\s│┃|>›❯•●*]*${RESULT_END}[\\s│┃|]*$`);

/**
 * The instructions appended to every initial prompt. The markers are only ever named inside a
 * sentence, so an echoed prompt can never look like a delivered result block.
 */
export function resultProtocolInstructions(): string {
  return [
    'When you have finished, end your final reply with a result block for the agent that delegated this task:',
    `a line containing only ${RESULT_START}, then one line for each of ${RESULT_SECTIONS.map((s) => `"${s}:"`).join(', ')},`,
    `then a line containing only ${RESULT_END}. Report what you did; write "none" where a section is empty.`,
  ].join(' ');
}

export interface ResultBlock {
  /** The block's text between the markers, decoration removed. */
  readonly text: string;
  /** Sections found by their headings (`Summary`, `Files changed`, …). */
  readonly sections: Readonly<Record<string, string>>;
}

/** Whether `text` (terminal output) contains a complete result block. */
export function hasResultBlock(text: string): boolean {
  return extractResultBlock(text) !== null;
}

/** The last complete result block in terminal output, or null when none was delivered. */
export function extractResultBlock(output: string): ResultBlock | null {
  const lines = terminalToText(output).split('\n');
  let end = -1;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (END_LINE.test(lines[index] ?? '')) {
      end = index;
      break;
    }
  }
  if (end < 0) return null;
  let start = -1;
  for (let index = end - 1; index >= 0; index--) {
    if (START_LINE.test(lines[index] ?? '')) {
      start = index;
      break;
    }
    if (END_LINE.test(lines[index] ?? '')) return null;
  }
  if (start < 0) return null;
  const body = lines.slice(start + 1, end).map((line) => line.replace(/^[\s│┃|]*/, '').replace(/[\s│┃|]+$/, ''));
  const text = body.join('\n').trim();
  return { text, sections: parseSections(body) };
}

function parseSections(lines: readonly string[]): Record<string, string> {
  const sections: Record<string, string> = {};
  let current: string | null = null;
  for (const line of lines) {
    const heading = RESULT_SECTIONS.find((name) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    if (heading) {
      current = heading;
      sections[heading] = line.slice(heading.length + 1).trim();
    } else if (current && line.trim()) {
      sections[current] = `${sections[current] ? `${sections[current]}\n` : ''}${line.trim()}`;
    }
  }
  return sections;
}
