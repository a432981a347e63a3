import { invalidRequest } from './team-errors.js';

/** The events a team hook runs on (Claude Code's TaskCreated, TaskCompleted and TeammateIdle). */
export const HOOK_EVENTS = ['task_created', 'task_completed', 'teammate_idle'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];
export type TeamHooks = Partial<Record<HookEvent, string>>;

/** The name Claude Code gives each event in `hook_event_name`, so a hook written for Claude's teams reads ours. */
export const HOOK_EVENT_NAMES: Readonly<Record<HookEvent, string>> = {
  task_created: 'TaskCreated',
  task_completed: 'TaskCompleted',
  teammate_idle: 'TeammateIdle',
};

/** Exit code with which a hook refuses: the creation or completion does not happen, or the idle member keeps working. */
export const HOOK_BLOCK_EXIT = 2;

const isHookEvent = (value: string): value is HookEvent => (HOOK_EVENTS as readonly string[]).includes(value);

/** `event=command` (as `--hook` takes it) → [event, command]; unknown events and empty commands refused. */
export function parseHookAssignment(text: string): [HookEvent, string] {
  const at = text.indexOf('=');
  const event = (at === -1 ? text : text.slice(0, at)).trim();
  const command = at === -1 ? '' : text.slice(at + 1).trim();
  if (!isHookEvent(event)) {
    throw invalidRequest(
      `Unknown hook event '${event}'; one of: ${HOOK_EVENTS.join(', ')}.`,
      '--hook task_completed="./scripts/check.sh"',
      {
        event,
        valid: HOOK_EVENTS,
      },
    );
  }
  if (command === '') throw invalidRequest(`The ${event} hook needs a command after '='.`, `--hook ${event}="./scripts/check.sh"`);
  return [event, command];
}

/** Checks an event name given to unset. */
export function checkHookEvent(value: string): HookEvent {
  if (isHookEvent(value)) return value;
  throw invalidRequest(`Unknown hook event '${value}'; one of: ${HOOK_EVENTS.join(', ')}.`, '--unset-hook teammate_idle', { value });
}

/** What running a hook command gave. */
export interface HookRun {
  /** null when the command did not exit by itself (a signal, a timeout, or it could not start). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Why it could not start, when it could not. */
  readonly startError?: string | undefined;
}

export type HookVerdict =
  /** Exit 0: go ahead. */
  | { readonly kind: 'allow' }
  /** Exit 2: refuse; `feedback` (the hook's stderr) goes to the member. */
  | { readonly kind: 'block'; readonly feedback: string }
  /** Any other outcome: a non-blocking error; go ahead and say so. */
  | { readonly kind: 'error'; readonly warning: string };

const firstLines = (text: string, lines = 3): string => text.trim().split('\n').slice(0, lines).join(' / ');

/**
 * Claude Code's exit-code rule for its TaskCreated, TaskCompleted and TeammateIdle hooks: 0 lets the
 * event happen, 2 blocks it and feeds stderr back to the teammate, anything else is a non-blocking
 * error (the event happens; the error is reported).
 */
export function hookVerdict(event: HookEvent, run: HookRun): HookVerdict {
  if (run.exitCode === 0) return { kind: 'allow' };
  if (run.exitCode === HOOK_BLOCK_EXIT) {
    const feedback = run.stderr.trim();
    return { kind: 'block', feedback: feedback || `The ${event} hook exited ${HOOK_BLOCK_EXIT} without a message.` };
  }
  const how = run.startError
    ? `could not start (${run.startError})`
    : run.timedOut
      ? 'timed out'
      : run.exitCode === null
        ? 'was killed'
        : `exited ${run.exitCode}`;
  const said = firstLines(run.stderr);
  return {
    kind: 'error',
    warning: `The ${event} hook ${how}${said ? `: ${said}` : ''}; not blocking (only exit ${HOOK_BLOCK_EXIT} blocks).`,
  };
}

/** The JSON a hook reads on stdin: Claude Code's field names, plus agentpool's own. */
export function hookPayload(
  event: HookEvent,
  team: { readonly name: string; readonly root: string },
  fields: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return { hook_event_name: HOOK_EVENT_NAMES[event], event, team_name: team.name, team_root: team.root, cwd: process.cwd(), ...fields };
}
