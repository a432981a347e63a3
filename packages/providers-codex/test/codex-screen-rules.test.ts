import { type ScreenState, withoutEcho } from '@agentpool/core';
import { firstScreenWhere, isCallersText, moment, type StreamPoint, screenAt, streamEnd, turnStart } from '@agentpool/provider-test-kit';
import { loadCapture } from '@agentpool/test-utils';
import { createStreamRenderer } from '@agentpool/tmux-runtime';
import { describe, expect, it } from 'vitest';
import { classifyCodexScreen } from '../src/codex-screen-rules.js';
import { CODEX_STATE_OSC, parseCodexStateSequence } from '../src/codex-signals.js';

// Screens of Codex 0.169.0 rendered from real pane streams (packages/test-utils/captures, made with
// capture-real-cli.mjs and capture-real-cli-states.mjs against the model imitation).

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

const READY_FOOTER = /^← for agents · \? for shortcuts\b/;
const STATUS = /^[•◦] Working \(\d+s • esc to interrupt\)$/;
const RECONNECTING = /^[•◦] Reconnecting\.\.\. waiting for network \(\d+s • esc to interrupt\)$/;

const CASES: readonly Case[] = [
  ...(['no-alt-screen', 'alt-screen'] as const).flatMap((mode): Case[] => [
    {
      capture: `codex-0.169.0-two-turns-${mode}`,
      at: 'start-up, before the first input',
      point: turnStart(1),
      state: 'ready',
      rule: 'input.ready',
      evidence: [READY_FOOTER],
    },
    {
      capture: `codex-0.169.0-two-turns-${mode}`,
      at: 'working on turn 1',
      point: firstScreenWhere((lines) => lines.some((line) => STATUS.test(line.trim()))),
      state: 'working',
      rule: 'status.working',
      evidence: [STATUS],
    },
    {
      capture: `codex-0.169.0-two-turns-${mode}`,
      at: 'turn 1 answered, before turn 2',
      point: turnStart(2),
      state: 'ready',
      rule: 'input.ready',
      evidence: [READY_FOOTER],
    },
    {
      capture: `codex-0.169.0-two-turns-${mode}`,
      at: 'turn 2 answered',
      point: streamEnd,
      state: 'ready',
      rule: 'input.ready',
      evidence: [READY_FOOTER],
    },
  ]),
  {
    capture: 'codex-0.169.0-working',
    at: 'waiting for the first token',
    point: moment('working'),
    state: 'working',
    rule: 'status.working',
    evidence: [STATUS],
  },
  {
    capture: 'codex-0.169.0-working',
    at: 'the turn finished',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'codex-0.169.0-approval',
    at: 'asking to run `touch x && rm -f x` outside the sandbox',
    point: moment('approval_prompt'),
    state: 'approval_prompt',
    rule: 'prompt.approval',
    evidence: ['Would you like to run the following command?'],
  },
  {
    capture: 'codex-0.169.0-approval',
    at: 'approved, the turn finished',
    point: moment('ready', 1),
    state: 'ready',
    rule: 'input.ready',
    evidence: [READY_FOOTER],
  },
  {
    capture: 'codex-0.169.0-rate-limit',
    at: 'the model call rejected with 429 usage_limit_reached',
    point: moment('limit_reached'),
    state: 'limit_reached',
    rule: 'banner.limit',
    evidence: ['■ You’ve hit your usage limit. Try again later.'],
  },
  {
    capture: 'codex-0.169.0-api-error',
    at: 'the model call rejected with 400',
    point: moment('error'),
    state: 'error',
    rule: 'banner.error',
    evidence: [/^■ \{"error":\{"type":"invalid_request_error"/],
  },
  ...(['rate-limit', 'api-error'] as const).flatMap((scenario): Case[] => [
    {
      capture: `codex-0.169.0-${scenario}`,
      at: 'the next turn working, the failure still on screen above it',
      point: moment('working'),
      state: 'working',
      rule: 'status.working',
      evidence: [STATUS],
    },
    {
      capture: `codex-0.169.0-${scenario}`,
      at: 'the next turn answered in one short line',
      point: moment('ready', 1),
      state: 'ready',
      rule: 'input.ready',
      evidence: [READY_FOOTER],
    },
  ]),
  {
    capture: 'codex-0.169.0-trust',
    at: 'start-up in a git repository never trusted',
    point: moment('startup_prompt'),
    state: 'startup_prompt',
    rule: 'prompt.trust',
    evidence: [/^Trust this folder\? Codex can read, edit, and run files here\b/, '› 1. Trust and continue'],
  },
  {
    capture: 'codex-0.169.0-login',
    at: 'start-up with no login, no API key and no provider of its own',
    point: moment('auth_required'),
    state: 'auth_required',
    rule: 'prompt.login',
    evidence: ["Welcome to Codex, OpenAI's command-line coding agent"],
  },
  {
    capture: 'codex-0.169.0-network-failure',
    at: 'the model API unreachable, reconnecting just after the task was sent',
    point: moment('error'),
    state: 'error',
    rule: 'status.reconnecting',
    evidence: [RECONNECTING, '└ Connection failed: error sending request'],
  },
  {
    capture: 'codex-0.169.0-network-failure',
    at: 'the model API unreachable, still reconnecting after 40 s',
    point: moment('error', 1),
    state: 'error',
    rule: 'status.reconnecting',
    evidence: [RECONNECTING, '└ Connection failed: error sending request'],
  },
];

const expectedEvidence = (evidence: Case['evidence']) =>
  evidence.map((line) => (typeof line === 'string' ? line : expect.stringMatching(line)));

describe('classifyCodexScreen on real Codex 0.169.0 screens', () => {
  describe.each(CASES)('$capture, $at', (entry) => {
    const capture = loadCapture(entry.capture);
    const sent = capture.meta.turns.map((turn) => turn.sent);

    it(`reads ${entry.state} (${entry.rule})`, async () => {
      const screen = await screenAt(capture, await entry.point(capture));
      const observation = classifyCodexScreen(screen);
      expect(observation).toMatchObject({ state: entry.state, rule: entry.rule, evidence: expectedEvidence(entry.evidence) });
      expect(observation.confidence).toBeGreaterThan(0.5);
    });

    it('reads the same once lines echoing the sent text are removed, and never takes the caller’s words as evidence', async () => {
      const screen = await screenAt(capture, await entry.point(capture));
      const lines = withoutEcho(screen.lines, sent);
      const observation = classifyCodexScreen({ ...screen, lines });
      expect(observation).toMatchObject({ state: entry.state, rule: entry.rule, evidence: expectedEvidence(entry.evidence) });
      for (const line of observation.evidence) expect(isCallersText(line, sent)).toBe(false);
    });
  });

  it('between the input and the approval prompt reads working, never a prompt or an empty input', async () => {
    const capture = loadCapture('codex-0.169.0-approval');
    const busy = await firstScreenWhere((lines) => lines.some((line) => STATUS.test(line.trim())))(capture);
    const asked = await moment('approval_prompt')(capture);
    expect(busy).toBeGreaterThan(await turnStart(1)(capture));
    const seen = new Set<string>();
    // Codex draws whole frames (synchronized output): every screen on the way is a real one.
    for (let at = busy; at < asked; at += 64) seen.add(classifyCodexScreen(await screenAt(capture, at)).state);
    expect([...seen]).toEqual(['working']);
  });

  it('while it streams a reply Codex hides its status line: the screen alone reads ready, its state sequence still says working', async () => {
    const capture = loadCapture('codex-0.169.0-working');
    const streaming = await firstScreenWhere((lines) => lines.some((line) => line.trim() === 'AGENTPOOL_RESULT_START'))(capture);
    expect(streaming).toBeLessThan(await moment('ready', 1)(capture));
    const screen = await screenAt(capture, streaming);
    expect(screen.lines.some((line) => /Worked for|esc to interrupt/.test(line))).toBe(false);
    expect(classifyCodexScreen(screen).state).toBe('ready');

    const renderer = await createStreamRenderer({ cols: capture.meta.cols, rows: capture.meta.rows, oscCodes: [CODEX_STATE_OSC] });
    await renderer.feed(capture.bytes.subarray(0, streaming));
    const signals = renderer.oscEvents.map((event) => parseCodexStateSequence(event.data)).filter(Boolean);
    expect(signals.at(-1)).toEqual({ kind: 'turn_started' });
    renderer.dispose();
  });
});

describe('classifyCodexScreen on 0.169.0 start-up screens seen through agentpool (lines copied from the pane)', () => {
  const screen = (lines: string[]) => ({ lines, width: 120, height: 30 });

  it('the half-second input line before the trust prompt, with a bare "? for shortcuts" footer, is not ready', () => {
    const loading = ['  >_ OpenAI Codex (v0.169.0)', '     /tmp/repo', '› Ask Codex to do anything', '  ? for shortcuts'];
    expect(classifyCodexScreen(screen(loading))).toMatchObject({ state: 'unknown', rule: 'input.loading' });
    const ready = [
      '  >_ OpenAI Codex (v0.169.0)',
      '› Ask Codex to do anything',
      '  gpt-4o default · /tmp/repo',
      '  ← for agents · ? for shortcuts',
    ];
    expect(classifyCodexScreen(screen(ready))).toMatchObject({ state: 'ready' });
  });

  it('the trust prompt is answered with Enter; the model-upgrade offer is left to the caller', () => {
    const trust = [
      '  Folder access',
      '  Trust this folder? Codex can read, edit, and run files here',
      '› 1. Trust and continue',
      '  2. Back to Agent Command Center',
    ];
    expect(classifyCodexScreen(screen(trust)).startupPrompt).toEqual({ kind: 'trust_folder', acceptKeys: ['Enter'] });
    const upgrade = ['  Meet GPT-6 Sol', '› 1. Try new model', '  2. Use existing model', '  enter/esc confirm · ^c quit'];
    expect(classifyCodexScreen(screen(upgrade))).toMatchObject({
      state: 'startup_prompt',
      rule: 'prompt.model_upgrade',
      startupPrompt: { kind: 'other' },
    });
  });
});
