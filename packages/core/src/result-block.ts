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

/** A result block found in a list of lines, with where it stands. */
export interface LocatedResultBlock extends ResultBlock {
  /** Index of the START marker line. */
  readonly startLine: number;
  /** Index of the END marker line. */
  readonly endLine: number;
}

/**
 * Every complete result block in rendered lines (what a terminal shows, never raw bytes), oldest
 * first. A marker counts only alone on its line (decoration such as box edges aside), so a
 * sentence that names the markers, like the protocol instructions, never forms a block.
 */
export function findResultBlocks(lines: readonly string[]): LocatedResultBlock[] {
  const blocks: LocatedResultBlock[] = [];
  let start = -1;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (START_LINE.test(line)) start = index;
    else if (END_LINE.test(line) && start >= 0) {
      const body = lines.slice(start + 1, index).map((bodyLine) => bodyLine.replace(/^[\s│┃|]*/, '').replace(/[\s│┃|]+$/, ''));
      blocks.push({ text: body.join('\n').trim(), sections: parseSections(body), startLine: start, endLine: index });
      start = -1;
    }
  }
  return blocks;
}

/** The last complete result block in plain text (a rendered transcript, or a worker's final reply), or null. */
export function extractResultBlock(text: string): ResultBlock | null {
  const blocks = findResultBlocks(text.split(/\r?\n/));
  const last = blocks[blocks.length - 1];
  return last ? { text: last.text, sections: last.sections } : null;
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
