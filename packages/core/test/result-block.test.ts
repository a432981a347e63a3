import { describe, expect, it } from 'vitest';
import {
  extractResultBlock,
  findResultBlocks,
  RESULT_END,
  RESULT_SECTIONS,
  RESULT_START,
  resultProtocolInstructions,
} from '../src/result-block.js';

const DELIVERED = [
  '• Ran pnpm test: 12 passed.',
  '',
  RESULT_START,
  'Summary: The build uses tsup via turbo.',
  'Findings: one script is unused',
  'Files changed: none',
  'Commands run: pnpm build',
  'Tests run: pnpm test',
  'Blockers: none',
  'Confidence: high',
  RESULT_END,
  '',
  '› ',
].join('\n');

describe('extractResultBlock', () => {
  it('extracts a block and parses its sections', () => {
    const block = extractResultBlock(DELIVERED);
    expect(block).not.toBeNull();
    expect(block?.sections).toEqual({
      Summary: 'The build uses tsup via turbo.',
      Findings: 'one script is unused',
      'Files changed': 'none',
      'Commands run': 'pnpm build',
      'Tests run': 'pnpm test',
      Blockers: 'none',
      Confidence: 'high',
    });
    expect(block?.text.startsWith('Summary: The build uses tsup via turbo.')).toBe(true);
    expect(block?.text.endsWith('Confidence: high')).toBe(true);
    expect(extractResultBlock(DELIVERED) !== null).toBe(true);
  });

  it('removes TUI decoration and joins continuation lines into their section', () => {
    const output = [
      '╭────────────────────────────────────╮',
      `│ ● ${RESULT_START}                │`,
      '│ Summary: Fixed the flaky test.     │',
      '│ Findings: the timer was real       │',
      '│   and not faked                    │',
      '│ files changed: src/timer.ts        │',
      `│ ${RESULT_END}                  │`,
      '╰────────────────────────────────────╯',
    ].join('\n');
    const block = extractResultBlock(output);
    expect(block?.text).toBe('Summary: Fixed the flaky test.\nFindings: the timer was real\nand not faked\nfiles changed: src/timer.ts');
    expect(block?.text).not.toContain('│');
    expect(block?.sections).toEqual({
      Summary: 'Fixed the flaky test.',
      Findings: 'the timer was real\nand not faked',
      'Files changed': 'src/timer.ts',
    });
  });

  it('reads plain text with CRLF line ends (a final reply from a native signal)', () => {
    const output = [RESULT_START, 'Summary: all green', 'Blockers: none', RESULT_END, ''].join('\r\n');
    expect(extractResultBlock(output)).toEqual({
      text: 'Summary: all green\nBlockers: none',
      sections: { Summary: 'all green', Blockers: 'none' },
    });
  });

  it('locates every block in rendered lines, oldest first, with its marker lines', () => {
    const lines = [
      '❯ first',
      RESULT_START,
      'Summary: one',
      RESULT_END,
      '',
      '❯ second',
      `  ${RESULT_START}`,
      '  Summary: two',
      `  ${RESULT_END}`,
    ];
    expect(findResultBlocks(lines)).toEqual([
      { text: 'Summary: one', sections: { Summary: 'one' }, startLine: 1, endLine: 3 },
      { text: 'Summary: two', sections: { Summary: 'two' }, startLine: 6, endLine: 8 },
    ]);
  });

  it('a START that never ends does not swallow a later complete block', () => {
    const lines = [RESULT_START, 'Summary: abandoned', RESULT_START, 'Summary: kept', RESULT_END];
    expect(findResultBlocks(lines).map((block) => block.sections.Summary)).toEqual(['kept']);
  });

  it('returns the last complete block', () => {
    const output = [RESULT_START, 'Summary: first turn', RESULT_END, 'more work', RESULT_START, 'Summary: second turn', RESULT_END].join(
      '\n',
    );
    expect(extractResultBlock(output)?.sections['Summary']).toBe('second turn');
  });

  it.each([
    ['a START without END', [RESULT_START, 'Summary: still writing'].join('\n')],
    ['an END without START', ['Summary: x', RESULT_END].join('\n')],
    ['END before START', [RESULT_END, 'Summary: x', RESULT_START].join('\n')],
    ['no markers', 'Summary: looks like a result but is not'],
    ['empty output', ''],
    ['markers with text on the same line', `Done ${RESULT_START}\nSummary: x\n${RESULT_END} done`],
    ['markers followed by punctuation', `${RESULT_START},\nSummary: x\n${RESULT_END}.`],
  ])('returns null for %s', (_name, output) => {
    expect(extractResultBlock(output)).toBeNull();
    expect(findResultBlocks(output.split('\n'))).toEqual([]);
  });

  it('an empty block is still a delivered block', () => {
    expect(extractResultBlock(`${RESULT_START}\n${RESULT_END}`)).toEqual({ text: '', sections: {} });
  });
});

describe('resultProtocolInstructions', () => {
  const instructions = resultProtocolInstructions();

  it('names both markers and every section', () => {
    expect(instructions).toContain(RESULT_START);
    expect(instructions).toContain(RESULT_END);
    for (const section of RESULT_SECTIONS) expect(instructions).toContain(`"${section}:"`);
  });

  it('is not itself a result block', () => {
    expect(extractResultBlock(instructions)).toBeNull();
  });

  // An echoed prompt must never look like a delivered result, however the terminal wraps it.
  it('an echoed prompt is never read as a result at any terminal width, wrapped by character or by word', () => {
    for (const task of ['', 'Fix it. ', 'Inspect the repository and summarise the build. ']) {
      const prompt = `${task}${instructions}`;
      for (let width = 10; width <= 250; width++) {
        const hard = prompt.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
        const soft = wrapWords(prompt, width);
        for (const lines of [hard, soft]) {
          expect(findResultBlocks(lines)).toEqual([]);
          expect(findResultBlocks(lines.map((line, index) => `${index === 0 ? '› ' : '  '}${line}`))).toEqual([]);
          expect(findResultBlocks(lines.map((line) => `│ ${line.padEnd(width)} │`))).toEqual([]);
        }
      }
    }
  });

  it('a real block after the echoed prompt is still found', () => {
    const output = `› ${instructions}\n\n${RESULT_START}\nSummary: done\n${RESULT_END}\n`;
    expect(extractResultBlock(output)?.sections).toEqual({ Summary: 'done' });
  });
});

function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}
