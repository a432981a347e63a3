import { withoutEcho } from '@agentpool/core';
import {
  type CapturedScreenCase,
  evidenceMatchers,
  firstScreenWhere,
  isCallersText,
  moment,
  screenAt,
  streamEnd,
  turnStart,
} from '@agentpool/provider-test-kit';
import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { classifyOpencodeScreen } from '../src/opencode-screen-rules.js';

// Screens of opencode 1.18.33 rendered from real pane streams (packages/test-utils/captures, made with
// packages/providers-opencode/scripts/capture-real-opencode.mjs against the model imitation).

const AGENT = '┃  Build · GPT-4o (imitation) Imitation';
const EDGE = /^╹▀+$/;
const V = 'opencode-1.18.33';
/** The turn of `scenario` done: the idle input box under the reply. */
const turnDone = (scenario: string, at: string): CapturedScreenCase => ({
  capture: `${V}-${scenario}`,
  at,
  point: streamEnd,
  state: 'ready',
  rule: 'input.ready',
  evidence: [AGENT, EDGE],
});

const CASES: readonly CapturedScreenCase[] = [
  {
    capture: `${V}-working`,
    at: 'start-up, before the first input',
    point: turnStart(1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [/^┃ {2}Ask anything… ".+"$/, AGENT, EDGE],
  },
  {
    capture: `${V}-working`,
    at: 'working (the model has not answered yet)',
    point: moment('working'),
    state: 'working',
    rule: 'status.working',
    evidence: [/^[⬝■]{8} {2}esc interrupt\s+.*ctrl\+p commands$/],
  },
  {
    capture: `${V}-working`,
    at: 'streaming the reply',
    point: firstScreenWhere(
      (lines) => lines.some((line) => line.includes('Summary: counted')) && !lines.some((line) => line.includes('AGENTPOOL_RESULT_END')),
    ),
    state: 'working',
    rule: 'status.working',
    evidence: [/esc interrupt/],
  },
  turnDone('working', 'the turn done, the result block above the input box'),
  {
    capture: `${V}-approval`,
    at: 'the permission prompt for `touch x && rm -f x`',
    point: moment('approval_prompt'),
    state: 'approval_prompt',
    rule: 'prompt.permission',
    evidence: ['┃  △ Permission required', /^┃ {3}Allow once {3}Allow always {3}Reject\s+ctrl\+f fullscreen/],
  },
  turnDone('approval', 'the command approved and the turn done'),
  {
    capture: `${V}-question`,
    at: 'the question tool asking which file to remove',
    point: moment('question'),
    state: 'question',
    rule: 'prompt.question',
    evidence: ['┃  3. Type your own answer', '┃  ↑↓ select  enter submit  esc dismiss'],
  },
  turnDone('question', 'the question answered and the turn done'),
  {
    capture: `${V}-rate-limit`,
    at: 'HTTP 429, waiting an hour to retry',
    point: moment('limit_reached'),
    state: 'limit_reached',
    rule: 'status.retry_limit',
    evidence: [/^⬝{8} Rate limit reached for gpt-4o in organization org-imitation on requests per min … \[retrying/],
  },
  {
    capture: `${V}-rate-limit`,
    at: 'still waiting to retry',
    point: streamEnd,
    state: 'limit_reached',
    rule: 'status.retry_limit',
    evidence: [/Rate limit reached .* \[retrying/],
  },
  {
    capture: `${V}-api-error`,
    at: 'HTTP 400 shown in the reply’s place (and in a box at the right)',
    point: moment('error'),
    state: 'error',
    rule: 'reply.failed',
    evidence: ["┃  Unsupported parameter: 'max_tokens' is not supported with this model.", '▣  Build · GPT-4o (imitation)'],
  },
  {
    capture: `${V}-auth`,
    at: 'HTTP 401 invalid_api_key shown in the reply’s place',
    point: moment('auth_required'),
    state: 'auth_required',
    rule: 'reply.auth',
    evidence: [/^┃ {2}Incorrect API key provided: sk-imita\*+tion\. You ca/, '▣  Build · GPT-4o (imitation)'],
  },
  {
    capture: `${V}-offline`,
    at: 'nothing listens on the model endpoint: retrying',
    point: moment('error', 1),
    state: 'error',
    rule: 'status.retry',
    evidence: [/^[⬝■]{8} Cannot connect to API: Unable to connect\. .*\[retrying/],
  },
];

describe('classifyOpencodeScreen on real opencode 1.18.33 screens', () => {
  it.each(CASES)('$capture, $at: $state ($rule)', async ({ capture: name, point, state, rule, evidence }) => {
    const capture = loadCapture(name);
    const screen = await screenAt(capture, await point(capture));
    const observation = classifyOpencodeScreen(screen);
    expect(observation).toMatchObject({ state, rule, evidence: evidenceMatchers(evidence) });
    expect(observation.confidence).toBeGreaterThanOrEqual(0.7);
    const sent = capture.meta.turns.map((turn) => turn.sent);
    // The caller's text is never evidence, and removing its lines (as agentpool does) changes nothing.
    for (const line of observation.evidence) expect(isCallersText(line, sent)).toBe(false);
    const echoless = classifyOpencodeScreen({ ...screen, lines: withoutEcho(screen.lines, sent) });
    expect(echoless).toMatchObject({ state, rule });
  });

  it('reads the blank pane opencode boots with as starting work (never idle), and its first frame as ready', async () => {
    const capture = loadCapture(`${V}-working`);
    const boot = await screenAt(capture, 1000);
    expect(boot.lines.every((line) => line.trim() === '')).toBe(true);
    expect(classifyOpencodeScreen(boot)).toMatchObject({ state: 'working', rule: 'boot.blank' });
    expect(classifyOpencodeScreen({ lines: [], width: 200, height: 50 })).toMatchObject({ state: 'working', rule: 'boot.blank' });
    const firstFrame = firstScreenWhere((lines) => lines.some((line) => line.includes('Ask anything')));
    const first = await screenAt(capture, await firstFrame(capture));
    expect(classifyOpencodeScreen(first)).toMatchObject({ state: 'ready', rule: 'input.ready' });
  });

  it('reads an interrupted reply as ready, not as an error', () => {
    const lines = [
      '┃  Do it',
      '',
      '   ▣  Build · GPT-4o · interrupted',
      '',
      '┃',
      '┃  Build · GPT-4o OpenAI',
      '╹▀▀▀▀▀▀',
      ' ~/repo    ctrl+p commands',
    ];
    expect(classifyOpencodeScreen({ lines, width: 120, height: lines.length })).toMatchObject({ state: 'ready' });
  });
});
