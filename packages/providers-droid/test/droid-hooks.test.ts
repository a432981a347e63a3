import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { DROID_HOOK_EVENTS, droidHookSettings, parseDroidHookEvent } from '../src/droid-hooks.js';

// What Droid 0.225.2 handed its hooks in real captures (stored by agentpool's signal recorder).
const eventName = (payload: string) => (JSON.parse(payload) as { hook_event_name: string }).hook_event_name;

describe('parseDroidHookEvent on the hook events of real Droid 0.225.2 turns', () => {
  it('approval turn then a second turn: started, asks for approval, goes on; Stop is no completion', () => {
    const capture = loadCapture('droid-0.225.2-approval');
    const read = capture.signals.map((record) => [eventName(record.payload), parseDroidHookEvent(record.payload)]);
    expect(read).toEqual([
      ['SessionStart', null],
      ['UserPromptSubmit', { kind: 'turn_started' }],
      ['PreToolUse', { kind: 'turn_started' }],
      ['Notification', { kind: 'needs_input', input: 'approval', message: 'Factory CLI needs permission to execute 1 tool(s)' }],
      ['PostToolUse', { kind: 'turn_started' }],
      ['Stop', null],
      ['UserPromptSubmit', { kind: 'turn_started' }],
      ['Stop', null],
    ]);
  });

  it('an AskUser question: its Notification is elicitation_dialog, read as a question', () => {
    const capture = loadCapture('droid-0.225.2-question');
    const read = capture.signals.map((record) => [eventName(record.payload), parseDroidHookEvent(record.payload)]);
    expect(read).toContainEqual([
      'Notification',
      { kind: 'needs_input', input: 'question', message: 'Factory CLI is asking the user 1 question(s)' },
    ]);
  });

  it('a turn whose model call failed (429 after every retry) still fires Stop: which is why Stop is not read as a completion', () => {
    const capture = loadCapture('droid-0.225.2-rate-limit');
    const names = capture.signals.map((record) => eventName(record.payload));
    expect(names.slice(0, 3)).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop']);
    expect(
      capture.signals.map((record) => parseDroidHookEvent(record.payload)).filter((signal) => signal?.kind === 'turn_completed'),
    ).toEqual([]);
  });

  it('reads the other notifications and the session end', () => {
    const event = (fields: Record<string, unknown>) =>
      JSON.stringify({ session_id: 's', cwd: '/r', permission_mode: 'auto-low', ...fields });
    expect(
      parseDroidHookEvent(
        event({
          hook_event_name: 'Notification',
          notification_type: 'idle_prompt',
          message: 'Agent stopped by user and is waiting for input',
        }),
      ),
    ).toEqual({ kind: 'needs_input', input: 'idle', message: 'Agent stopped by user and is waiting for input' });
    expect(parseDroidHookEvent(event({ hook_event_name: 'Notification', notification_type: 'elicitation_dialog' }))).toEqual({
      kind: 'needs_input',
      input: 'question',
      message: undefined,
    });
    expect(parseDroidHookEvent(event({ hook_event_name: 'Notification', notification_type: 'auth_success' }))).toBeNull();
    expect(parseDroidHookEvent(event({ hook_event_name: 'SessionEnd', reason: 'exit' }))).toEqual({
      kind: 'session_ended',
      reason: 'exit',
    });
  });

  it('never throws on junk', () => {
    for (const payload of ['', 'null', '[]', '{"hook_event_name":42}', 'x'.repeat(10_000)]) {
      expect(parseDroidHookEvent(payload)).toBeNull();
    }
  });
});

describe('droidHookSettings', () => {
  it('runs the recorder, shell-quoted, for every event; tool events match every tool', () => {
    const hooks = droidHookSettings({ dir: '/s', argv: ['/usr/bin/node', '-e', "record('x')", '--'] }, '/s/droid-hooks.jsonl');
    expect(Object.keys(hooks)).toEqual([...DROID_HOOK_EVENTS]);
    expect(hooks.PreToolUse).toEqual([
      {
        matcher: '*',
        hooks: [{ type: 'command', command: `'/usr/bin/node' '-e' 'record('\\''x'\\'')' '--' '/s/droid-hooks.jsonl'`, timeout: 10 }],
      },
    ]);
    expect(hooks.Stop?.[0]).not.toHaveProperty('matcher');
  });
});
