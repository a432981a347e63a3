import type { WorkerSignal } from '@agentpool/core';
import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { GEMINI_HOOK_EVENTS, geminiHooks, parseGeminiHookEvent } from '../src/gemini-hooks.js';

// Hook records Gemini CLI 0.61.0 wrote during the captures (packages/test-utils/captures/*.signals.jsonl).
const signalsOf = (name: string): (WorkerSignal | null)[] =>
  loadCapture(name).signals.map((record) => parseGeminiHookEvent(record.payload));

describe('parseGeminiHookEvent on real Gemini CLI 0.61.0 hook records', () => {
  it('a plain turn: BeforeAgent, AfterAgent', () => {
    expect(signalsOf('gemini-0.61.0-working')).toEqual([{ kind: 'turn_started' }, { kind: 'turn_completed' }]);
  });

  it('a shell command to approve: the ToolPermission notification (exec) reads as an approval', () => {
    expect(signalsOf('gemini-0.61.0-approval')).toEqual([
      { kind: 'turn_started' },
      { kind: 'needs_input', input: 'approval', message: 'Tool Confirm Shell Command requires execution' },
      { kind: 'turn_started' },
      { kind: 'turn_completed' },
    ]);
  });

  it('the ask_user dialog: the ToolPermission notification (ask_user) reads as a question', () => {
    const [, asked] = signalsOf('gemini-0.61.0-question');
    expect(asked).toMatchObject({ kind: 'needs_input', input: 'question' });
  });

  it('a rejected model call ends with AfterAgent "[no response text]": the turn failed; the next turn completes', () => {
    expect(signalsOf('gemini-0.61.0-api-error')).toEqual([
      { kind: 'turn_started' },
      { kind: 'turn_failed', reason: 'no_response', message: 'Gemini CLI ended the turn without a reply (a failed model call)' },
      { kind: 'turn_started' },
      { kind: 'turn_completed' },
    ]);
  });

  it('a spent quota: only the start, the quota dialog waits (the screen tells it)', () => {
    expect(signalsOf('gemini-0.61.0-rate-limit')).toEqual([{ kind: 'turn_started' }]);
  });

  it('a call retried after 429s: one turn, started and completed', () => {
    expect(signalsOf('gemini-0.61.0-rate-limit-retry')).toEqual([{ kind: 'turn_started' }, { kind: 'turn_completed' }]);
  });

  it('never hands on AfterAgent’s prompt_response (0.61.0 joins streamed chunks with spaces)', () => {
    const [, , , completed] = signalsOf('gemini-0.61.0-approval');
    expect(completed).toEqual({ kind: 'turn_completed' });
  });

  it('reads SessionEnd, ignores other notifications and junk', () => {
    expect(parseGeminiHookEvent('{"hook_event_name":"SessionEnd","reason":"exit"}')).toEqual({ kind: 'session_ended', reason: 'exit' });
    expect(parseGeminiHookEvent('{"hook_event_name":"Notification","notification_type":"Other"}')).toBeNull();
    expect(parseGeminiHookEvent('{"hook_event_name":"PreCompress"}')).toBeNull();
    for (const junk of ['', 'not json', 'null', '[]', '42', '{"hook_event_name":42}']) expect(parseGeminiHookEvent(junk)).toBeNull();
  });
});

describe('geminiHooks', () => {
  it('runs the signal recorder for every event, quoted for the shell, with a matcher for tool events and a timeout in ms', () => {
    const hooks = geminiHooks({ dir: '/s', argv: ['/usr/bin/node', '-e', "record('x')", '--'] }, '/s/gemini hooks.jsonl');
    expect(Object.keys(hooks)).toEqual([...GEMINI_HOOK_EVENTS]);
    expect(hooks.AfterTool).toEqual([
      {
        matcher: '.*',
        hooks: [
          {
            name: 'agentpool-signal',
            type: 'command',
            command: `'/usr/bin/node' '-e' 'record('\\''x'\\'')' '--' '/s/gemini hooks.jsonl'`,
            timeout: 10_000,
          },
        ],
      },
    ]);
    expect(hooks.AfterAgent?.[0]).not.toHaveProperty('matcher');
  });
});
