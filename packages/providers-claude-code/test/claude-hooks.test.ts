import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkerSignal } from '@agentpool/core';
import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { CLAUDE_HOOK_EVENTS, claudeHookSettings, parseClaudeHookEvent } from '../src/claude-hooks.js';

// The hook records Claude Code 2.1.197 produced in real captures (each is the JSON it wrote to the
// hook's stdin, as agentpool's signal recorder stored it).
const permission = loadCapture('claude-code-2.1.197-permission');
const working = loadCapture('claude-code-2.1.197-working');
const rejected = loadCapture('claude-code-2.1.197-api-error');
const limited = loadCapture('claude-code-2.1.197-rate-limit');
const notLoggedIn = loadCapture('claude-code-2.1.197-login');
const unreachable = loadCapture('claude-code-2.1.197-network-failure');
const eventOf = (payload: string) => (JSON.parse(payload) as { hook_event_name: string }).hook_event_name;

describe('parseClaudeHookEvent on the hook payloads of real Claude Code 2.1.197 turns', () => {
  it('the captures hold the events of a turn with a permission prompt and of a plain turn, in order', () => {
    expect(permission.signals.map((record) => eventOf(record.payload))).toEqual([
      'UserPromptSubmit',
      'Notification',
      'PostToolUse',
      'Stop',
    ]);
    expect(working.signals.map((record) => eventOf(record.payload))).toEqual(['UserPromptSubmit', 'Stop']);
  });

  it('a failed model call ends the turn with StopFailure (no Stop); the next turn runs as usual', () => {
    for (const capture of [rejected, limited])
      expect(capture.signals.map((record) => eventOf(record.payload))).toEqual([
        'UserPromptSubmit',
        'StopFailure',
        'UserPromptSubmit',
        'Stop',
      ]);
  });

  const cases: readonly { capture: typeof permission; index: number; signal: WorkerSignal }[] = [
    { capture: permission, index: 0, signal: { kind: 'turn_started' } },
    { capture: permission, index: 1, signal: { kind: 'needs_input', input: 'approval', message: 'Claude needs your permission' } },
    { capture: permission, index: 2, signal: { kind: 'turn_started' } },
    {
      capture: permission,
      index: 3,
      signal: { kind: 'turn_completed', finalText: permission.meta.turns[0]?.reply.split(', then: ')[1] },
    },
    { capture: working, index: 0, signal: { kind: 'turn_started' } },
    { capture: working, index: 1, signal: { kind: 'turn_completed', finalText: working.meta.turns[0]?.reply } },
    {
      capture: rejected,
      index: 1,
      signal: {
        kind: 'turn_failed',
        reason: 'invalid_request',
        message:
          '400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 250000 tokens > 200000 maximum"}}',
      },
    },
    {
      capture: limited,
      index: 1,
      signal: {
        kind: 'limit_reached',
        message: "API Error: Request rejected (429) · This request would exceed your account's rate limit. Please try again later.",
      },
    },
    { capture: limited, index: 3, signal: { kind: 'turn_completed', finalText: 'Hello.' } },
    {
      capture: notLoggedIn,
      index: 1,
      signal: { kind: 'turn_failed', reason: 'authentication_failed', message: 'Not logged in · Please run /login' },
    },
    // Only once it gives up: while it retries (the screen's countdown) no hook is called.
    {
      capture: unreachable,
      index: 1,
      signal: { kind: 'turn_failed', reason: 'server_error', message: 'API Error: Unable to connect to API (ConnectionRefused)' },
    },
  ];
  it.each(cases)('$capture.name #$index', ({ capture, index, signal }) => {
    const record = capture.signals[index];
    expect(record).toBeDefined();
    expect(parseClaudeHookEvent(record?.payload ?? '')).toEqual(signal);
  });

  it('a task with no login, or with the API unreachable, ends with StopFailure alone', () => {
    for (const capture of [notLoggedIn, unreachable])
      expect(capture.signals.map((record) => eventOf(record.payload))).toEqual(['UserPromptSubmit', 'StopFailure']);
  });

  it('the Stop event carries the whole final reply, result block included', () => {
    const stop = parseClaudeHookEvent(working.signals[1]?.payload ?? '');
    expect(stop?.kind === 'turn_completed' && stop.finalText).toContain('AGENTPOOL_RESULT_END');
  });
});

