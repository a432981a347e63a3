import { parseJsonObject, recorderCommand, type SignalRecorder, type WorkerSignal } from '@agentpool/core';

/**
 * Factory Droid's hooks as agentpool uses them: the per-worker runtime settings file (passed with
 * `--settings`, "merged for this process only": the user's `~/.factory/settings.json` is never
 * touched) whose command hooks hand each event's JSON to the signal recorder. Field names as Droid
 * 0.225.2 sends them (read from real captures and its binary):
 * - every event: `session_id, transcript_path, cwd, permission_mode` (`auto-low`, `spec`, …), `hook_event_name`;
 * - SessionStart `{source}`; UserPromptSubmit `{message_id, prompt, has_images}`;
 * - PreToolUse `{tool_name, tool_input}`; PostToolUse `{tool_name, tool_input, tool_response}`;
 * - Notification `{message, notification_type}`: `permission_prompt` ("Factory CLI needs permission
 *   to execute 1 tool(s)"), `idle_prompt` ("Agent stopped by user and is waiting for input", after
 *   an interrupt), `elicitation_dialog`;
 * - Stop `{message_id, stop_hook_active, tool_execution_count, elapsed_time}` — no final message, and
 *   it fires the same way after a turn whose model call failed (a 429 after all retries), so it
 *   cannot tell a completed turn from a failed one: it is not read as a completion (the screen decides);
 * - SessionEnd `{reason}`.
 */
export const DROID_HOOK_EVENTS = ['UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Notification', 'Stop', 'SessionEnd'] as const;

/** Events Droid matches against a tool name: their entry needs a matcher. */
const TOOL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PostToolUse']);

/** The `hooks` setting that records every hook event into `file`. */
export function droidHookSettings(recorder: SignalRecorder, file: string): Record<string, unknown[]> {
  const command = recorderCommand(recorder, file);
  const hooks: Record<string, unknown[]> = {};
  for (const event of DROID_HOOK_EVENTS) {
    hooks[event] = [{ ...(TOOL_EVENTS.has(event) ? { matcher: '*' } : {}), hooks: [{ type: 'command', command, timeout: 10 }] }];
  }
  return hooks;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Reads one hook event (the JSON Droid wrote to the hook's stdin) as a turn event; null for events that say nothing decisive about the turn. */
export function parseDroidHookEvent(payload: string): WorkerSignal | null {
  const event = parseJsonObject(payload);
  if (!event) return null;
  switch (event.hook_event_name) {
    case 'UserPromptSubmit':
    case 'PreToolUse':
    case 'PostToolUse':
      // A prompt taken, a tool about to run or finished with the turn going on: the worker is working.
      return { kind: 'turn_started' };
    case 'Notification':
      switch (event.notification_type) {
        case 'permission_prompt':
          return { kind: 'needs_input', input: 'approval', message: text(event.message) };
        case 'elicitation_dialog':
          return { kind: 'needs_input', input: 'question', message: text(event.message) };
        case 'idle_prompt':
          return { kind: 'needs_input', input: 'idle', message: text(event.message) };
        default:
          return null;
      }
    case 'SessionEnd':
      return { kind: 'session_ended', reason: text(event.reason) };
    default:
      // SessionStart, and Stop (fired after failed turns too: see above).
      return null;
  }
}
