import { describe, expect, it } from 'vitest';
import { validateTask } from '../src/task-validation.js';
import { catchAgentPoolError } from './catch-agentpool-error.js';

describe('validateTask', () => {
  it.each<[string, string | null | undefined]>([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['null', null],
    ['undefined', undefined],
  ])('rejects an %s task as empty', (_name, task) => {
    const error = catchAgentPoolError(() => validateTask(task));
    expect(error.code).toBe('INVALID_TASK');
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(/empty/);
    expect(error.hint).toContain('--task');
  });

  it.each([
    '<task>',
    '  <your task>  ',
    'your task here',
    'Your task.',
    'the task',
    'TODO task',
    'todo',
    'TBD',
    'FIXME',
    'task',
    'Task here',
    'Describe the task',
    'insert your task here',
    '@file.md',
    '@docs/plan.md',
    '{{task}}',
    '{task}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder a user might leave in
    '${TASK}',
    '$TASK',
    '...',
    '…',
    '---',
    '?',
    '???',
  ])('rejects the placeholder %j', (task) => {
    const error = catchAgentPoolError(() => validateTask(task));
    expect(error.code).toBe('INVALID_TASK');
    expect(error.message).toContain(task.trim());
    expect(error.details.task).toBe(task.trim());
  });

  it.each([
    ['Inspect the repo and summarise the build.', 'Inspect the repo and summarise the build.'],
    ['  Why does `pnpm build` fail on Node 20?  ', 'Why does `pnpm build` fail on Node 20?'],
    ['Check whether a < b always holds in src/compare.ts', 'Check whether a < b always holds in src/compare.ts'],
    ['Render <b>bold</b> in the README preview', 'Render <b>bold</b> in the README preview'],
    ['Read @docs/plan.md and implement step 2', 'Read @docs/plan.md and implement step 2'],
    ['Fix the TODO task list in app.ts', 'Fix the TODO task list in app.ts'],
    ['Summarise how <task> placeholders are handled', 'Summarise how <task> placeholders are handled'],
    ['\nList the tests.\nThen run them.\n', 'List the tests.\nThen run them.'],
    ['fix it', 'fix it'],
  ])('accepts the real task %j, trimmed', (task, expected) => {
    expect(validateTask(task)).toBe(expected);
  });
});
