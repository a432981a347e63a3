import { describe, expect, it } from 'vitest';
import { devinUserConfigPath, parseDevinHookEvent, parseJsonWithComments, readDevinUserConfig } from '../src/index.js';

// Hook payloads written from the shapes public sources report for devin 3000.10–3000.11 (no Devin CLI
// installs here, so none is a recorded payload of our own): every event has hook_event_name and
// session_id; Stop has last_assistant_message; PermissionRequest has tool_name and tool_input.
describe('parseDevinHookEvent on payloads written from documentation', () => {
  it('reads a turn’s events', () => {
    expect(parseDevinHookEvent('{"hook_event_name":"UserPromptSubmit","session_id":"s1","prompt":"hi"}')).toEqual({
      kind: 'turn_started',
    });
    expect(parseDevinHookEvent('{"hook_event_name":"PostToolUse","session_id":"s1","tool_name":"read"}')).toEqual({ kind: 'turn_started' });
    expect(
      parseDevinHookEvent(
        '{"hook_event_name":"PermissionRequest","session_id":"s1","tool_name":"exec","tool_input":{"command":"sleep 30"},"tool_use_id":"t1"}',
      ),
    ).toEqual({ kind: 'needs_input', input: 'approval', message: 'sleep 30' });
    expect(parseDevinHookEvent('{"hook_event_name":"PermissionRequest","session_id":"s1","tool_name":"edit"}')).toEqual({
      kind: 'needs_input',
      input: 'approval',
      message: 'edit',
    });
    expect(
      parseDevinHookEvent(
        '{"hook_event_name":"Stop","session_id":"s1","stop_hook_active":false,"last_assistant_message":"Done.","prompt_id":"p1"}',
      ),
    ).toEqual({ kind: 'turn_completed', finalText: 'Done.' });
    expect(parseDevinHookEvent('{"hook_event_name":"Stop","session_id":"s1"}')).toEqual({ kind: 'turn_completed', finalText: undefined });
    expect(parseDevinHookEvent('{"hook_event_name":"SessionEnd","session_id":"s1","reason":"prompt_input_exit"}')).toEqual({
      kind: 'session_ended',
      reason: 'prompt_input_exit',
    });
  });

  it('reads other events and junk as no signal', () => {
    for (const payload of ['', 'null', '[]', '{}', '{"hook_event_name":"SessionStart"}', '{"hook_event_name":42}', 'not json']) {
      expect(parseDevinHookEvent(payload)).toBeNull();
    }
  });
});

describe('the user’s Devin config, read and never written', () => {
  it('lives at $XDG_CONFIG_HOME/devin/config.json, default ~/.config/devin/config.json', () => {
    expect(devinUserConfigPath({ XDG_CONFIG_HOME: '/cfg', HOME: '/home/u' })).toBe('/cfg/devin/config.json');
    expect(devinUserConfigPath({ HOME: '/home/u' })).toBe('/home/u/.config/devin/config.json');
  });

  it('parses JSON with comments and trailing commas, leaving comment-like text inside strings alone', () => {
    expect(parseJsonWithComments('{ // a\n "a": "http://x/*y*/", /* b */ "b": [1, 2,], }')).toEqual({ a: 'http://x/*y*/', b: [1, 2] });
    expect(parseJsonWithComments('{ "a": "say \\"hi\\" // not a comment" }')).toEqual({ a: 'say "hi" // not a comment' });
    expect(parseJsonWithComments('{ /* unterminated')).toBeUndefined();
    expect(parseJsonWithComments('{ "a": }')).toBeUndefined();
  });

  it('tells an absent or empty file from one that cannot be rewritten safely', () => {
    expect(readDevinUserConfig('/x', () => null)).toEqual({ kind: 'absent' });
    expect(readDevinUserConfig('/x', () => '  \n')).toEqual({ kind: 'object', value: {} });
    expect(readDevinUserConfig('/x', () => '{"model":"swe"}')).toEqual({ kind: 'object', value: { model: 'swe' } });
    expect(readDevinUserConfig('/x', () => '"text"')).toEqual({ kind: 'unreadable' });
    expect(
      readDevinUserConfig('/x', () => {
        throw new Error('EACCES');
      }),
    ).toEqual({ kind: 'unreadable' });
    expect(readDevinUserConfig('/nonexistent/agentpool/devin/config.json')).toEqual({ kind: 'absent' });
  });
});
