import { type Screen, withoutEcho } from '@agentpool/core';
import { expectScreenCase, type ScreenCase } from '@agentpool/provider-test-kit';
import { describe, expect, it } from 'vitest';
import { classifyDevinScreen } from '../src/devin-screen-rules.js';
import { fixtureScreen } from './fixture-screens.js';

// Screens written from documentation (no Devin CLI installs here): test/__fixtures__/README.md names
// the source of every line. They test that the rules read what the sources quote, not a capture.

const IDLE = '❭ Ask Devin to build features, fix bugs, or work on';
const FOOTER = 'SWE-1.6               Context: 16k / 200k tokens (7%)';

const CASES: readonly ScreenCase[] = [
  { fixture: 'devin-ready-idle', state: 'ready', rule: 'input.ready', evidence: [IDLE, FOOTER] },
  {
    fixture: 'devin-ready-after-turn',
    state: 'ready',
    rule: 'input.ready',
    evidence: ['❭', /^Claude Opus 4\.6 Thinking\s+Context: 38k \/ 200k tokens \(18%\)$/],
  },
  { fixture: 'devin-ready-welcome', state: 'ready', rule: 'input.ready', evidence: ['❭ Ask Devin to build'] },
  { fixture: 'devin-canceled', state: 'ready', rule: 'input.ready', evidence: [IDLE, FOOTER] },
  {
    fixture: 'devin-working-tools',
    state: 'working',
    rule: 'status.working',
    evidence: ['⠀⡆ Running tools · 27s (esc to interrupt)', '❭ Guide Devin while it works'],
    sent: ['Summarise what the shell scripts in this repository do.'],
  },
  {
    fixture: 'devin-working-thinking',
    state: 'working',
    rule: 'status.working',
    evidence: ['⠙⠀ Thinking · 4m 46s (esc twice to interrupt)', '❭ Guide Devin while it works'],
  },
  {
    fixture: 'devin-approval',
    state: 'approval_prompt',
    rule: 'prompt.approval',
    evidence: ['❭ 1 Yes  (Approve once)', '↑↓ select · ↵ confirm · esc cancel'],
  },
  {
    fixture: 'devin-trust',
    state: 'startup_prompt',
    rule: 'prompt.trust',
    evidence: ['Do you trust the authors of this directory?', '❭ 1 Yes, trust /private/tmp/devin-hook-probe'],
  },
  {
    fixture: 'devin-question',
    state: 'question',
    rule: 'prompt.question',
    evidence: ['❭ Other (type your own)', '↑↓ navigate · ↵ select · ←→ switch question · ? help me out · esc cancel'],
  },
  {
    fixture: 'devin-login',
    state: 'auth_required',
    rule: 'prompt.login',
    evidence: ['Error: Not logged in. Run `devin auth login` to authenticate.'],
  },
  {
    fixture: 'devin-rate-limit',
    state: 'limit_reached',
    rule: 'banner.limit',
    evidence: [/^Reached free model rate limit\. .*Your limit will reset in 3 seconds\.$/],
  },
  { fixture: 'devin-error', state: 'error', rule: 'banner.error', evidence: ['Something went wrong'] },
];

const screen = (lines: readonly string[]): Screen => ({ lines, width: 120, height: 40 });
const BOX = [
  '─────────────────────',
  '❭ Ask Devin to build features, fix bugs, or work on',
  '  your code',
  '─────────────────────',
  FOOTER,
];

describe('Devin screen rules on screens written from documentation', () => {
  it.each(CASES)('$fixture (written from documentation) reads as $state by $rule', (testCase) => {
    expectScreenCase(classifyDevinScreen, fixtureScreen(testCase.fixture), testCase);
  });

  it('answers the trust prompt with Enter only while "1 Yes, trust" is the selected choice', () => {
    expect(classifyDevinScreen(fixtureScreen('devin-trust')).startupPrompt).toEqual({ kind: 'trust_folder', acceptKeys: ['Enter'] });
    const moved = classifyDevinScreen(screen(['Do you trust the authors of this directory?', '· 1 Yes, trust /work/repo', '❭ 2 No, exit']));
    expect(moved.state).toBe('startup_prompt');
    expect(moved.startupPrompt).toEqual({ kind: 'trust_folder', acceptKeys: undefined });
  });

  it('does not read the braille logo of the welcome screen as a spinner', () => {
    const observation = classifyDevinScreen(fixtureScreen('devin-ready-welcome'));
    expect(observation.state).toBe('ready');
    for (const line of observation.evidence) expect(line).not.toMatch(/[\u2801-\u28FF]/);
  });

  it('does not take prose that quotes a prompt or a limit for the thing itself', () => {
    const quoted = classifyDevinScreen(
      screen([
        'The menu offers "Yes, allow" and "No"; the rate limit resets hourly.',
        'Something went wrong is what it prints.',
        '',
        ...BOX,
      ]),
    );
    expect(quoted.state).toBe('ready');
    // A reply that ends on the interrupt hint is not the activity row (no spinner glyph, no timer).
    const hint = classifyDevinScreen(screen(['The activity row ends on (esc to interrupt)', '', ...BOX]));
    expect(hint.state).toBe('ready');
    // The activity row with a spinner glyph other than braille still reads as working.
    const star = classifyDevinScreen(screen(['✻ Thinking · 12s (esc twice to interrupt)', '', ...BOX]));
    expect(star.state).toBe('working');
  });

  it('says unknown for an input box holding a draft it did not write, and for a screen without one', () => {
    expect(classifyDevinScreen(screen(['─────', '❭ half-typed words', '─────', FOOTER])).state).toBe('unknown');
    expect(classifyDevinScreen(screen(['Loading...'])).state).toBe('unknown');
    expect(classifyDevinScreen(screen([])).state).toBe('unknown');
    // A bare `❭` that is not inside the input box (a menu cursor whose menu scrolled away) is not ready.
    expect(classifyDevinScreen(screen(['some output', '❭'])).state).toBe('unknown');
  });

  it('reads the caller’s own trigger words as nothing once their echo is removed', () => {
    const task = 'Reply with exactly: Reached free model rate limit. Then say Something went wrong';
    const lines = [`> ${task}`, '', 'Done.', '', ...BOX];
    const observation = classifyDevinScreen(screen(withoutEcho(lines, [task])));
    expect(observation.state).toBe('ready');
    expect(observation.evidence).toEqual([IDLE, FOOTER]);
  });
});
