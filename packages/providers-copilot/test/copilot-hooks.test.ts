import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { copilotHookConfig, copilotPluginManifest, parseCopilotHookEvent } from '../src/copilot-hooks.js';

// What Copilot CLI 1.0.102's hooks reported in real captures (the per-worker plugin, as agentpool's signal recorder stored it).
const parsed = (name: string) => loadCapture(name).signals.map((record) => parseCopilotHookEvent(record.payload));
const events = (name: string) =>
  loadCapture(name).signals.map((record) => (JSON.parse(record.payload) as { hook_event_name?: string }).hook_event_name);

describe('parseCopilotHookEvent on the hook payloads of real Copilot CLI 1.0.102 turns', () => {
  it('a plain turn: prompt taken, then Stop', () => {
    expect(events('copilot-1.0.102-working')).toEqual(['UserPromptSubmit', 'Stop']);
    expect(parsed('copilot-1.0.102-working')).toEqual([{ kind: 'turn_started' }, { kind: 'turn_completed' }]);
  });

  it('an approval: the permission notification, then the command ran (the turn goes on), then Stop', () => {
    expect(parsed('copilot-1.0.102-approval')).toEqual([
      { kind: 'turn_started' },
      { kind: 'needs_input', input: 'approval', message: 'Run command: touch x && rm -f x' },
      { kind: 'turn_started' },
      { kind: 'turn_completed' },
    ]);
  });

  it('the ask_user form is a question', () => {
    expect(parsed('copilot-1.0.102-question')).toEqual([
      { kind: 'turn_started' },
      { kind: 'needs_input', input: 'question', message: 'Information requested' },
      { kind: 'turn_started' },
      { kind: 'turn_completed' },
    ]);
  });

  it('a 429 on the model call is a limit, with the provider’s own message (Copilot passes its JSON body through)', () => {
    const [started, limit, next, done] = parsed('copilot-1.0.102-rate-limit');
    expect(started).toEqual({ kind: 'turn_started' });
    expect(limit).toEqual({
      kind: 'limit_reached',
      message:
        'Rate limit reached for gpt-4o in organization org-imitation on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
    });
    expect([next, done]).toEqual([{ kind: 'turn_started' }, { kind: 'turn_completed' }]);
  });

  it('a 429 without retry-after: every retry is reported, each a limit, while the screen says only Working', () => {
    expect(events('copilot-1.0.102-rate-limit-retry')).toEqual(['UserPromptSubmit', ...Array(6).fill('ErrorOccurred')]);
    const [started, ...retries] = parsed('copilot-1.0.102-rate-limit-retry');
    expect(started).toEqual({ kind: 'turn_started' });
    for (const retry of retries)
      expect(retry).toMatchObject({ kind: 'limit_reached', message: expect.stringMatching(/^Rate limit reached for gpt-4o/) });
  });

  it('a recoverable 400 says nothing (the screen’s ✗ banner tells); the failed turn reports no Stop', () => {
    expect(events('copilot-1.0.102-api-error')).toEqual(['UserPromptSubmit', 'ErrorOccurred', 'UserPromptSubmit', 'Stop']);
    expect(parsed('copilot-1.0.102-api-error')).toEqual([
      { kind: 'turn_started' },
      null,
      { kind: 'turn_started' },
      { kind: 'turn_completed' },
    ]);
  });

  it('two turns: two starts, two completions', () => {
    expect(parsed('copilot-1.0.102-long-reply')).toEqual([
      { kind: 'turn_started' },
      { kind: 'turn_completed' },
      { kind: 'turn_started' },
      { kind: 'turn_completed' },
    ]);
  });

  it('unrecoverable failures, session end, background notifications and junk', () => {
    const error = (message: string, recoverable: boolean, context = 'model_call') =>
      JSON.stringify({ hook_event_name: 'ErrorOccurred', error: { message, name: 'Error' }, error_context: context, recoverable });
    expect(parseCopilotHookEvent(error('boom', false))).toEqual({ kind: 'turn_failed', reason: 'model_call', message: 'boom' });
    expect(parseCopilotHookEvent(error('boom', false, 'tool_execution'))).toBeNull();
    expect(parseCopilotHookEvent(error('You have exceeded your premium request allowance', true))).toMatchObject({ kind: 'limit_reached' });
    expect(parseCopilotHookEvent(JSON.stringify({ hook_event_name: 'SessionEnd', reason: 'user_exit' }))).toEqual({
      kind: 'session_ended',
      reason: 'user_exit',
    });
    expect(parseCopilotHookEvent(JSON.stringify({ hook_event_name: 'Notification', notification_type: 'shell_completed' }))).toBeNull();
    for (const junk of ['', 'null', '[]', '42', '{}', 'not json']) expect(parseCopilotHookEvent(junk)).toBeNull();
  });
});

describe('the per-worker hook plugin', () => {
  it('names its hooks file, and every event runs the recorder with the record file, shell-quoted', () => {
    expect(copilotPluginManifest()).toMatchObject({ name: 'agentpool-signals', hooks: 'agentpool-hooks.json' });
    const config = copilotHookConfig({ dir: '/s', argv: ['/usr/bin/node', '-e', "record('x')", '--'] }, '/s/copilot-hooks.jsonl');
    expect(config.version).toBe(1);
    expect(Object.keys(config.hooks)).toEqual([
      'UserPromptSubmit',
      'PostToolUse',
      'PostToolUseFailure',
      'Stop',
      'ErrorOccurred',
      'Notification',
      'SessionEnd',
    ]);
    expect(config.hooks.Stop).toEqual([
      { type: 'command', bash: `'/usr/bin/node' '-e' 'record('\\''x'\\'')' '--' '/s/copilot-hooks.jsonl'`, timeoutSec: 10 },
    ]);
  });
});
