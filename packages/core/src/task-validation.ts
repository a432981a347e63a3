import { AgentPoolError } from './errors.js';
import type { PromptMode } from './provider-adapter.js';
import { excerptOf, MAX_WORKER_INPUT_BYTES, validateWorkerInput } from './worker-input.js';

/**
 * The longest task for prompt mode `arg`. The prompt reaches the pane through a private file, but
 * the worker receives it as one command-line argument, and Linux refuses a single argument over
 * 128 KiB (MAX_ARG_STRLEN); the protocol instructions take part of that. stdin and
 * send_after_launch take up to MAX_WORKER_INPUT_BYTES.
 */
export const MAX_ARG_TASK_BYTES = 120 * 1024;

/** How the task will reach the worker, when known: it sets the size limit. */
export interface TaskDelivery {
  readonly promptMode: PromptMode;
  /** Every mode the provider supports, to suggest one that takes a longer task. */
  readonly promptModes: readonly PromptMode[];
  /** The provider id, for the suggested command. */
  readonly provider?: string | undefined;
}

const TASK_HINT = 'agentpool spawn --provider <id> --task "Read docs/task.md and do what it says."';

const PLACEHOLDERS = [
  /^<[^<>]*>$/,
  /^\{\{?[^{}]*\}?\}$/,
  /^\$\{?[A-Z_]+\}?$/,
  /^(your|the|my)\s+task(\s+here)?\.?$/i,
  /^(todo|tbd|fixme|xxx)(\s+task)?\.?$/i,
  /^task(\s+here)?\.?$/i,
  /^(insert|enter|describe)\s+(the\s+|your\s+)?task(\s+here)?\.?$/i,
  /^@\S+$/,
  /^(\.\.\.|…|-+|\?+)$/,
];

/**
 * Rejects an empty or placeholder task, one too large for how it will be delivered, and one holding
 * terminal control characters (NUL, ESC, C1, C0 other than newline/CR/tab), before anything is
 * started or written. Messages quote at most a short redacted excerpt of the task.
 */
export function validateTask(task: string | undefined | null, delivery?: TaskDelivery): string {
  const trimmed = (task ?? '').trim();
  if (trimmed.length === 0) {
    throw new AgentPoolError('INVALID_TASK', 'The task is empty.', {
      hint: 'agentpool spawn --provider <id> --task "Inspect the repo and summarise the build."',
    });
  }
  // Positions in messages count from the start of the task as given, not the trimmed one.
  validateWorkerInput(task ?? '', { what: 'task', code: 'INVALID_TASK', hint: TASK_HINT });
  const longer = delivery?.promptModes.find((mode) => mode !== 'arg');
  if (delivery?.promptMode === 'arg') {
    validateWorkerInput(trimmed, {
      what: 'task',
      code: 'INVALID_TASK',
      maxBytes: MAX_ARG_TASK_BYTES,
      limitReason: `in prompt mode arg (it goes on the worker's command line)${longer ? `; --initial-prompt-mode ${longer} takes up to ${MAX_WORKER_INPUT_BYTES / 1024} KiB` : ''}`,
      hint: longer
        ? `agentpool spawn --provider ${delivery.provider ?? '<id>'} --initial-prompt-mode ${longer} --task-stdin < task.md`
        : TASK_HINT,
    });
  }
  if (PLACEHOLDERS.some((pattern) => pattern.test(trimmed))) {
    const excerpt = excerptOf(trimmed);
    throw new AgentPoolError('INVALID_TASK', `The task "${excerpt}" looks like a placeholder, not a task.`, {
      details: { task: excerpt },
      hint: 'agentpool spawn --provider <id> --task "Inspect the repo and summarise the build."',
    });
  }
  return trimmed;
}
