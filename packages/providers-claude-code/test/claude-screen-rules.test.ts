import { type ScreenState, withoutEcho } from '@agentpool/core';
import { firstScreenWhere, isCallersText, moment, type StreamPoint, screenAt, streamEnd, turnStart } from '@agentpool/provider-test-kit';
import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { classifyClaudeScreen } from '../src/claude-screen-rules.js';

// Screens of Claude Code 2.1.197 rendered from real pane streams (packages/test-utils/captures, made
// with capture-real-cli.mjs and capture-real-cli-states.mjs against the model imitation).

interface Case {
  readonly capture: string;
  /** Where in the stream the screen is read. */
  readonly at: string;
  readonly point: StreamPoint;
  readonly state: ScreenState;
  readonly rule: string;
  /** The evidence lines, exactly or by pattern. */
  readonly evidence: readonly (string | RegExp)[];
}

const READY_FOOTER = /^\? for shortcuts · ← for agents\b/;
const BUSY_FOOTER = /^esc to interrupt · ← for agents\b/;
/** With no login, Claude's footer says so at its right end. */
const NOT_LOGGED_IN = /^\? for shortcuts · ← for agents\s+Not logged in · Run \/login$/;
/** Claude's footer line ends with the effort setting: a screen with it has been drawn to its end. */
const drawnToTheEnd = (lines: readonly string[]) => lines.some((line) => line.endsWith('/effort'));

