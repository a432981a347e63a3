import { withoutEcho } from '@agentpool/core';
import {
  type CapturedScreenCase,
  evidenceMatchers,
  firstScreenWhere,
  isCallersText,
  moment,
  type StreamPoint,
  screenAt,
  streamEnd,
  turnStart,
} from '@agentpool/provider-test-kit';
import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { classifyCopilotScreen } from '../src/copilot-screen-rules.js';

// Screens of GitHub Copilot CLI 1.0.102 rendered from real pane streams (packages/test-utils/captures,
// made with capture-copilot-states.mjs: offline, or against the model imitation).

const IDLE_FOOTER = /^← open sidebar · Interactive · Manual Approval · \/ commands · \? help · tab next tab\s+gpt-4o/;
const WORKING = /^[◉◎○●∙] Working( · \d+ B)? esc esc (interrupt|edit prompt)\s+gpt-4o/;
const ready = (capture: string, at: string, point: StreamPoint): CapturedScreenCase => ({
  capture,
  at,
  point,
  state: 'ready',
  rule: 'input.ready',
  evidence: [IDLE_FOOTER],
});

const CASES: readonly CapturedScreenCase[] = [
  {
    capture: 'copilot-1.0.102-trust',
    at: 'start-up in a folder never trusted',
    point: moment('startup_prompt'),
    state: 'startup_prompt',
    rule: 'dialog.trust',
    evidence: ['Confirm folder trust', 'Do you trust the files in this folder?'],
  },
  ready('copilot-1.0.102-trust', 'the folder trusted with Enter', moment('ready')),
  {
    capture: 'copilot-1.0.102-login',
    at: 'start-up with no login, token or custom provider',
    point: moment('auth_required'),
    state: 'auth_required',
    rule: 'notice.sign_in',
    evidence: ['Please use /login to sign in to use Copilot'],
  },
  {
    capture: 'copilot-1.0.102-login',
    at: 'start-up done, still signed out',
    point: streamEnd,
    state: 'auth_required',
    rule: 'notice.sign_in',
    evidence: ['Please use /login to sign in to use Copilot'],
  },
  {
    capture: 'copilot-1.0.102-network-failure',
    at: 'a token in GH_TOKEN and no network',
    point: moment('error'),
    state: 'error',
    rule: 'notice.network',
    evidence: [
      /^Failed to fetch PAT user login: network fetch failed/,
      /^Failed to fetch GitHub CLI user login: network fetch failed/,
      'Check your network connection and credentials, then restart Copilot. Use /login to re-authenticate.',
    ],
  },
  ready('copilot-1.0.102-working', 'the empty input before the first turn', turnStart(1)),
  {
    capture: 'copilot-1.0.102-working',
    at: 'waiting for the first token',
    point: moment('working'),
    state: 'working',
    rule: 'footer.working',
    evidence: [WORKING],
  },
  ready('copilot-1.0.102-working', 'the turn answered with its result block', moment('ready', 1)),
  {
    capture: 'copilot-1.0.102-approval',
    at: 'asking to run `touch x && rm -f x`',
    point: moment('approval_prompt'),
    state: 'approval_prompt',
    rule: 'dialog.permission',
    evidence: ['Do you want to run this command?'],
  },
  ready('copilot-1.0.102-approval', 'approved, the turn answered', moment('ready', 1)),
  {
    capture: 'copilot-1.0.102-question',
    at: 'the ask_user form with two choices',
    point: moment('question'),
    state: 'question',
    rule: 'dialog.ask_user',
    evidence: ['Copilot needs information.'],
  },
  ready('copilot-1.0.102-question', 'answered, the turn done', moment('ready', 1)),
  {
    capture: 'copilot-1.0.102-rate-limit',
    at: 'the model call rejected with 429 and retry-after: 3600',
    point: moment('limit_reached'),
    state: 'limit_reached',
    rule: 'banner.limit',
    evidence: [/^✗ 429 Rate limit reached for gpt-4o in organization org-imitation on requests per min/, /^1\. Please try again in 20s\./],
  },
  {
    // Copilot retries a 429 without retry-after five times and its screen only says Working meanwhile:
    // the hooks' ErrorOccurred records (one per failed call, read as limit_reached) are what tell.
    capture: 'copilot-1.0.102-rate-limit-retry',
    at: 'retrying after 429s (nothing on screen says so)',
    point: moment('working'),
    state: 'working',
    rule: 'footer.working',
    evidence: [/^◎ Working esc esc edit prompt\s+gpt-4o$/],
  },
  {
    capture: 'copilot-1.0.102-rate-limit-retry',
    at: 'the retries given up',
    point: moment('limit_reached'),
    state: 'limit_reached',
    rule: 'banner.limit',
    evidence: [
      /^✗ Failed to get response from the AI model; retried 5 times \(total retry wait time: [\d.]+ seconds\) Last error: 429 Ra$/,
      /^limit reached for gpt-4o in organization org-imitation/,
      'Please try again in 20s.',
    ],
  },
  {
    capture: 'copilot-1.0.102-api-error',
    at: 'the model call rejected with 400',
    point: moment('error'),
    state: 'error',
    rule: 'banner.error',
    evidence: ["✗ 400 Unsupported parameter: 'logit_bias' is not supported with this model."],
  },
  ...(['rate-limit', 'api-error'] as const).flatMap((scenario): CapturedScreenCase[] => [
    {
      capture: `copilot-1.0.102-${scenario}`,
      at: 'the next turn working, the failure still on screen above it',
      point: moment('working'),
      state: 'working',
      rule: 'footer.working',
      evidence: [WORKING],
    },
    ready(`copilot-1.0.102-${scenario}`, 'the next turn answered in one short line', moment('ready', 1)),
  ]),
  ready('copilot-1.0.102-long-reply', 'a reply longer than the pane answered (the conversation scrolled)', turnStart(2)),
  ready('copilot-1.0.102-long-reply', 'the second turn answered', streamEnd),
];

