import { parseJsonObject, type WorkerSignal } from '@agentpool/core';

/**
 * Reads one record of the per-worker plugin (`opencode-plugin.ts`) as a turn event. Fields as
 * opencode 1.18.33 sends them on its bus (read from real turns):
 * - `session.status` `{status: {type: "busy"}}` when work starts, and `{type: "retry", attempt, message,
 *   next}` while a failed model call waits to be retried (a 429 is retried up to 5 times, honouring
 *   `retry-after`; the message is the provider's, e.g. "Rate limit reached for gpt-4o …");
 * - `session.error` `{error: {name: "APIError" | "ProviderAuthError" | "MessageAbortedError" |
 *   "MessageOutputLengthError" | "ContextOverflowError" | "UnknownError", data: {message, statusCode,
 *   isRetryable, responseHeaders, responseBody}}}` when a turn fails, then `session.idle`;
 * - `permission.asked` `{permission: "bash" | "edit" | …, patterns, metadata: {command}}`, `permission.replied`
 *   `{reply: "once" | "always" | "reject"}`; `question.asked` `{questions: [{header, question, options}]}`,
 *   `question.replied` / `question.rejected`.
 */

/** Words of a provider's error that mean a usage or rate limit rather than a failure. */
const LIMIT = /(rate[ _-]?limit|usage limit|quota|too many requests|resource[ _]exhausted|limit reached|\b429\b)/i;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Whether a provider's error (its status code, or its message) is a usage or rate limit. */
export function isLimitError(error: { readonly statusCode?: unknown; readonly message?: unknown }): boolean {
  return error.statusCode === 429 || LIMIT.test(text(error.message) ?? '');
}

/** Why a turn failed, in the words agentpool's other adapters use where one fits. */
function failureReason(name: string | undefined, statusCode: unknown): string {
  if (name === 'ProviderAuthError' || statusCode === 401 || statusCode === 403) return 'authentication_failed';
  if (name === 'MessageOutputLengthError') return 'max_output_tokens';
  if (name === 'ContextOverflowError') return 'context_overflow';
  if (typeof statusCode === 'number' && statusCode >= 500) return 'server_error';
  if (typeof statusCode === 'number' && statusCode >= 400) return 'invalid_request';
  return name ?? 'unknown';
}

function fromError(value: unknown): WorkerSignal {
  const error = record(value);
  const name = text(error.name);
  const message = text(error.message);
  // An interrupted turn (the caller pressed Escape) waits for the caller, as an ended turn does.
  if (name === 'MessageAbortedError') return { kind: 'needs_input', input: 'idle', message };
  if (isLimitError(error)) return { kind: 'limit_reached', message, resetsAt: text(error.resetsAt) };
  return { kind: 'turn_failed', reason: failureReason(name, error.statusCode), message };
}

/** One plugin record as a turn event; null for records that say nothing about the turn (or are not JSON). */
export function parseOpencodeEvent(payload: string): WorkerSignal | null {
  const event = parseJsonObject(payload);
  if (!event) return null;
  switch (event.type) {
    case 'session.status': {
      const status = record(event.status);
      if (status.type === 'busy') return { kind: 'turn_started' };
      // A retry after a limit is the limit (not work); after other failures (no network) the screen tells.
      if (status.type === 'retry' && isLimitError(status)) return { kind: 'limit_reached', message: text(status.message) };
      return null;
    }
    case 'message.user':
    case 'permission.replied':
    case 'question.replied':
    case 'question.rejected':
      // A message taken, or an answer given: the worker works on.
      return { kind: 'turn_started' };
    case 'session.error':
      return fromError(event.error);
    case 'session.idle':
      return event.error !== undefined && event.error !== null
        ? fromError(event.error)
        : { kind: 'turn_completed', finalText: text(event.finalText) };
    case 'permission.asked': {
      const patterns = Array.isArray(event.patterns) ? event.patterns.filter((item): item is string => typeof item === 'string') : [];
      const what = text(event.command) ?? (patterns.join(' ') || undefined);
      const permission = text(event.permission);
      return { kind: 'needs_input', input: 'approval', message: [permission, what].filter(Boolean).join(': ') || undefined };
    }
    case 'question.asked': {
      const first = record(Array.isArray(event.questions) ? event.questions[0] : undefined);
      return { kind: 'needs_input', input: 'question', message: text(first.question) ?? text(first.header) };
    }
    default:
      return null;
  }
}
