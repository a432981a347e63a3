import { parseJsonObject, recorderCommand, type SignalRecorder, type WorkerSignal } from '@agentpool/core';

/**
 * Copilot CLI's hooks as agentpool uses them. Repository hooks live in `.github/hooks/*.json`, which
 * agentpool never writes; instead each worker gets a plugin of its own, loaded with
 * `--plugin-dir <folder>` (a `plugin.json` manifest naming a `hooks.json`): nothing in the user's
 * repository, `~/.copilot` or settings changes. Every hook hands its event's JSON to the signal
 * recorder. Events are named in their PascalCase ("VS Code compatible") form, whose payloads carry
 * `hook_event_name` and snake_case fields (the camelCase names send neither). What 1.0.102 sends:
 * - UserPromptSubmit `{prompt}`; PostToolUse `{tool_name, tool_input, tool_result}`; PostToolUseFailure `{tool_name, error}`
 * - Stop `{transcript_path, stop_reason: "end_turn", stop_hook_active}` (no reply text: that stays in the transcript)
 * - Notification `{message, title, notification_type}`: `permission_prompt`, `elicitation_dialog` (the ask_user form),
 *   and background ones (`shell_completed`, `agent_completed`, `agent_idle`, …)
 * - ErrorOccurred `{error: {message, name}, error_context: "model_call" | "tool_execution" | "system" | "user_input", recoverable}`:
 *   one per failed model call, retries included (a 429 without `retry-after` is retried five times, silently on screen)
 * - SessionEnd `{reason}`; every event also has `session_id, timestamp, cwd`.
 */
export const COPILOT_HOOK_EVENTS = [
  'UserPromptSubmit',
  'PostToolUse',
  'PostToolUseFailure',
  'Stop',
  'ErrorOccurred',
  'Notification',
  'SessionEnd',
] as const;

/** The plugin's name, as Copilot lists it (`/plugin`, `copilot plugin list`). */
export const COPILOT_PLUGIN_NAME = 'agentpool-signals';
/** The hooks file the manifest names, beside it. */
export const COPILOT_HOOKS_FILE = 'agentpool-hooks.json';

/** The manifest of the per-worker plugin (`plugin.json`). */
export function copilotPluginManifest(): Record<string, unknown> {
  return {
    name: COPILOT_PLUGIN_NAME,
    description: 'Reports this worker’s turn events to agentpool.',
    version: '1.0.0',
    hooks: COPILOT_HOOKS_FILE,
  };
}

/** The hook configuration (`{"version": 1, "hooks": …}`) that records every event into `file`. */
export function copilotHookConfig(recorder: SignalRecorder, file: string): { version: 1; hooks: Record<string, unknown[]> } {
  const bash = recorderCommand(recorder, file);
  const hooks: Record<string, unknown[]> = {};
  for (const event of COPILOT_HOOK_EVENTS) hooks[event] = [{ type: 'command', bash, timeoutSec: 10 }];
  return { version: 1, hooks };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** Words of a failed model call that mean a rate or usage limit, in what OpenAI-style and Copilot's own errors say. */
const LIMIT =
  /\b(429|rate[ _-]?limit(ed|_exceeded)?|too many requests|usage[ _-]limit|quota[ _-]?exceeded|insufficient_quota|exceeded your (current )?quota|premium request|spending limit|additional usage limit)\b/i;

/** The readable message of an error: Copilot passes the provider's JSON body through as `error.message`. */
function errorMessage(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return text(error);
  const raw = text((error as Record<string, unknown>).message);
  if (!raw?.startsWith('{')) return raw;
  try {
    const body = JSON.parse(raw) as Record<string, unknown>;
    const inner = (typeof body.error === 'object' && body.error !== null ? body.error : body) as Record<string, unknown>;
    return text(inner.message) ?? raw;
  } catch {
    return raw;
  }
}

/** Reads one hook event (the JSON Copilot wrote to the hook's stdin) as a turn event; null for events that say nothing about the turn. */
export function parseCopilotHookEvent(payload: string): WorkerSignal | null {
  const event = parseJsonObject(payload);
  if (!event) return null;
  switch (event.hook_event_name) {
    case 'UserPromptSubmit':
    case 'PostToolUse':
    case 'PostToolUseFailure':
      // A prompt taken, or a tool finished (an approved command ran) and the turn goes on.
      return { kind: 'turn_started' };
    case 'Stop':
      return { kind: 'turn_completed' };
    case 'Notification':
      switch (event.notification_type) {
        case 'permission_prompt':
          return { kind: 'needs_input', input: 'approval', message: text(event.message) };
        case 'elicitation_dialog':
          return { kind: 'needs_input', input: 'question', message: text(event.message) };
        default:
          // Background shells and agents finishing say nothing about the foreground turn.
          return null;
      }
    case 'ErrorOccurred': {
      const context = event.error_context;
      if (context !== 'model_call' && context !== 'system') return null;
      const raw = typeof event.error === 'object' && event.error !== null ? (event.error as Record<string, unknown>).message : undefined;
      const message = errorMessage(event.error);
      // A rate limit is reported for every retry too: a turn retrying after a 429 is held by the limit, not working.
      if (LIMIT.test(`${String(raw ?? '')} ${message ?? ''}`)) return { kind: 'limit_reached', message };
      // Other failed calls Copilot may still retry or recover from (it compacts a too-long prompt): its screen tells.
      return event.recoverable === false ? { kind: 'turn_failed', reason: String(context), message } : null;
    }
    case 'SessionEnd':
      return { kind: 'session_ended', reason: text(event.reason) };
    default:
      return null;
  }
}