describe('parseClaudeHookEvent on events not captured yet (fields as in the 2.1.197 binary)', () => {
  // Built from a real payload's common fields, with the event's own fields as documented in claude-hooks.ts.
  const common = JSON.parse(working.signals[0]?.payload ?? '{}') as Record<string, unknown>;
  const payload = (fields: Record<string, unknown>) => JSON.stringify({ ...common, ...fields });
  it.each([
    [
      'a rate limit',
      { hook_event_name: 'StopFailure', error: 'rate_limit', error_details: 'limit reached' },
      { kind: 'limit_reached', message: 'limit reached' },
    ],
    [
      'a server error',
      { hook_event_name: 'StopFailure', error: 'server_error', last_assistant_message: 'API Error: 500' },
      { kind: 'turn_failed', reason: 'server_error', message: 'API Error: 500' },
    ],
    ['a failure without a reason', { hook_event_name: 'StopFailure' }, { kind: 'turn_failed', reason: 'unknown', message: undefined }],
    [
      'a question',
      { hook_event_name: 'Notification', notification_type: 'elicitation_dialog', message: 'Pick one' },
      { kind: 'needs_input', input: 'question', message: 'Pick one' },
    ],
    [
      'waiting for input',
      { hook_event_name: 'Notification', notification_type: 'idle_prompt', message: 'Claude is waiting for your input' },
      { kind: 'needs_input', input: 'idle', message: 'Claude is waiting for your input' },
    ],
    ['a login notice', { hook_event_name: 'Notification', notification_type: 'auth_success', message: 'Signed in' }, null],
    [
      'the session ending',
      { hook_event_name: 'SessionEnd', reason: 'prompt_input_exit' },
      { kind: 'session_ended', reason: 'prompt_input_exit' },
    ],
    ['an event agentpool does not ask for', { hook_event_name: 'PreCompact' }, null],
  ] as const)('%s', (_name, fields, signal) => {
    expect(parseClaudeHookEvent(payload(fields))).toEqual(signal);
  });

  it('a record that is not JSON says nothing', () => {
    expect(parseClaudeHookEvent('')).toBeNull();
    expect(parseClaudeHookEvent('{"hook_event_name":')).toBeNull();
  });
});

describe('claudeHookSettings', () => {
  it('hands every event to the recorder, PostToolUse for every tool', () => {
    const settings = claudeHookSettings({ dir: '/s', argv: ['/usr/bin/node', '-e', 'x', '--'] }, '/s/claude-hooks.jsonl');
    expect(Object.keys(settings.hooks)).toEqual([...CLAUDE_HOOK_EVENTS]);
    expect(settings.hooks.PostToolUse).toEqual([
      { matcher: '*', hooks: [{ type: 'command', command: "'/usr/bin/node' '-e' 'x' '--' '/s/claude-hooks.jsonl'", timeout: 10 }] },
    ]);
    expect(settings.hooks.Stop).toEqual([{ hooks: [expect.objectContaining({ type: 'command' })] }]);
  });

  it('its command, run by a POSIX shell as Claude Code runs hooks, gets the payload to a file whose path has quotes and spaces', () => {
    const dir = mkdtempSync(join(tmpdir(), "ap hooks 'quoted' "));
    try {
      const file = join(dir, "it's $HOME `here`.jsonl");
      const recorder = {
        dir,
        argv: [process.execPath, '-e', "require('fs').appendFileSync(process.argv[1], require('fs').readFileSync(0, 'utf8'))", '--'],
      };
      const [entry] = claudeHookSettings(recorder, file).hooks.Stop as { hooks: { command: string }[] }[];
      const command = entry?.hooks[0]?.command ?? '';
      const payload = working.signals[1]?.payload ?? '';
      execFileSync('/bin/sh', ['-c', command], { input: payload });
      expect(readFileSync(file, 'utf8')).toBe(payload);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
