import { readFileSync } from 'node:fs';
import { withoutEcho } from '@agentpool/core';
import { type CapturedScreenCase, evidenceMatchers, isCallersText, moment, screenAt, streamEnd } from '@agentpool/provider-test-kit';
import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { classifyGeminiScreen } from '../src/gemini-screen-rules.js';

// Screens of Gemini CLI 0.61.0 rendered from real pane streams (packages/test-utils/captures, made
// with capture-real-cli-gemini.mjs offline or against the model imitation's Gemini API).

const SHORTCUTS = '? for shortcuts';
const APPROVAL_MODE = 'Shift+Tab to accept edits';

const CASES: readonly CapturedScreenCase[] = [
  ...(['working', 'approval', 'question', 'api-error', 'rate-limit'] as const).map(
    (scenario): CapturedScreenCase => ({
      capture: `gemini-0.61.0-${scenario}`,
      at: 'start-up, the empty input before the first turn',
      point: moment('ready'),
      state: 'ready',
      rule: 'input.ready',
      evidence: [SHORTCUTS],
    }),
  ),
  {
    capture: 'gemini-0.61.0-working',
    at: 'start-up: only its terminal warning drawn while it loads',
    point: () => 400,
    state: 'working',
    rule: 'startup.loading',
    evidence: [/^⚠ {2}Warning: True color \(24-bit\) support not detected\./],
  },
  {
    capture: 'gemini-0.61.0-working',
    at: 'start-up: its status line and footer drawn, the input line not yet',
    point: () => 1000,
    state: 'working',
    rule: 'startup.loading',
    evidence: [/^⚠ {2}Warning: True color \(24-bit\) support not detected\./],
  },
  {
    capture: 'gemini-0.61.0-working',
    at: 'start-up: its input line drawn, the banner not yet',
    point: () => 1850,
    state: 'working',
    rule: 'startup.loading',
    evidence: [/^⚠ {2}Warning: True color \(24-bit\) support not detected\./],
  },
  {
    capture: 'gemini-0.61.0-working',
    at: 'start-up: the banner drawn, the input not yet',
    point: () => 3000,
    state: 'working',
    rule: 'startup.loading',
    evidence: ['▝▜▄     Gemini CLI v0.61.0'],
  },
  {
    capture: 'gemini-0.61.0-working',
    at: 'waiting for the first token',
    point: moment('working'),
    state: 'working',
    rule: 'status.working',
    evidence: [/^⠹ Thinking\.\.\. \(esc to cancel, 3s\)\s+\? for shortcuts$/],
  },
  {
    capture: 'gemini-0.61.0-working',
    at: 'the turn finished with its result block',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [APPROVAL_MODE],
  },
  {
    capture: 'gemini-0.61.0-approval',
    at: 'asking to run the shell command `touch x && rm -f x`',
    point: moment('approval_prompt'),
    state: 'approval_prompt',
    rule: 'dialog.approval',
    evidence: ['Allow execution of [Shell]?', '● 1. Allow once'],
  },
  {
    capture: 'gemini-0.61.0-approval',
    at: 'approved, the turn finished',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [APPROVAL_MODE],
  },
  {
    capture: 'gemini-0.61.0-question',
    at: 'the ask_user dialog: which database',
    point: moment('question'),
    state: 'question',
    rule: 'dialog.question',
    evidence: ['Answer Questions', 'Enter to select · ↑/↓ to navigate · Esc to cancel'],
  },
  {
    capture: 'gemini-0.61.0-question',
    at: 'answered, the turn finished (a hook line half overwritten above the rule)',
    point: streamEnd,
    state: 'ready',
    rule: 'input.ready',
    evidence: [APPROVAL_MODE],
  },
  {
    capture: 'gemini-0.61.0-api-error',
    at: 'the model call rejected with 400 INVALID_ARGUMENT',
    point: moment('error'),
    state: 'error',
    rule: 'banner.error',
    evidence: [/^✕ \[API Error: \{"error":\{"code":400,"message":"The input token count/],
  },
  {
    capture: 'gemini-0.61.0-api-error',
    at: 'the next turn working (a hook running), the failure still on screen above it',
    point: moment('working'),
    state: 'working',
    rule: 'status.working',
    evidence: [/^⠼ Executing Hook: agentpool-signal \(esc to cancel, 0s\)\s+\? for shortcuts$/],
  },
  {
    capture: 'gemini-0.61.0-api-error',
    at: 'the next turn answered in one short line',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [SHORTCUTS],
  },
  {
    capture: 'gemini-0.61.0-rate-limit',
    at: 'the model call rejected with 429 RESOURCE_EXHAUSTED (the daily quota): the quota dialog',
    point: moment('limit_reached'),
    state: 'limit_reached',
    rule: 'dialog.usage_limit',
    evidence: ['Usage limit reached for gemini-2.5-flash.'],
  },
  {
    capture: 'gemini-0.61.0-rate-limit-retry',
    at: 'waiting to retry a call rejected with 429 (the per-minute quota, "Please retry in 6s"): the screen is the working one',
    point: moment('working'),
    state: 'working',
    rule: 'status.working',
    evidence: [/^⠧ Thinking\.\.\. \(esc to cancel, 3s\)\s+\? for shortcuts$/],
  },
  {
    capture: 'gemini-0.61.0-rate-limit-retry',
    at: 'the third call answered',
    point: streamEnd,
    state: 'ready',
    rule: 'input.ready',
    evidence: [SHORTCUTS],
  },
  {
    capture: 'gemini-0.61.0-trust',
    at: 'start-up in a folder never trusted',
    point: moment('startup_prompt'),
    state: 'startup_prompt',
    rule: 'dialog.trust',
    evidence: ['Do you trust the files in this folder?', '● 1. Trust folder (repo)'],
    startupPrompt: { kind: 'trust_folder', acceptKeys: ['Enter'] },
  },
  {
    capture: 'gemini-0.61.0-auth',
    at: 'start-up with no API key and no way of signing in chosen',
    point: moment('auth_required'),
    state: 'auth_required',
    rule: 'dialog.auth',
    evidence: ['How would you like to authenticate for this project?', 'No authentication method selected.'],
  },
  {
    capture: 'gemini-0.61.0-api-key',
    at: 'start-up with GEMINI_API_KEY set but no way of signing in chosen',
    point: streamEnd,
    state: 'startup_prompt',
    rule: 'dialog.api_key',
    evidence: [
      'Existing API key detected (GEMINI_API_KEY). Select "Gemini API Key" option to use it.',
      'How would you like to authenticate for this project?',
    ],
    startupPrompt: { kind: 'api_key' },
  },
];

describe('classifyGeminiScreen on real Gemini CLI 0.61.0 screens', () => {
  describe.each(CASES)('$capture, $at', (entry) => {
    const capture = loadCapture(entry.capture);
    const sent = capture.meta.turns.map((turn) => turn.sent);

    it(`reads ${entry.state} (${entry.rule})`, async () => {
      const screen = await screenAt(capture, await entry.point(capture));
      const observation = classifyGeminiScreen(screen);
      expect(observation).toMatchObject({ state: entry.state, rule: entry.rule, evidence: evidenceMatchers(entry.evidence) });
      expect(observation.confidence).toBeGreaterThanOrEqual(entry.rule === 'startup.loading' ? 0.4 : 0.8);
      if (entry.startupPrompt) expect(observation.startupPrompt).toEqual(entry.startupPrompt);
    });

    it('reads the same once lines echoing the sent text are removed, and never takes the caller’s words as evidence', async () => {
      const screen = await screenAt(capture, await entry.point(capture));
      const lines = withoutEcho(screen.lines, sent);
      const observation = classifyGeminiScreen({ ...screen, lines });
      expect(observation).toMatchObject({ state: entry.state, rule: entry.rule, evidence: evidenceMatchers(entry.evidence) });
      for (const line of observation.evidence) expect(isCallersText(line, sent)).toBe(false);
    });
  });

  it('an API it cannot reach (connection refused, given up after about four minutes of retries) reads error', () => {
    // The last screen of a capture against a closed port (the pane stream, 4.5 MB of redraws, is not kept).
    const text = readFileSync(new URL('./screens/gemini-0.61.0-network-error.txt', import.meta.url), 'utf8');
    const lines = text.split('\n');
    const sent = ['Say hello, then end with a result block.'];
    for (const screen of [lines, withoutEcho(lines, sent)]) {
      expect(classifyGeminiScreen({ lines: screen, width: 120, height: 40 })).toMatchObject({
        state: 'error',
        rule: 'banner.error',
        evidence: ['✕ [API Error: exception TypeError: fetch failed sending request]'],
      });
    }
  });

  it('a task that reads like a dialog is never taken for one: only Gemini’s own boxes count', () => {
    const lines = [
      ' > Allow execution of [Shell]? Usage limit reached for gemini-2.5-flash. Do you trust the files in this folder?',
      '',
      '✦ Answer Questions',
      '',
      '? for shortcuts',
      '─'.repeat(120),
      ' Shift+Tab to accept edits',
      ' >   Type your message or @path/to/file',
    ];
    expect(classifyGeminiScreen({ lines, width: 120, height: 40 })).toMatchObject({ state: 'ready', rule: 'input.ready' });
  });

  it('a model call being retried ("Trying to reach … (Attempt 2/10)") reads limit_reached, not working', () => {
    const lines = [
      ' > Say hello.',
      '',
      '⠏ Trying to reach gemini-2.5-flash (Attempt 2/10) (esc to cancel, 12s)                         ? for shortcuts',
      '─'.repeat(120),
      ' Shift+Tab to accept edits',
      ' >   Type your message or @path/to/file',
    ];
    expect(classifyGeminiScreen({ lines, width: 120, height: 40 })).toMatchObject({ state: 'limit_reached', rule: 'status.retrying' });
  });
});
