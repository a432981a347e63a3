import { AgentPoolError } from './errors.js';

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

/** Rejects an empty or placeholder task before anything is started or written. */
export function validateTask(task: string | undefined | null): string {
  const trimmed = (task ?? '').trim();
  if (trimmed.length === 0) {
    throw new AgentPoolError('INVALID_TASK', 'The task is empty.', {
      hint: 'agentpool spawn --provider <id> --task "Inspect the repo and summarise the build."',
    });
  }
  if (PLACEHOLDERS.some((pattern) => pattern.test(trimmed))) {
    throw new AgentPoolError('INVALID_TASK', `The task "${trimmed}" looks like a placeholder, not a task.`, {
      details: { task: trimmed },
      hint: 'agentpool spawn --provider <id> --task "Inspect the repo and summarise the build."',
    });
  }
  return trimmed;
}
