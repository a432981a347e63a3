import { readFileSync } from 'node:fs';
import { type Screen, type ScreenState, screenLines } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { classifyFakeScreen } from '../src/fake-screen-rules.js';

// The task the fixtures were captured with (scripts/capture-fixtures.mjs): words that must never count as evidence.
const TRICKY_TASK =
  'Why is the build failing? Find the exception and the error in the logs, note when the usage limit resets, and ignore any ◆ Question: or ✗ Error: text you see.';

function fixture(name: string): Screen {
  const text = readFileSync(new URL(`./__fixtures__/${name}.txt`, import.meta.url), 'utf8');
  return { lines: screenLines(text), width: 120, height: 40 };
}

function withLines(screen: Screen, lines: readonly string[]): Screen {
  return { ...screen, lines };
}

interface Case {
  readonly fixture: string;
  readonly sent: readonly string[];
  readonly state: ScreenState;
  readonly rule: string;
  readonly evidence: readonly string[];
}

const CASES: readonly Case[] = [
  {
    fixture: 'question-working',
    sent: [TRICKY_TASK],
    state: 'working',
    rule: 'footer.working',
    evidence: ['⠋ Working… (esc to interrupt)'],
  },
  {
    fixture: 'question-question',
    sent: [TRICKY_TASK],
    state: 'question',
    rule: 'footer.question',
    evidence: ['◆ Question: Which directory should I inspect first?', 'reply to continue'],
  },
  {
    fixture: 'question-question-typing',
    sent: [TRICKY_TASK],
    state: 'question',
    rule: 'footer.question',
    evidence: ['◆ Question: Which directory should I inspect first?', 'reply to continue'],
  },
  { fixture: 'question-ready', sent: [TRICKY_TASK, 'src/'], state: 'ready', rule: 'footer.ready', evidence: ['›'] },
  {
    fixture: 'approval-approval_prompt',
    sent: ['Clean the build folder.'],
    state: 'approval_prompt',
    rule: 'footer.approval',
    evidence: ['? Allow command: rm -rf ./build [y/n]'],
  },
  { fixture: 'completed-ready', sent: [TRICKY_TASK], state: 'ready', rule: 'footer.ready', evidence: ['›'] },
  {
    fixture: 'completed-ready-typing',
    sent: ['Summarise the repository.'],
    state: 'ready',
    rule: 'footer.ready',
    evidence: ['› is there an error? when does the usage limit reset? (esc to interrupt)'],
  },
  { fixture: 'completed-ready-interrupted', sent: [TRICKY_TASK], state: 'ready', rule: 'footer.ready', evidence: ['›'] },
  { fixture: 'completed-ready-empty', sent: [], state: 'ready', rule: 'footer.ready', evidence: ['›'] },
  { fixture: 'idle-ready', sent: [TRICKY_TASK], state: 'ready', rule: 'footer.ready', evidence: ['›'] },
  {
    fixture: 'error-error',
    sent: [TRICKY_TASK],
    state: 'error',
    rule: 'footer.error',
    evidence: ['✗ Error: upstream model API returned 500 (request failed)'],
  },
  {
    fixture: 'limit-limit_reached',
    sent: [TRICKY_TASK],
    state: 'limit_reached',
    rule: 'footer.limit',
    evidence: ['⚠ Usage limit reached. Try again at 3:05 PM.'],
  },
  {
    fixture: 'slow-working',
    sent: ['Stream some output.'],
    state: 'working',
    rule: 'footer.working',
    evidence: ['⠴ Working… (esc to interrupt)'],
  },
  { fixture: 'crash-unknown', sent: ['Crash, please.'], state: 'unknown', rule: 'footer.missing', evidence: [] },
];

describe('classifyFakeScreen on screens captured from fake-agent in tmux', () => {
  it.each(CASES)('$fixture → $state', ({ fixture: name, sent, state, rule, evidence }) => {
    const observation = classifyFakeScreen(fixture(name), { sentTexts: sent });
    expect(observation).toEqual({ state, confidence: state === 'unknown' ? 0 : 0.95, evidence, rule });
  });

  it.each(CASES)('$fixture → $state without echo removal too', ({ fixture: name, state }) => {
    expect(classifyFakeScreen(fixture(name), { sentTexts: [] }).state).toBe(state);
  });
});

describe('classifyFakeScreen never reads the log', () => {
  it('keeps a task about questions, exceptions, errors and usage limit resets on screen as working, then ready', () => {
    for (const name of ['question-working', 'completed-ready', 'idle-ready', 'completed-ready-interrupted']) {
      const screen = fixture(name);
      expect(screen.lines.some((line) => line.includes('usage limit resets') && line.includes('exception') && line.includes('?'))).toBe(
        true,
      );
      expect(['working', 'ready']).toContain(classifyFakeScreen(screen, { sentTexts: [] }).state);
    }
  });

  it('ignores state markers printed above the rule', () => {
    const screen = fixture('completed-ready');
    const rule = screen.lines.findIndex((line) => line.startsWith('────'));
    const quoted = [
      '◆ Question: Which directory should I inspect first?',
      '? Allow command: rm -rf ./build [y/n]',
      '⚠ Usage limit reached. Try again at 3:05 PM.',
      '✗ Error: upstream model API returned 500 (request failed)',
      '⠋ Working… (esc to interrupt)',
    ];
    const lines = [...screen.lines.slice(0, rule), ...quoted, ...screen.lines.slice(rule)];
    expect(classifyFakeScreen(withLines(screen, lines), { sentTexts: [] })).toMatchObject({ state: 'ready', rule: 'footer.ready' });
  });

  it('does not read the input buffer as status, even when it looks like one', () => {
    const screen = fixture('completed-ready-empty');
    const lines = [
      ...screen.lines.slice(0, -1),
      '› ✗ Error: is this a question?',
      '┊ ◆ Question: usage limit resets',
      '┊ ⚠ Usage limit reached',
    ];
    expect(classifyFakeScreen(withLines(screen, lines), { sentTexts: [] }).state).toBe('ready');
  });

  it('reads the status when the caller has already removed its pasted, unsent follow-up from the input line', () => {
    const screen = fixture('question-working');
    const followUp = 'Also look at the error handler when you are done, please.';
    const lines = [...screen.lines.slice(0, -1), `› ${followUp}`];
    expect(classifyFakeScreen(withLines(screen, lines), { sentTexts: [TRICKY_TASK, followUp] })).toMatchObject({ state: 'working' });
  });
});

describe('classifyFakeScreen without a recognisable footer', () => {
  it('is unknown on an empty screen', () => {
    expect(classifyFakeScreen({ lines: [], width: 120, height: 40 }, { sentTexts: [] })).toEqual({
      state: 'unknown',
      confidence: 0,
      evidence: [],
      rule: 'footer.missing',
    });
  });

  it('is unknown while only the header is drawn', () => {
    const lines = ['╭─ fake-agent · question ───╮', '│ cwd: /tmp/x', '╰────╯'];
    expect(classifyFakeScreen({ lines, width: 120, height: 40 }, { sentTexts: [] }).state).toBe('unknown');
  });

  it('is unknown when the footer holds a status line it does not know', () => {
    const lines = ['─'.repeat(40), '⏵ Thinking very hard', '›'];
    expect(classifyFakeScreen({ lines, width: 120, height: 40 }, { sentTexts: [] })).toMatchObject({
      state: 'unknown',
      evidence: ['⏵ Thinking very hard'],
      rule: 'footer.unrecognised',
    });
  });
});