const CASES: readonly Case[] = [
  {
    capture: 'claude-code-2.1.197-two-turns',
    at: 'start-up, before the first input',
    point: turnStart(1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-two-turns',
    at: 'the task pasted into the input box, not yet submitted',
    point: firstScreenWhere((lines) => lines.some((line) => line.trim() === 'ctrl+g to edit in Vim')),
    state: 'ready',
    rule: 'input.ready',
    evidence: ['ctrl+g to edit in Vim'],
  },
  {
    capture: 'claude-code-2.1.197-two-turns',
    at: 'turn 1 answered, before turn 2',
    point: turnStart(2),
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-two-turns',
    at: 'turn 2 answered',
    point: streamEnd,
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-working',
    at: 'waiting for the first token',
    point: moment('working'),
    state: 'working',
    rule: 'footer.working',
    evidence: [BUSY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-working',
    at: 'streaming the result block',
    point: firstScreenWhere((lines) => lines.some((line) => line.trim() === 'AGENTPOOL_RESULT_START') && drawnToTheEnd(lines)),
    state: 'working',
    rule: 'footer.working',
    evidence: [BUSY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-working',
    at: 'the turn finished',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-permission',
    at: 'asking to run `touch x && rm -f x`',
    point: moment('approval_prompt'),
    state: 'approval_prompt',
    rule: 'prompt.permission',
    evidence: ['Do you want to proceed?'],
  },
  {
    capture: 'claude-code-2.1.197-permission',
    at: 'approved, the turn finished',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-rate-limit',
    at: 'the model call rejected with 429',
    point: moment('limit_reached'),
    state: 'limit_reached',
    rule: 'banner.limit',
    evidence: ["● API Error: Request rejected (429) · This request would exceed your account's rate limit. Please try again"],
  },
  {
    capture: 'claude-code-2.1.197-rate-limit',
    at: 'the next turn working, the 429 still on screen above it',
    point: moment('working'),
    state: 'working',
    rule: 'footer.working',
    evidence: [BUSY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-rate-limit',
    at: 'the next turn answered in one short line',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-api-error',
    at: 'the next turn working, the rejected request still on screen above it',
    point: moment('working'),
    state: 'working',
    rule: 'footer.working',
    evidence: [BUSY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-api-error',
    at: 'the next turn answered in one short line',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'claude-code-2.1.197-trust',
    at: 'start-up in a folder never trusted',
    point: moment('startup_prompt'),
    state: 'startup_prompt',
    rule: 'prompt.trust',
    evidence: [
      /^Quick safety check: Is this a project you created or one you trust\? \(Like your own code/,
      '❯ 1. Yes, I trust this folder',
    ],
  },
  {
    capture: 'claude-code-2.1.197-api-key',
    at: 'start-up with an API key never approved',
    point: moment('startup_prompt'),
    state: 'startup_prompt',
    rule: 'prompt.api_key',
    evidence: ['Do you want to use this API key?'],
  },
  {
    // An empty HOME on a machine that cannot reach api.anthropic.com: onboarding opens with a check
    // of it, which fails; Claude exits a moment later (the theme picker and login are never shown).
    capture: 'claude-code-2.1.197-first-run-offline',
    at: 'first start-up, api.anthropic.com unreachable',
    point: moment('error'),
    state: 'error',
    rule: 'startup.unreachable',
    evidence: ['Unable to connect to Anthropic services', 'Failed to connect to api.anthropic.com: ENOTFOUND'],
  },
  {
    // Offline, a HOME without onboarding stops at its connectivity check (and exits): this HOME is
    // past onboarding and holds no credentials and no key. The input box is there, but no task can run.
    capture: 'claude-code-2.1.197-login',
    at: 'start-up with no login and no API key',
    point: moment('auth_required'),
    state: 'auth_required',
    rule: 'footer.not_logged_in',
    evidence: [NOT_LOGGED_IN],
  },
  {
    capture: 'claude-code-2.1.197-login',
    at: 'a task sent with no login, refused',
    point: moment('auth_required', 1),
    state: 'auth_required',
    rule: 'footer.not_logged_in',
    // Claude puts a no-break space after the `⎿`.
    evidence: [/^⎿\s+Not logged in · Please run \/login$/, NOT_LOGGED_IN],
  },
  {
    capture: 'claude-code-2.1.197-network-failure',
    at: 'the model API unreachable, retrying (attempt 3 of 5)',
    point: moment('error'),
    state: 'error',
    rule: 'status.retrying',
    evidence: [/^. Unable to connect to API \(ConnectionRefused\) · Retrying in \d+s · attempt 3\/5$/],
  },
  {
    capture: 'claude-code-2.1.197-network-failure',
    at: 'the model API unreachable, the last retry',
    point: moment('error', 1),
    state: 'error',
    rule: 'status.retrying',
    evidence: [/^. Unable to connect to API \(ConnectionRefused\) · Retrying in \d+s · attempt 5\/5$/],
  },
  {
    capture: 'claude-code-2.1.197-network-failure',
    at: 'the model API unreachable, retries given up',
    point: moment('error', 2),
    state: 'error',
    rule: 'banner.api_error',
    evidence: ['● API Error: Unable to connect to API (ConnectionRefused)'],
  },
];

const expectedEvidence = (evidence: Case['evidence']) =>
  evidence.map((line) => (typeof line === 'string' ? line : expect.stringMatching(line)));

describe('classifyClaudeScreen on real Claude Code 2.1.197 screens', () => {
  describe.each(CASES)('$capture, $at', (entry) => {
    const capture = loadCapture(entry.capture);
    const sent = capture.meta.turns.map((turn) => turn.sent);

    it(`reads ${entry.state} (${entry.rule})`, async () => {
      const screen = await screenAt(capture, await entry.point(capture));
      const observation = classifyClaudeScreen(screen);
      expect(observation).toMatchObject({ state: entry.state, rule: entry.rule, evidence: expectedEvidence(entry.evidence) });
      expect(observation.confidence).toBeGreaterThan(0.5);
    });

    it('reads the same once lines echoing the sent text are removed, and never takes the caller’s words as evidence', async () => {
      const screen = await screenAt(capture, await entry.point(capture));
      const lines = withoutEcho(screen.lines, sent);
      const observation = classifyClaudeScreen({ ...screen, lines });
      expect(observation).toMatchObject({ state: entry.state, rule: entry.rule, evidence: expectedEvidence(entry.evidence) });
      for (const line of observation.evidence) expect(isCallersText(line, sent)).toBe(false);
    });
  });

  it('a request rejected as too long (400) shows as a note under the input, not a banner: the screen reads ready, its StopFailure hook tells', async () => {
    const capture = loadCapture('claude-code-2.1.197-api-error');
    const screen = await screenAt(capture, await moment('error')(capture));
    expect(screen.lines.some((line) => /^⎿\s+Prompt is too long ·/.test(line.trim()))).toBe(true);
    expect(classifyClaudeScreen(screen)).toMatchObject({ state: 'ready', rule: 'input.ready' });
  });

  it('the echo removal does take the pasted task out of the input box (so the box is found by its rules alone)', async () => {
    const capture = loadCapture('claude-code-2.1.197-two-turns');
    const point = firstScreenWhere((lines) => lines.some((line) => line.trim() === 'ctrl+g to edit in Vim'));
    const screen = await screenAt(capture, await point(capture));
    // Claude puts a no-break space after the box's `❯`.
    expect(screen.lines).toContain('❯\u00a0Inspect the folder and report.');
    const lines = withoutEcho(
      screen.lines,
      capture.meta.turns.map((turn) => turn.sent),
    );
    expect(lines.some((line) => line.startsWith('❯'))).toBe(false);
  });

  it('between the input and the permission prompt reads working (or nothing, mid-redraw), never a prompt or an empty input', async () => {
    const capture = loadCapture('claude-code-2.1.197-permission');
    const start = await turnStart(1)(capture);
    const asked = await moment('approval_prompt')(capture);
    const seen = new Set<string>();
    // From once the input was submitted (the footer first says "esc to interrupt") to the prompt.
    const busy = await firstScreenWhere((lines) => lines.some((line) => line.trim().startsWith('esc to interrupt')))(capture);
    expect(busy).toBeGreaterThan(start);
    for (let at = busy; at < asked; at += 64) {
      const screen = await screenAt(capture, at);
      if (drawnToTheEnd(screen.lines)) seen.add(classifyClaudeScreen(screen).state);
    }
    // Claude redraws without synchronized output: a stream cut mid-redraw can lack the input box (unknown).
    expect(seen.has('working')).toBe(true);
    expect([...seen].filter((state) => state !== 'working' && state !== 'unknown')).toEqual([]);
  });
});

describe('startup prompts say what they ask, and only trust carries the keys that accept it', () => {
  const screen = (lines: string[]) => ({ lines, width: 120, height: 30 });
  it('trust: Enter (its first choice is selected); an API key: never answered by agentpool', () => {
    const trust = [
      'Quick safety check: Is this a project you created or one you trust? (Like your own code',
      '❯ 1. Yes, I trust this folder',
      '  2. No, exit',
    ];
    expect(classifyClaudeScreen(screen(trust)).startupPrompt).toEqual({ kind: 'trust_folder', acceptKeys: ['Enter'] });
    const apiKey = [
      'Detected a custom API key in your environment',
      'Do you want to use this API key?',
      '  1. Yes',
      '❯ 2. No (recommended)',
    ];
    expect(classifyClaudeScreen(screen(apiKey)).startupPrompt).toEqual({ kind: 'api_key' });
  });
});

describe('a retry countdown is not work', () => {
  const rule = '─'.repeat(80);
  const screen = (status: string) => ({
    lines: ['❯ Say hello.', '', status, '', rule, '❯ ', rule, '  esc to interrupt · ← for agents'],
    width: 80,
    height: 30,
  });
  it('reads error while Claude waits to retry, also when a narrow pane cuts the attempt count off', () => {
    for (const status of [
      '✶ Unable to connect to API (ConnectionRefused) · Retrying in 4s · attempt 4/10',
      '✶ Unable to connect to API (ConnectionRefused) · Retrying in 4s · attempt…',
    ])
      expect(classifyClaudeScreen(screen(status))).toMatchObject({ state: 'error', rule: 'status.retrying', evidence: [status] });
  });
  it('reads working under a plain spinner line', () => {
    expect(classifyClaudeScreen(screen('✶ Pondering… (3s · ↓ 20 tokens)'))).toMatchObject({ state: 'working', rule: 'footer.working' });
  });
});
