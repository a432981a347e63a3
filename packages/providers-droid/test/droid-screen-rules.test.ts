import { withoutEcho } from '@agentpool/core';
import { type CapturedScreenCase, isCallersText, moment, screenAt, streamEnd, turnStart } from '@agentpool/provider-test-kit';
import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { classifyDroidScreen } from '../src/droid-screen-rules.js';

// Screens of Factory Droid 0.225.2 rendered from real pane streams (packages/test-utils/captures,
// made with capture-real-cli-droid.mjs: offline, or in airgap mode against the model imitation).

const MODE = /^Auto \(Low\) · edits and read-only commands\s+Imitation$/;
const FOOTER = /^(\[⏱ \d+s\] )?\? for help\s+TMUX ⧉$/;
const READY = [MODE, FOOTER];

const CASES: readonly CapturedScreenCase[] = [
  {
    capture: 'droid-0.225.2-approval',
    at: 'start-up, before the first input',
    point: turnStart(1),
    state: 'ready',
    rule: 'input.ready',
    evidence: READY,
  },
  {
    capture: 'droid-0.225.2-approval',
    at: 'a medium-risk command to approve',
    point: moment('approval_prompt'),
    state: 'approval_prompt',
    rule: 'prompt.approval',
    evidence: [/^Command to approve · medium risk$/, /^↑↓ navigate\s+Enter select\s+Esc cancel/],
  },
  {
    capture: 'droid-0.225.2-question',
    at: 'an AskUser question with two options',
    point: moment('question', 1),
    state: 'question',
    rule: 'prompt.question',
    evidence: [/^Or type your own answer\.\.\.$/, /^↑\/↓ Navigate • Space\/Enter\/1–9 Select • ESC stop agent$/],
  },
  {
    capture: 'droid-0.225.2-question',
    at: 'answered, the turn done',
    point: streamEnd,
    state: 'ready',
    rule: 'input.ready',
    evidence: READY,
  },
  {
    capture: 'droid-0.225.2-approval',
    at: 'turn 1 answered with its block',
    point: turnStart(2),
    state: 'ready',
    rule: 'input.ready',
    evidence: READY,
  },
  {
    capture: 'droid-0.225.2-approval',
    at: 'turn 2 answered with its block',
    point: streamEnd,
    state: 'ready',
    rule: 'input.ready',
    evidence: READY,
  },
  {
    capture: 'droid-0.225.2-working',
    at: 'streaming a slow reply',
    point: moment('working'),
    state: 'working',
    rule: 'status.working',
    evidence: [/^\S Streaming\.\.\. {2}\(Press ESC to stop\)$/],
  },
  { capture: 'droid-0.225.2-working', at: 'the reply done', point: streamEnd, state: 'ready', rule: 'input.ready', evidence: READY },
  {
    capture: 'droid-0.225.2-rate-limit',
    at: 'retrying after a 429 (not working)',
    point: moment('limit_reached', 0),
    state: 'limit_reached',
    rule: 'status.retrying',
    evidence: [/^\S Retrying the model request \(attempt \d+\)\.\.\. {2}\(Press ESC to stop\)$/],
  },
  {
    capture: 'droid-0.225.2-rate-limit',
    at: 'every retry answered 429',
    point: moment('limit_reached', 1),
    state: 'limit_reached',
    rule: 'notice.limit',
    evidence: [/^● {2}BYOK Error: 429 Rate limit reached for requests$/, /^Upstream error: Rate limit reached for requests$/],
  },
  {
    capture: 'droid-0.225.2-rate-limit',
    at: 'the next turn answered under the old notice',
    point: streamEnd,
    state: 'ready',
    rule: 'input.ready',
    evidence: READY,
  },
  {
    capture: 'droid-0.225.2-api-error',
    at: 'a 400 from the model API',
    point: moment('error'),
    state: 'error',
    rule: 'notice.error',
    evidence: [/^● {2}BYOK Error: 400 prompt is too long/, /^Upstream error: prompt is too long/],
  },
  {
    capture: 'droid-0.225.2-api-error',
    at: 'the next turn answered',
    point: streamEnd,
    state: 'ready',
    rule: 'input.ready',
    evidence: READY,
  },
  {
    capture: 'droid-0.225.2-trust',
    at: 'a folder never trusted',
    point: moment('startup_prompt'),
    state: 'startup_prompt',
    rule: 'prompt.trust',
    evidence: [/^│ Trust this folder\?\s+│$/, /^> 1\. Trust this folder$/],
    startupPrompt: { kind: 'trust_folder', acceptKeys: ['Enter'] },
  },
  {
    capture: 'droid-0.225.2-login',
    at: 'offline without a Factory login',
    point: moment('auth_required'),
    state: 'auth_required',
    rule: 'prompt.login',
    evidence: [/^Please login with your Factory account to continue\.$/],
  },
  {
    capture: 'droid-0.225.2-network-failure',
    at: 'FACTORY_API_KEY set, Factory API unreachable: droid exits',
    point: streamEnd,
    state: 'auth_required',
    rule: 'exit.auth_failed',
    evidence: [/^Authentication failed\. FACTORY_API_KEY is set but appears to be invalid\./],
  },
  {
    capture: 'droid-0.225.2-spec',
    at: 'spec mode (read_only), before the first input',
    point: turnStart(1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [/^╭── Spec ─+╮$/, FOOTER],
  },
  {
    capture: 'droid-0.225.2-spec',
    at: 'spec mode, the turn answered',
    point: streamEnd,
    state: 'ready',
    rule: 'input.ready',
    evidence: [/^╭── Spec ─+╮$/, FOOTER],
  },
];

describe('classifyDroidScreen on real Droid 0.225.2 screens', () => {
  it.each(CASES)('$capture, $at: $state by $rule', async (c) => {
    const capture = loadCapture(c.capture);
    const screen = await screenAt(capture, await c.point(capture));
    const sent = capture.meta.turns.map((turn) => turn.sent);
    for (const lines of [screen.lines, withoutEcho(screen.lines, sent)]) {
      const observation = classifyDroidScreen({ ...screen, lines });
      expect(observation.state).toBe(c.state);
      expect(observation.rule).toBe(c.rule);
      expect(observation.evidence).toHaveLength(c.evidence.length);
      for (const [index, line] of observation.evidence.entries()) expect(line.trim()).toMatch(c.evidence[index] ?? /^$/);
      // The caller's own words are never evidence.
      for (const line of observation.evidence) expect(isCallersText(line, sent)).toBe(false);
      if (c.startupPrompt) expect(observation.startupPrompt).toEqual(c.startupPrompt);
      expect(observation.confidence).toBeGreaterThan(0.5);
    }
  });

  it('reads nothing it does not know as a state', () => {
    expect(classifyDroidScreen({ lines: ['$ ls', 'README.md'], width: 80, height: 24 }).state).toBe('unknown');
  });

  it('a model reply that merely mentions a rate limit is not a limit', () => {
    const lines = [
      '⛬  The API docs say a 429 means rate limit reached.',
      ' Auto (Low) · edits and read-only commands     Imitation',
      '╭────╮',
      '│ >  │',
      '╰────╯',
      '? for help',
    ];
    expect(classifyDroidScreen({ lines, width: 80, height: 24 }).state).toBe('ready');
  });
});
