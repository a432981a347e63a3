import type { AuthAssignment } from './pool-state.js';

/** Returns a number in [0, 1); `Math.random` unless a test injects its own. */
export type RandomSource = () => number;

/** Live assignments per candidate (files no longer present are not counted). */
export function liveCounts(candidates: readonly string[], assignments: readonly AuthAssignment[]): Map<string, number> {
  const counts = new Map(candidates.map((path) => [path, 0]));
  for (const assignment of assignments) {
    const count = counts.get(assignment.authPath);
    if (count !== undefined) counts.set(assignment.authPath, count + 1);
  }
  return counts;
}

/**
 * `balanced`: the candidate with the fewest live assignments; ties broken uniformly at random.
 * Live, not "ever": an assignment stops counting when its worker is released.
 */
export function pickBalanced(candidates: readonly string[], assignments: readonly AuthAssignment[], random: RandomSource): string {
  if (candidates.length === 0) throw new RangeError('pickBalanced needs at least one candidate');
  const counts = liveCounts(candidates, assignments);
  const fewest = Math.min(...counts.values());
  const tied = candidates.filter((path) => counts.get(path) === fewest);
  const index = Math.min(tied.length - 1, Math.floor(random() * tied.length));
  return tied[index] as string;
}
