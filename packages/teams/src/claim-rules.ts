import type { TaskRow } from '@agentpool/store';
import { openDependencies } from './task-graph.js';
import { teamError } from './team-errors.js';
import { UNASSIGNED } from './team-vocabulary.js';

type TaskLike = Pick<TaskRow, 'id' | 'owner' | 'status' | 'dependsOn'>;

/**
 * Why `member` cannot claim `task` now, or null when it can; `statuses` holds (at least) the status of
 * each of the task's dependencies. Claiming one's own in-progress task again is allowed (a no-op).
 * (Which task to take next is the store's `nextClaimableTaskId`: one query inside the claim's lock.)
 */
export function claimRefusal(task: TaskLike, member: string, statuses: ReadonlyMap<string, string>): Error | null {
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
  const open = openDependencies(task, statuses);
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
