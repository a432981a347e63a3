import { parseJsonObject, recorderCommand, type SignalRecorder, type WorkerSignal } from '@agentpool/core';

/**
 * Devin CLI's hooks as agentpool uses them. Devin reads hooks from the `hooks` key of its config in
 * the Claude Code shape (`{Event: [{matcher?, hooks: [{type: "command", command, timeout}]}]}`),
 * runs each command through a shell with the event's JSON on stdin, and merges hooks across its
 * config layers. agentpool passes a per-worker config with `--config`; that flag replaces only the
 * user layer, so the file is a copy of the user's own config (never modified) with these hooks added.
 *
 * Payloads as public sources report them (devin 3000.10–3000.11): every event has `hook_event_name`
 * and `session_id`; Stop has `stop_hook_active`, `last_assistant_message`, `prompt_id`;
 * PermissionRequest (only for calls Devin would otherwise ask about) has `tool_name`, `tool_input`,
 * `tool_use_id`; SessionEnd has `reason` (`prompt_input_exit`). A cancelled turn, and a turn that
 * ends on an error, fire no hook at all: the screen reports those.
 */
export const DEVIN_HOOK_EVENTS = ['UserPromptSubmit', 'PostToolUse', 'PermissionRequest', 'Stop', 'SessionEnd'] as const;

/** The user's config with hooks added that record every event into `file`; the user's own hooks stay. */
export function devinWorkerConfig(
  userConfig: Readonly<Record<string, unknown>>,
  recorder: SignalRecorder,
  file: string,
): Record<string, unknown> {
  const command = recorderCommand(recorder, file);
  const existing = userConfig.hooks;
  const hooks: Record<string, unknown> = existing && typeof existing === 'object' && !Array.isArray(existing) ? { ...existing } : {};
  for (const event of DEVIN_HOOK_EVENTS) {
    const entries = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    hooks[event] = [...entries, { hooks: [{ type: 'command', command, timeout: 10 }] }];
  }
  return { ...userConfig, hooks };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** What a tool call asks for, in a few words: its command when it has one, else the tool's name. */
function toolSummary(event: Record<string, unknown>): string | undefined {
  const input = event.tool_input;
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const command = text((input as Record<string, unknown>).command);
    if (command) return command;
  }
  return text(event.tool_name);
}

/** Reads one hook event (the JSON Devin wrote to the hook's stdin) as a turn event; null for events that say nothing about the turn. */
export function parseDevinHookEvent(payload: string): WorkerSignal | null {
  const event = parseJsonObject(payload);
  if (!event) return null;
  switch (event.hook_event_name) {
    case 'UserPromptSubmit':
    case 'PostToolUse':
      return { kind: 'turn_started' };
    case 'PermissionRequest':
      return { kind: 'needs_input', input: 'approval', message: toolSummary(event) };
    case 'Stop':
      return { kind: 'turn_completed', finalText: text(event.last_assistant_message) };
    case 'SessionEnd':
      return { kind: 'session_ended', reason: text(event.reason) };
    default:
      return null;
  }
}
