import type { AccountPoolStateStore, PoolState, TeamCycle } from '../src/pool-state.js';

/** The pool state in memory, for pure-logic tests (the store's SQLite implementation is tested in packages/store). */
export function createMemoryState(): AccountPoolStateStore & { snapshot(): { sourceCounter: number; cycles: Map<string, TeamCycle> } } {
  let sourceCounter = 0;
  let assignments: PoolState['assignments'] = [];
  const cycles = new Map<string, TeamCycle>();
  const read = (teamDir: string | null): PoolState => ({
    sourceCounter,
    assignments,
    teamCycle: teamDir === null ? null : (cycles.get(teamDir) ?? { teamDir, order: [], pointer: null }),
  });
  return {
    async read(teamDir) {
      return read(teamDir);
    },
    async update(teamDir, change) {
      const { state, result } = change(read(teamDir));
      sourceCounter = state.sourceCounter;
      assignments = state.assignments;
      if (state.teamCycle) cycles.set(state.teamCycle.teamDir, state.teamCycle);
      return result;
    },
    snapshot: () => ({ sourceCounter, cycles }),
  };
}
