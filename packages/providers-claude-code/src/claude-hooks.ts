import { parseJsonObject, type SignalRecorder, type WorkerSignal } from '@agentpool/core';

/**
 * Claude Code's hooks as agentpool uses them: a per-worker settings file (passed with
 * `--settings`, never the user's own settings) whose command hooks hand each event's JSON to the
 * signal recorder. Field names as Claude Code 2.1.197 sends them (read from its binary):
 * - UserPromptSubmit `{prompt, session_title}`; PostToolUse `{tool_name, tool_input, tool_response, tool_use_id, duration_ms}`
 * - Stop `{stop_hook_active, last_assistant_message}`; StopFailure `{error, error_details, last_assistant_message}`
 * - Notification `{message, title, notification_type}` (`permission_prompt`, `idle_prompt`, `elicitation_dialog`, `auth_success`)
 * - SessionEnd `{reason}`; every event also has `session_id, transcript_path, cwd, permission_mode, hook_event_name`.
 * No Stop fires for an interrupted turn.
 */
export const CLAUDE_HOOK_EVENTS = ['UserPromptSubmit', 'PostToolUse', 'Stop', 'StopFailure', 'Notification', 'SessionEnd'] as const;

/** Events Claude matches against a tool name: their entry needs a matcher. */
const TOOL_EVENTS: ReadonlySet<string> = new Set(['PostToolUse']);

/** Quotes one argument for the POSIX shell Claude Code runs hook commands with. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The settings object (for `--settings`) that records every hook event into `file` and, with
 * `statusFile`, every statusLine input (the JSON Claude hands its status line command, with
 * `rate_limits` for subscribers) into that file. The recorder prints nothing: the worker's status
 * line stays empty.
 */
export function claudeHookSettings(
  recorder: SignalRecorder,
  file: string,
  statusFile?: string,
): { hooks: Record<string, unknown[]>; statusLine?: { type: 'command'; command: string; padding: number } } {
  const command = [...recorder.argv, file].map(shellQuote).join(' ');
  const hooks: Record<string, unknown[]> = {};
  for (const event of CLAUDE_HOOK_EVENTS) {
    hooks[event] = [{ ...(TOOL_EVENTS.has(event) ? { matcher: '*' } : {}), hooks: [{ type: 'command', command, timeout: 10 }] }];
  }
  if (!statusFile) return { hooks };
  return { hooks, statusLine: { type: 'command', command: [...recorder.argv, statusFile].map(shellQuote).join(' '), padding: 0 } };
}

/** One usage window of a statusLine's `rate_limits`. */
export interface ClaudeRateLimitWindow {
  /** 0..100. */
  readonly usedPercent: number;
  /** ISO time the window resets. */
  readonly resetsAt: string | null;
}

/** What a statusLine record says about the account's usage windows (Claude.ai subscribers only). */
export interface ClaudeStatusLineUsage {
  readonly fiveHour: ClaudeRateLimitWindow | null;
  readonly sevenDay: ClaudeRateLimitWindow | null;
}

function windowOf(value: unknown): ClaudeRateLimitWindow | null {
  if (!value || typeof value !== 'object') return null;
  const { used_percentage: used, resets_at: resets } = value as Record<string, unknown>;
  if (typeof used !== 'number' || !Number.isFinite(used)) return null;
  return {
    usedPercent: used,
    resetsAt: typeof resets === 'number' && Number.isFinite(resets) ? new Date(resets * 1000).toISOString() : null,
  };
}

/**
 * Reads a statusLine record: `rate_limits.five_hour` / `seven_day` `{used_percentage, resets_at}`
 * (2.1.197 documents them as "only present for subscribers after first API response"). Null when
 * the record carries no rate limits (an API-key worker never has them).
 */
export function parseClaudeStatusLine(payload: string): ClaudeStatusLineUsage | null {
  const event = parseJsonObject(payload);
  const limits = event?.rate_limits;
  if (!limits || typeof limits !== 'object') return null;
  const fiveHour = windowOf((limits as Record<string, unknown>).five_hour);
  const sevenDay = windowOf((limits as Record<string, unknown>).seven_day);
  return fiveHour || sevenDay ? { fiveHour, sevenDay } : null;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Whether a turn's last reply ends by asking the caller something: its last line ends with a
 * question mark and it carries no agentpool result block. Such a turn waits for an answer, so it
 * is reported as a question rather than a plain completion.
 */
export function endsWithQuestion(text: string | undefined): boolean {
  if (!text || text.includes('AGENTPOOL_RESULT_END')) return false;
  const last = text.trim().split('\n').at(-1)?.trim() ?? '';
  return /\?["'’”)*_`]*$/.test(last);
}

/** Reads one hook event (the JSON Claude Code wrote to the hook's stdin) as a turn event; null for events that say nothing about the turn. */
export function parseClaudeHookEvent(payload: string): WorkerSignal | null {
  const event = parseJsonObject(payload);
  if (!event) return null;
  switch (event.hook_event_name) {
    case 'UserPromptSubmit':
    case 'PostToolUse':
      // A prompt taken, or a tool finished and the turn goes on: the worker is working.
      return { kind: 'turn_started' };
    case 'Stop': {
      const finalText = text(event.last_assistant_message);
      // A turn that ends by asking the caller something waits for an answer.
      if (endsWithQuestion(finalText)) return { kind: 'needs_input', input: 'question', message: finalText };
      return { kind: 'turn_completed', finalText };
    }
    case 'StopFailure': {
      const reason = text(event.error) ?? 'unknown';
      const message = text(event.error_details) ?? text(event.last_assistant_message);
      return reason === 'rate_limit' ? { kind: 'limit_reached', message } : { kind: 'turn_failed', reason, message };
    }
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
      return null;
  }
}
