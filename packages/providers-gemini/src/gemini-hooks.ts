import { recorderCommand, type SignalRecorder, type WorkerSignal } from '@agentpool/core';

/**
 * Gemini CLI's hooks as agentpool uses them: command hooks in the worker's own settings.json
 * (timeouts in ms) that hand each event's JSON to the signal recorder. Fields as Gemini CLI 0.61.0
 * sends them (from real captures; every event also has `session_id, transcript_path, cwd,
 * hook_event_name, timestamp`):
 * - BeforeAgent `{prompt}`: a prompt was submitted and the agent starts on it;
 * - AfterTool `{tool_name, tool_input, tool_response}`: a tool finished, the turn goes on;
 * - AfterAgent `{prompt, prompt_response, stop_hook_active}`: the turn's final response;
 * - Notification `{notification_type: "ToolPermission", message, details}`: a tool waits for approval
 *   (`details.type` `exec` for a shell command, `ask_user` for the question dialog);
 * - SessionEnd `{reason}` (`exit`, `clear`, `logout`, `prompt_input_exit`, `other`).
 *
 * Notification is read but not configured: Gemini awaits its hooks, and it runs the ToolPermission
 * one before its dialog takes keys (a hook process can take seconds to start on a busy machine),
 * so a caller answering on that signal would lose its keys. The dialog is read from the screen,
 * once it is there. (The captures' hook records include it.)
 * A failed model call fires no hook of its own: a rejected call (an API error) still ends with
 * AfterAgent, its `prompt_response` the CLI's placeholder `[no response text]`; a spent quota opens
 * the CLI's quota dialog and nothing fires until it is answered. The screen tells which failure it was.
 */
export const GEMINI_HOOK_EVENTS = ['BeforeAgent', 'AfterTool', 'AfterAgent', 'SessionEnd'] as const;

/** Events Gemini matches against a tool name (a regular expression): their entry needs a matcher. */
const TOOL_EVENTS: ReadonlySet<string> = new Set(['AfterTool']);

/** The `hooks` of a settings.json that record every event above into `file`. */
export function geminiHooks(recorder: SignalRecorder, file: string): Record<string, unknown[]> {
  const command = recorderCommand(recorder, file);
  const hooks: Record<string, unknown[]> = {};
  for (const event of GEMINI_HOOK_EVENTS) {
    hooks[event] = [
      {
        ...(TOOL_EVENTS.has(event) ? { matcher: '.*' } : {}),
        hooks: [{ name: 'agentpool-signal', type: 'command', command, timeout: 10_000 }],
      },
    ];
  }
  return hooks;
}

/** What AfterAgent's `prompt_response` holds when the turn produced no text at all. */
const NO_RESPONSE = '[no response text]';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Reads one hook event (the JSON Gemini CLI wrote to the hook's stdin) as a turn event; null for
 * events that say nothing about the turn.
 *
 * AfterAgent's `prompt_response` is not handed on as the final reply: 0.61.0 builds it by joining
 * the text of every streamed chunk with a space (`Turn.getResponseText`), so a reply streamed in
 * pieces arrives with spaces inside its words and markers, and a result block read from it could
 * be wrong. agentpool reads the block from the screen instead, where the reply is drawn as written.
 * Its `prompt` is not handed on either: Gemini reports no turns of its own, and the prompt it
 * reports is its own rendering of what was submitted.
 */
export function parseGeminiHookEvent(payload: string): WorkerSignal | null {
  let event: unknown;
  try {
    event = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return null;
  const record = event as Record<string, unknown>;
  switch (record.hook_event_name) {
    case 'BeforeAgent':
    case 'AfterTool':
      return { kind: 'turn_started' };
    case 'AfterAgent':
      // The placeholder Gemini reports when the turn produced no text: the model call failed (the screen says how).
      if (record.prompt_response === NO_RESPONSE) {
        return { kind: 'turn_failed', reason: 'no_response', message: 'Gemini CLI ended the turn without a reply (a failed model call)' };
      }
      return { kind: 'turn_completed' };
    case 'Notification': {
      if (record.notification_type !== 'ToolPermission') return null;
      // The ask_user tool's dialog is a question for the caller; every other tool waits for an approval.
      const details = typeof record.details === 'object' && record.details !== null ? (record.details as Record<string, unknown>) : {};
      return { kind: 'needs_input', input: details.type === 'ask_user' ? 'question' : 'approval', message: text(record.message) };
    }
    case 'SessionEnd':
      return { kind: 'session_ended', reason: text(record.reason) };
    default:
      return null;
  }
}
