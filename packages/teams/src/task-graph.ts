import type { TaskRow } from '@agentpool/store';
import { suggestClosest } from './did-you-mean.js';
import { invalidRequest, teamError } from './team-errors.js';

type TaskLike = Pick<TaskRow, 'id' | 'status' | 'dependsOn'>;

/** The error for an id that is not on the board: the ids that are, and the closest one. */
export function taskNotFound(taskId: string, knownIds: readonly string[]): Error {
  const suggestion = suggestClosest(taskId, knownIds);
  const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
  return teamError(
    'TASK_NOT_FOUND',
    `Task not found: ${taskId}.${hint} Available tasks: ${knownIds.length > 0 ? knownIds.join(', ') : '(none)'}.`,
    suggestion ? `--task-id ${suggestion}` : 'agentpool team list-tasks --team-name <team>',
    { task_id: taskId, available: knownIds, ...(suggestion ? { suggestion } : {}) },
  );
}

/**
 * Checks the dependencies `taskId` would have: every id on the board, not itself, no cycle through
 * the other tasks' dependencies. (team_ops accepts dangling ids and cycles; a cycle blocks its tasks forever.)
 */
export function checkDependencies(taskId: string, dependsOn: readonly string[], tasks: readonly TaskLike[]): void {
  const known = tasks.map((task) => task.id).filter((id) => id !== taskId);
  for (const dep of dependsOn) {
    if (dep === taskId) {
      throw invalidRequest(`--depends-on cannot name the task itself (${taskId}).`, '--depends-on task-1', { task_id: taskId });
    }
    if (!known.includes(dep)) {
      const suggestion = suggestClosest(dep, known);
      throw invalidRequest(
        `--depends-on names an unknown task: ${dep}.${suggestion ? ` Did you mean '${suggestion}'?` : ''} Available tasks: ${known.length > 0 ? known.join(', ') : '(none)'}.`,
        `--depends-on ${suggestion ?? known[0] ?? '""'}`,
        { task_id: taskId, unknown: dep, available: known, ...(suggestion ? { suggestion } : {}) },
      );
    }
  }
  const edges = new Map(tasks.map((task) => [task.id, task.dependsOn] as const));
  edges.set(taskId, dependsOn);
  const cycle = findCycleThrough(taskId, edges);
  if (cycle) {
    throw invalidRequest(
      `--depends-on would make a dependency cycle: ${cycle.join(' -> ')}. A task in a cycle can never start.`,
      'agentpool team list-tasks --team-name <team>',
      { task_id: taskId, cycle },
    );
  }
}

/** A path start → … → start along dependency edges, or null. */
function findCycleThrough(start: string, edges: ReadonlyMap<string, readonly string[]>): string[] | null {
  const visited = new Set<string>();
  const walk = (node: string, path: string[]): string[] | null => {
    for (const next of edges.get(node) ?? []) {
      if (next === start) return [...path, next];
      if (visited.has(next)) continue;
      visited.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}

/** Each task's status by id: what `openDependencies` reads. */
export function statusesById(tasks: readonly Pick<TaskRow, 'id' | 'status'>[]): Map<string, string> {
  return new Map(tasks.map((task) => [task.id, task.status] as const));
}

/** The dependencies of `task` that are not completed (an id missing from `statuses`, i.e. from the board, counts as open). */
export function openDependencies(task: Pick<TaskRow, 'dependsOn'>, statuses: ReadonlyMap<string, string>): string[] {
  return task.dependsOn.filter((dep) => statuses.get(dep) !== 'completed');
}
