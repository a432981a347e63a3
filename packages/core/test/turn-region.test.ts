import { describe, expect, it } from 'vitest';
import { turnRegion, turnResultBlock } from '../src/turn-region.js';

/** A result block as a worker prints it (indented as Claude Code and Codex draw a reply). */
const block = (summary: string) => [
  '  AGENTPOOL_RESULT_START',
  `  Summary: ${summary}`,
  '  Findings: none',
  '  Files changed: none',
  '  Commands run: none',
  '  Tests run: none',
  '  Blockers: none',
  '  Confidence: high',
  '  AGENTPOOL_RESULT_END',
];
/** An input box and footer, as a full-screen program redraws them in place. */
const box = (input = '') => ['────────', `❯ ${input}`.trimEnd(), '────────', '  ? for shortcuts'];

describe('turnRegion', () => {
  it.each([
    { name: 'nothing changed', before: ['a', 'b'], after: ['a', 'b'], start: 2, lines: [] },
    { name: 'lines added below', before: ['a', 'b'], after: ['a', 'b', 'c'], start: 2, lines: ['c'] },
    {
      name: 'the input box redrawn in place: the turn begins where it was',
      before: ['a', ...box()],
      after: ['a', '❯ hi', '● reply', ...box()],
      start: 1,
      lines: ['❯ hi', '● reply', ...box()],
    },
    { name: 'everything changed (a cleared screen)', before: ['a', 'b'], after: ['x'], start: 0, lines: ['x'] },
    { name: 'lines removed at the end', before: ['a', 'b', 'c'], after: ['a', 'b'], start: 2, lines: [] },
    { name: 'no lines at the turn’s start', before: [], after: ['a'], start: 0, lines: ['a'] },
  ])('$name', ({ before, after, start, lines }) => {
    expect(turnRegion(before, after)).toEqual({ start, lines });
  });
});

describe('turnResultBlock', () => {
  const earlier = ['❯ first task', '', '● Done.', '', ...block('first turn'), ''];

  it.each([
    {
      name: 'no block yet: null',
      before: [...earlier, ...box()],
      after: [...earlier, '❯ second task', '', '✻ Working…', ...box()],
      summary: null,
    },
    {
      name: 'the earlier turn’s block still on screen, at the same place: not this turn’s',
      before: [...earlier, ...box()],
      after: [...earlier, '❯ second task', '', '● Thinking about it', ...box()],
      summary: null,
    },
    {
      name: 'a block of this turn below the earlier one: this turn’s',
      before: [...earlier, ...box()],
      after: [...earlier, '❯ second task', '', '● Done again.', '', ...block('second turn'), '', ...box()],
      summary: 'second turn',
    },
    {
      name: 'this turn’s block with the same text as the earlier one still counts (a new place)',
      before: [...earlier, ...box()],
      after: [...earlier, '❯ again', '', ...block('first turn'), '', ...box()],
      summary: 'first turn',
    },
    {
      name: 'a block still being drawn: null until its end marker',
      before: [...earlier, ...box()],
      after: [...earlier, '❯ second task', '', ...block('second turn').slice(0, 4), ...box()],
      summary: null,
    },
    {
      name: 'the last of several blocks of this turn',
      before: [...box()],
      after: ['❯ task', ...block('draft'), '● Corrected:', ...block('final'), ...box()],
      summary: 'final',
    },
    {
      name: 'a redrawn screen with a different block where the earlier one stood: this turn’s',
      before: [...earlier, ...box()],
      after: ['❯ first task', '', '● Done.', '', ...block('rewritten'), '', ...box()],
      summary: 'rewritten',
    },
    {
      name: 'the earlier turn’s block finishing after this turn began (input sent while it was drawn): not this turn’s',
      before: ['❯ first task', '', '● Done.', '', ...block('first turn').slice(0, 3), '', ...box()],
      after: ['❯ first task', '', '● Done.', '', ...block('first turn'), '', '❯ second task', '', '✻ Working…', ...box()],
      summary: null,
    },
    {
      name: 'the earlier turn’s late block, then this turn’s own: this turn’s',
      before: ['❯ first task', '', ...block('first turn').slice(0, 3), ...box()],
      after: ['❯ first task', '', ...block('first turn'), '❯ second task', ...block('second turn'), ...box()],
      summary: 'second turn',
    },
  ])('$name', ({ before, after, summary }) => {
    const found = turnResultBlock(before, after);
    if (summary === null) expect(found).toBeNull();
    else expect(found?.sections.Summary).toBe(summary);
  });

  describe('a turn that continues a resumed conversation (redrawsConversation)', () => {
    // A resumed CLI shows the conversation it continues; once the turn starts it may draw it all
    // again, a few lines lower (a header drawn above it), as Claude Code 2.1.197 after --resume.
    const header = ['╭─── Claude Code ───╮', '╰───────────────────╯'];
    const resumedScreen = [...header, ...earlier, ...box()];
    const redrawn = [...header, ...header, ...earlier, '❯ what was it?', '', '✻ Working…', ...box()];

    it('the earlier block drawn again at another place is not this turn’s', () => {
      expect(turnResultBlock(resumedScreen, redrawn)?.sections.Summary).toBe('first turn');
      expect(turnResultBlock(resumedScreen, redrawn, { redrawsConversation: true })).toBeNull();
    });

    it('its own block, below the redrawn conversation, is', () => {
      const answered = [...header, ...header, ...earlier, '❯ what was it?', '', '● It was X.', ...block('recalled'), ...box()];
      expect(turnResultBlock(resumedScreen, answered, { redrawsConversation: true })?.sections.Summary).toBe('recalled');
    });
  });

  it('says where the block stands in the lines', () => {
    const after = ['❯ task', '', ...block('located'), ...box()];
    expect(turnResultBlock(box(), after)).toMatchObject({
      startLine: 2,
      endLine: 10,
      sections: { Summary: 'located', Confidence: 'high' },
    });
  });
});
