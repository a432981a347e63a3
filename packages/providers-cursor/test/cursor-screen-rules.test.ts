import { type Screen, withoutEcho } from '@agentpool/core';
import { expectScreenCase, type ScreenCase } from '@agentpool/provider-test-kit';
import { describe, expect, it } from 'vitest';
import { classifyCursorScreen } from '../src/cursor-screen-rules.js';
import { fixtureScreen } from './fixture-screens.js';

// Screens written from documentation (no Cursor CLI installs here): test/__fixtures__/README.md names
// the source of every line. They test that the rules read what the sources quote, not a capture.

const CASES: readonly ScreenCase[] = [
  { fixture: 'cursor-ready-fresh', state: 'ready', rule: 'input.ready', evidence: ['→ Plan, search, build anything'] },
  {
    fixture: 'cursor-ready-follow-up',
    state: 'ready',
    rule: 'input.ready',
    evidence: ['→ Add a follow-up'],
    sent: ['Find where the task list renders its summary.'],
  },
  {
    fixture: 'cursor-working',
    state: 'working',
    rule: 'input.stop_hint',
    evidence: [/^→ Add a follow-up\s+ctrl\+c to stop$/],
    sent: ['Add a unit test for the parser and run this command when done: npm test'],
  },
  {
    fixture: 'cursor-approval-shell',
    state: 'approval_prompt',
    rule: 'prompt.approval',
    evidence: ['Run this command?', '→ Run (once) (y)', 'Skip (esc or n)'],
  },
  {
    fixture: 'cursor-approval-shell-2026-09',
    state: 'approval_prompt',
    rule: 'prompt.approval',
    evidence: ['Run this command?', '→ Run (once) (y)', 'Skip & tell the agent what to do instead (esc or n)'],
  },
  {
    fixture: 'cursor-trust',
    state: 'startup_prompt',
    rule: 'prompt.trust',
    evidence: ['Workspace Trust Required', 'Do you trust the contents of this directory?', '[a] Trust this workspace'],
  },
  { fixture: 'cursor-login', state: 'auth_required', rule: 'prompt.login', evidence: ['Press any key to sign in...'] },
  {
    fixture: 'cursor-usage-limit',
    state: 'limit_reached',
    rule: 'banner.limit',
    evidence: ["Error: You've hit your usage limit"],
    sent: ['Summarise the open pull requests.'],
  },
  {
    fixture: 'cursor-model-refused',
    state: 'error',
    rule: 'banner.model_refused',
    evidence: [/^Cannot use this model: no-such-model\./],
  },
  { fixture: 'cursor-decision', state: 'question', rule: 'prompt.decision', evidence: ['Waiting for decision (y/n/p)'] },
];

const screen = (lines: readonly string[]): Screen => ({ lines, width: 120, height: 40 });

describe('Cursor screen rules on screens written from documentation', () => {
  it.each(CASES)('$fixture (written from documentation) reads as $state by $rule', (testCase) => {
    expectScreenCase(classifyCursorScreen, fixtureScreen(testCase.fixture), testCase);
  });

  it('answers the trust prompt with `a` only where the screen offers "[a] Trust this workspace"', () => {
    expect(classifyCursorScreen(fixtureScreen('cursor-trust')).startupPrompt).toEqual({ kind: 'trust_folder', acceptKeys: ['a'] });
    const menu = classifyCursorScreen(screen(['Workspace Trust Required', 'Do you trust the contents of this directory?', '/work/repo']));
    expect(menu.state).toBe('startup_prompt');
    expect(menu.startupPrompt).toEqual({ kind: 'trust_folder', acceptKeys: undefined });
  });

  it('reads a write approval by its documented strings (Herdr cursor manifest: "Write to this file?", "Proceed (y)")', () => {
    const observation = classifyCursorScreen(
      screen(['Write to this file?', 'src/parser.ts', '→ Proceed (y) (enter)', 'Reject & propose changes (esc or n or p)']),
    );
    expect(observation.state).toBe('approval_prompt');
    expect(observation.evidence).toEqual(['Write to this file?', '→ Proceed (y) (enter)', 'Reject & propose changes (esc or n or p)']);
  });

  it('does not take prose that quotes a prompt for the prompt itself', () => {
    // The question without its answer rows, as a reply might quote it.
    const quoted = classifyCursorScreen(
      screen(['The docs say to answer:', 'Run this command?', 'then reboot.', '', '→ Add a follow-up', '', 'Auto']),
    );
    expect(quoted.state).toBe('ready');
    // A dev server's own "Press CTRL+C to stop" is not Cursor's lower-case "ctrl+c to stop".
    const server = classifyCursorScreen(
      screen(['Server listening on port 8080', 'Press CTRL+C to stop', '', '→ Add a follow-up', '', 'Auto']),
    );
    expect(server.state).toBe('ready');
    // The word "resets" or "limit" in a reply is not a usage limit.
    const prose = classifyCursorScreen(
      screen(['The rate limit resets hourly; the usage limit is 50.', '', '→ Add a follow-up', '', 'Auto']),
    );
    expect(prose.state).toBe('ready');
  });

  it('says unknown for an input line holding a draft it did not write, and for a screen without one', () => {
    expect(classifyCursorScreen(screen(['  Cursor Agent', '  → half-typed words', '', '  Auto'])).state).toBe('unknown');
    expect(classifyCursorScreen(screen(['Loading...'])).state).toBe('unknown');
    expect(classifyCursorScreen(screen([])).state).toBe('unknown');
  });

  it('reads the caller’s own trigger words as nothing once their echo is removed', () => {
    const task = "Reply with exactly: You've hit your usage limit. Then ask: Run this command?";
    const lines = ['  Cursor Agent', `  ${task}`, '', '  → Add a follow-up', '', '  Auto'];
    const observation = classifyCursorScreen(screen(withoutEcho(lines, [task])));
    expect(observation.state).toBe('ready');
    expect(observation.evidence).toEqual(['→ Add a follow-up']);
  });
});