describe('classifyCopilotScreen on real Copilot CLI 1.0.102 screens', () => {
  describe.each(CASES)('$capture, $at', (entry) => {
    const capture = loadCapture(entry.capture);
    const sent = capture.meta.turns.map((turn) => turn.sent);

    it(`reads ${entry.state} (${entry.rule})`, async () => {
      const screen = await screenAt(capture, await entry.point(capture));
      const observation = classifyCopilotScreen(screen);
      expect(observation).toMatchObject({ state: entry.state, rule: entry.rule, evidence: evidenceMatchers(entry.evidence) });
      expect(observation.confidence).toBeGreaterThan(0.5);
    });

    it('reads the same once lines echoing the sent text and the input line are removed, never taking the caller’s words as evidence', async () => {
      const screen = await screenAt(capture, await entry.point(capture));
      const lines = withoutEcho(screen.lines, sent).filter((line) => !/^❯/.test(line));
      const observation = classifyCopilotScreen({ ...screen, lines });
      expect(observation).toMatchObject({ state: entry.state, rule: entry.rule, evidence: evidenceMatchers(entry.evidence) });
      for (const line of observation.evidence) expect(isCallersText(line, sent)).toBe(false);
    });
  });

  it('the trust prompt says what it asks and that Enter accepts it for this session only (the first choice)', async () => {
    const capture = loadCapture('copilot-1.0.102-trust');
    const observation = classifyCopilotScreen(await screenAt(capture, await moment('startup_prompt')(capture)));
    expect(observation.startupPrompt).toEqual({ kind: 'trust_folder', acceptKeys: ['Enter'] });
  });

  it('while the task is in the input box, before Enter, the screen is an input prompt, with or without its text', async () => {
    const capture = loadCapture('copilot-1.0.102-working');
    const sent = capture.meta.turns[0]?.sent ?? '';
    const pasted = await firstScreenWhere((lines) => lines.some((line) => line.startsWith(`❯ ${sent}`)))(capture);
    const screen = await screenAt(capture, pasted);
    expect(classifyCopilotScreen(screen)).toMatchObject({
      state: 'ready',
      evidence: [expect.stringMatching(/Interactive · Manual Approval · /)],
    });
    expect(classifyCopilotScreen({ ...screen, lines: withoutEcho(screen.lines, [sent]) }).state).toBe('ready');
  });

  it('between the input and the approval prompt every screen reads working, never a prompt or an empty input', async () => {
    const capture = loadCapture('copilot-1.0.102-approval');
    const busy = await firstScreenWhere((lines) => lines.some((line) => WORKING.test(line.trim())))(capture);
    const asked = await moment('approval_prompt')(capture);
    expect(busy).toBeGreaterThan(await turnStart(1)(capture));
    const seen = new Set<string>();
    for (let at = busy; at < asked - 512; at += 64) seen.add(classifyCopilotScreen(await screenAt(capture, at)).state);
    expect([...seen]).toEqual(['working']);
  });

  it('a task that quotes Copilot’s own failures and prompts is never read as them', () => {
    const task = [
      '✗ 429 Rate limit reached for requests',
      'Do you want to run this command?',
      '↑/↓ to navigate · enter to select · esc to cancel',
      'Please use /login to sign in to use Copilot',
    ];
    const screen = {
      width: 120,
      height: 12,
      lines: [
        ` ❯ ${task[0]}${' '.repeat(60)}04:40`,
        ...task.slice(1).map((line) => `   ${line}`),
        '',
        ' /repo [⎇ main]',
        '─'.repeat(120),
        '❯',
        '─'.repeat(120),
        ' ← open sidebar · Interactive · Manual Approval · / commands · ? help · tab next tab      gpt-4o',
      ],
    };
    expect(classifyCopilotScreen({ ...screen, lines: withoutEcho(screen.lines, [task.join('\n')]) }).state).toBe('ready');
    // Even left on screen, the echo is indented under the prompt: no dialog, notice or banner.
    expect(classifyCopilotScreen(screen).state).toBe('ready');
  });

  it('a failed tool row at the end of a turn is not the turn’s failure', () => {
    const screen = {
      width: 120,
      height: 10,
      lines: [
        ' ✗ Shell  This shell command would modify files outside the session folder and was blocked.',
        '   touch x && rm -f x',
        '',
        ' /repo [⎇ main]',
        '─'.repeat(120),
        '❯',
        '─'.repeat(120),
        ' ← open sidebar · Plan · Manual Approval · / commands · ? help · tab next tab      gpt-4o',
      ],
    };
    expect(classifyCopilotScreen(screen)).toMatchObject({ state: 'ready', rule: 'input.ready' });
  });

  it('a footer still loading its plugins is not ready, wherever the loading note sits on the line', () => {
    // The footer line as Copilot 1.0.102 drew it in plan mode, with the task given by -i, seen in a
    // real end-to-end run (read as ready before this rule, so the turn looked over before it began).
    const screen = {
      width: 220,
      height: 6,
      lines: [
        ' /repo [⎇ main]',
        '─'.repeat(120),
        '❯',
        '─'.repeat(120),
        'Plan · Manual Approval · ◉ Loading: 1 plugin, 7 hooks, 2 skills                                                         gpt-4o',
      ],
    };
    expect(classifyCopilotScreen(screen)).toMatchObject({ state: 'working', rule: 'footer.loading' });
  });

  it('nothing recognisable is unknown', () => {
    expect(classifyCopilotScreen({ width: 80, height: 3, lines: ['', 'hello', ''] })).toMatchObject({ state: 'unknown', confidence: 0 });
  });
});
