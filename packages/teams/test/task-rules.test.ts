import { AgentPoolError } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { claimRefusal } from '../src/claim-rules.js';
import { checkDependencies, statusesById } from '../src/task-graph.js';

const task = (id: string, status: string, owner = 'unassigned', dependsOn: string[] = []) => ({ id, status, owner, dependsOn });
const codeOf = (error: unknown) => (AgentPoolError.isInstance(error) ? error.code : null);

describe('claim rules', () => {
  const tasks = [task('task-1', 'in_progress', 'a'), task('task-2', 'pending', 'unassigned', ['task-1']), task('task-3', 'completed', 'b')];

  it("refuses another member's in-progress task, a completed one, and a blocked one", () => {
    expect(codeOf(claimRefusal(tasks[0]!, 'b', statusesById(tasks)))).toBe('TASK_CONFLICT');
    expect(codeOf(claimRefusal(tasks[2]!, 'b', statusesById(tasks)))).toBe('TASK_CONFLICT');
    expect(codeOf(claimRefusal(tasks[1]!, 'b', statusesById(tasks)))).toBe('TASK_BLOCKED');
  });

  it('allows claiming again a task one already has', () => {
    expect(claimRefusal(tasks[0]!, 'a', statusesById(tasks))).toBeNull();
  });
});

describe('dependency checks', () => {
  const board = [task('task-1', 'pending'), task('task-2', 'pending', 'unassigned', ['task-1'])];

  it('refuses an unknown id with a suggestion, the task itself, and a cycle', () => {
    expect(() => checkDependencies('task-3', ['task-7'], board)).toThrow(
      "--depends-on names an unknown task: task-7. Did you mean 'task-2'?",
    );
    expect(() => checkDependencies('task-1', ['task-1'], board)).toThrow('cannot name the task itself');
    expect(() => checkDependencies('task-1', ['task-2'], board)).toThrow('dependency cycle: task-1 -> task-2 -> task-1');
  });

  it('accepts a diamond', () => {
    const diamond = [...board, task('task-3', 'pending', 'unassigned', ['task-1'])];
    expect(() => checkDependencies('task-4', ['task-2', 'task-3'], diamond)).not.toThrow();
  });
});
