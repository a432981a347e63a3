/** A worker's live hold on an auth file: it counts for `balanced` until the worker is released. */
export interface AuthAssignment {
  /** The worker's full name (`<base>-YYYYmmdd-HHMMSS-<pid>` in tmux-workflow). */
  readonly worker: string;
  /** The worker's base name (its role), when the caller gave one. */
  readonly base: string | null;
  /** Absolute path of the auth file. Only the path is kept, never the file's content. */
  readonly authPath: string;
  /** ISO time of the pick. */
  readonly assignedAt: string;
  /** The pool account the worker runs on (spawn --pool); absent or null for a team-folder pick. */
  readonly account?: string | null | undefined;
}

/** One position in a team's cycle: positions of known files never change, new files get the next ones. */
export interface TeamOrderEntry {
  readonly authPath: string;
  readonly position: number;
}

/** The `team_cycle` state of one auth team folder. */
export interface TeamCycle {
  /** Absolute path of the auth team folder. */
  readonly teamDir: string;
  /** Every file ever seen in the folder, with its position. */
  readonly order: readonly TeamOrderEntry[];
  /** Position of the current auth, or null before the first pick. */
  readonly pointer: number | null;
}

/** Everything a pool decision reads and may change. */
export interface PoolState {
  /** The `round_robin` source counter: the next pick takes `counter % n`. */
  readonly sourceCounter: number;
  /** Live assignments, one per worker. */
  readonly assignments: readonly AuthAssignment[];
  /** The cycle of the folder the caller named; null when it named none. */
  readonly teamCycle: TeamCycle | null;
}

/** What a change returns: the state to write and the result for the caller. */
export interface PoolStateChange<T> {
  readonly state: PoolState;
  readonly result: T;
}

/**
 * Where the pool keeps its state. The store implements it over SQLite; an implementation must run
 * each `update` as one exclusive transaction, so two processes picking at once never both read the
 * same counter or the same counts.
 */
export interface AccountPoolStateStore {
  /** The state, read without changing it. `teamDir` selects the team cycle returned. */
  read(teamDir: string | null): Promise<PoolState>;
  /** Reads the state, applies `change` (pure, synchronous) and writes what it returns, atomically. */
  update<T>(teamDir: string | null, change: (state: PoolState) => PoolStateChange<T>): Promise<T>;
}
