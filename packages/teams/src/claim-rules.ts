import type { TaskRow } from '@agentpool/store';
import { openDependencies } from './task-graph.js';
import { teamError } from './team-errors.js';
import { UNASSIGNED } from './team-vocabulary.js';

type TaskLike = Pick<TaskRow, 'id' | 'owner' | 'status' | 'dependsOn'>;

/** Why `member` cannot claim `task` now, or null when it can. Claiming one's own in-progress task again is allowed (a no-op). */
export function claimRefusal(task: TaskLike, member: string, tasksById: ReadonlyMap<string, TaskLike>): Error | null {
  if (task.status === 'completed') {
    return teamError(
      'TASK_CONFLICT',
      `Cannot claim completed task: ${task.id}`,
      `agentpool team next --team-name <team> --member ${member}`,
      {
        task_id: task.id,
        status: task.status,
      },
    );
  }
  if (task.status === 'in_progress' && task.owner !== member && task.owner !== UNASSIGNED) {
    return teamError(
      'TASK_CONFLICT',
      `Cannot claim ${task.id}: ${task.owner} has it in progress. Ask ${task.owner} to hand it over (update-task --owner), or take another task.`,
      `agentpool team next --team-name <team> --member ${member}`,
      { task_id: task.id, owner: task.owner, status: task.status },
    );
  }
  const open = openDependencies(task, tasksById);
  if (open.length > 0) {
    return teamError(
      'TASK_BLOCKED',
      `Cannot claim ${task.id}: it waits on ${open.join(', ')}, not completed yet.`,
      `agentpool team next --team-name <team> --member ${member}`,
      { task_id: task.id, open_dependencies: open },
    );
  }
  return null;
}

/**
 * The task `member` should take next: the lowest-numbered pending task whose dependencies are all
 * completed and that is unassigned or already assigned to the member; the member's own tasks first.
 */
export function nextClaimable<T extends TaskLike>(tasks: readonly T[], member: string): T | null {
  const byId = new Map(tasks.map((task) => [task.id, task] as const));
  const claimable = tasks.filter(
    (task) =>
      task.status === 'pending' && (task.owner === member || task.owner === UNASSIGNED) && openDependencies(task, byId).length === 0,
  );
  return claimable.find((task) => task.owner === member) ?? claimable[0] ?? null;
}
