import { describe, expect, it } from 'vitest';
import { MAX_ARG_TASK_BYTES, validateTask } from '../src/task-validation.js';
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

  const ARG = { promptMode: 'arg', promptModes: ['arg', 'send_after_launch', 'stdin'], provider: 'fake-completed' } as const;

  it('limits a task for prompt mode arg to what fits on a tmux command line, and suggests a mode that takes more', () => {
    const task = `Summarise:\n${'x'.repeat(MAX_ARG_TASK_BYTES)}`;
    const error = catchAgentPoolError(() => validateTask(task, ARG));
    expect(error.code).toBe('INVALID_TASK');
    expect(error.message).toContain('120 KiB');
    expect(error.message).toContain('prompt mode arg');
    expect(error.hint).toBe('agentpool spawn --provider fake-completed --initial-prompt-mode send_after_launch --task-stdin < task.md');
    expect(validateTask(task, { ...ARG, promptMode: 'stdin' })).toBe(task);
  });

  it('a provider with arg mode only gets no suggestion of another mode', () => {
    const error = catchAgentPoolError(() => validateTask('y'.repeat(MAX_ARG_TASK_BYTES + 1), { promptMode: 'arg', promptModes: ['arg'] }));
    expect(error.hint).not.toContain('--initial-prompt-mode');
  });

  it('refuses control characters with their position in the task as given', () => {
    const error = catchAgentPoolError(() => validateTask('\n\nDo it.\u001b[201~\rrm -rf ~'));
    expect(error.message).toContain('ESC[201~ at character 9 (line 3, column 7)');
    expect(error.message).not.toContain('rm -rf');
  });

  it('quotes at most a short redacted excerpt of a long placeholder', () => {
    const task = `<sk-ant-abcdefghijklmnopqrstuvwxyz ${'a'.repeat(5000)}>`;
    const error = catchAgentPoolError(() => validateTask(task));
    expect(error.message.length).toBeLessThan(200);
    expect(JSON.stringify(error.toJSON())).not.toContain('sk-ant-abcdefghijkl');
  });
});
