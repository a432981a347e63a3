import type { TeamCycle, TeamOrderEntry } from './pool-state.js';

/** Keeps every known file's position and appends new candidates, in path order, after the last one. */
export function syncTeamOrder(cycle: TeamCycle, candidates: readonly string[]): TeamCycle {
  const known = new Set(cycle.order.map((entry) => entry.authPath));
  let next = cycle.order.reduce((max, entry) => Math.max(max, entry.position + 1), 0);
  const added: TeamOrderEntry[] = [...candidates]
    .filter((path) => !known.has(path))
    .sort()
    .map((authPath) => ({ authPath, position: next++ }));
  return added.length === 0 ? cycle : { ...cycle, order: [...cycle.order, ...added] };
}

/** The present files in cycle order. */
function presentInOrder(cycle: TeamCycle, candidates: readonly string[]): TeamOrderEntry[] {
  const present = new Set(candidates);
  return cycle.order.filter((entry) => present.has(entry.authPath)).sort((a, b) => a.position - b.position);
}

export interface TeamAuth {
  readonly cycle: TeamCycle;
  readonly authPath: string;
}

/**
 * The team's current auth: the present file at the pointer, or (when that file is gone) the next
 * present one after it, wrapping around. The pointer moves onto it, so a file that comes back later
 * does not take over again.
 */
export function currentTeamAuth(cycle: TeamCycle, candidates: readonly string[]): TeamAuth {
  const synced = syncTeamOrder(cycle, candidates);
  const ordered = presentInOrder(synced, candidates);
  const first = ordered[0];
  if (first === undefined) throw new RangeError('currentTeamAuth needs at least one candidate');
  const pointer = synced.pointer;
  const current = pointer === null ? first : (ordered.find((entry) => entry.position >= pointer) ?? first);
  return { cycle: { ...synced, pointer: current.position }, authPath: current.authPath };
}

/**
 * Moves the team to the next present file after the pointer, wrapping around. When the current file
 * is gone, the next one is the file after its old position (the one that was about to take over).
 */
export function advanceTeamAuth(cycle: TeamCycle, candidates: readonly string[]): TeamAuth & { readonly previous: string } {
  const current = currentTeamAuth(cycle, candidates);
  const synced = syncTeamOrder(cycle, candidates);
  const ordered = presentInOrder(synced, candidates);
  const at = synced.pointer ?? current.cycle.pointer ?? 0;
  const next = ordered.find((entry) => entry.position > at) ?? (ordered[0] as TeamOrderEntry);
  const atPointer = synced.order.find((entry) => entry.position === synced.pointer)?.authPath;
  return { cycle: { ...synced, pointer: next.position }, authPath: next.authPath, previous: atPointer ?? current.authPath };
}

/**
 * Moves the team onto a chosen present file (rotation picked it for its checked headroom, not for
 * being next in line). RangeError when the file is not a present candidate.
 */
export function moveTeamAuthTo(
  cycle: TeamCycle,
  candidates: readonly string[],
  authPath: string,
): TeamAuth & { readonly previous: string } {
  const current = currentTeamAuth(cycle, candidates);
  const target = current.cycle.order.find((entry) => entry.authPath === authPath);
  if (target === undefined || !candidates.includes(authPath)) throw new RangeError(`${authPath} is not one of the team's auth files`);
  return { cycle: { ...current.cycle, pointer: target.position }, authPath, previous: current.authPath };
}
