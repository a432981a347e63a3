/** A team as stored: its root (namespace), name, goal and members in registration order. */
export interface TeamRow {
  /** The store's own key for the team (never shown; `root` + `name` identify a team to people). */
  readonly key: number;
  readonly root: string;
  readonly name: string;
  readonly goal: string;
  readonly members: readonly string[];
  /** The team's hooks: event (`task_created`, `task_completed`, `teammate_idle`) → shell command. */
  readonly hooks: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A member as stored, with what makes it live: the worker session it was spawned with. */
export interface MemberRow {
  readonly member: string;
  readonly role: string | null;
  readonly provider: string | null;
  readonly model: string | null;
  /** The member's worker session (the latest spawned), or null when it never had one. */
  readonly sessionId: string | null;
  readonly spawnedAt: string | null;
  readonly delegate: boolean;
  /** The session turn count at the last between-turns moment used for a delivery. */
  readonly deliveryTurn: number | null;
  /** The session turn count whose idleness was last handled. */
  readonly idleTurn: number | null;
}

/** One message delivered (or being delivered) into one member's pane. */
export interface DeliveryRow {
  readonly seq: number;
  readonly member: string;
  readonly sessionId: string;
  readonly status: 'sending' | 'delivered' | 'failed';
  readonly turn: number;
  readonly claimedAt: string;
  readonly deliveredAt: string | null;
  readonly error: string | null;
}

export interface TaskNoteRow {
  readonly at: string;
  readonly text: string;
}

export interface TaskRow {
  /** `task-N`. */
  readonly id: string;
  readonly number: number;
  readonly title: string;
  /** A member, or `unassigned`. */
  readonly owner: string;
  readonly status: string;
  readonly dependsOn: readonly string[];
  readonly notes: readonly TaskNoteRow[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface MessageRow {
  /** 1, 2, … per team, in the order messages were sent. */
  readonly seq: number;
  readonly at: string;
  readonly type: 'direct' | 'broadcast';
  readonly from: string;
  /** A member, or `*` for a broadcast. */
  readonly to: string;
  readonly body: string;
}

export interface PositionRow {
  readonly at: string;
  readonly member: string;
  readonly option: string;
  readonly confidence: number;
  readonly rationale: string;
}

export interface DebateRow {
  /** `debate-N`. */
  readonly id: string;
  readonly number: number;
  readonly topic: string;
  readonly taskId: string | null;
  readonly options: readonly string[];
  readonly members: readonly string[];
  readonly decider: string;
  readonly status: string;
  /** Every position in submission order (the latest per member counts). */
  readonly positions: readonly PositionRow[];
  /** team_ops' decision and applied objects, kept as JSON. */
  readonly decision: Record<string, unknown> | null;
  readonly applied: Record<string, unknown> | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface MonitorEventRow {
  /** Increases with every event of the store: the order events happened in. */
  readonly id: number;
  readonly at: string;
  readonly eventType: string;
  readonly command: string;
  readonly actor: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly metadata: Record<string, unknown>;
  readonly correlationId: string;
}

export type NewMonitorEvent = Omit<MonitorEventRow, 'id'>;

/** What one transaction on the team tables can do. Methods never validate: `@agentpool/teams` does. */
export interface TeamTransaction {
  findTeam(root: string, name: string): Promise<TeamRow | null>;
  /** Every root holding a team of that name. */
  rootsOfTeam(name: string): Promise<string[]>;
  insertTeam(team: { root: string; name: string; goal: string; members: readonly string[]; createdAt: string }): Promise<TeamRow>;
  /** Deletes the team and everything it holds. */
  deleteTeam(team: TeamRow): Promise<void>;
  /** The next `task-N` / `debate-N` number; the counter moves on. */
  takeNumber(team: TeamRow, kind: 'task' | 'debate'): Promise<number>;
  /** Sets the counters (import keeps team_ops' `next_id`). */
  setNextNumbers(team: TeamRow, numbers: { task?: number; debate?: number }): Promise<void>;

  listTasks(team: TeamRow): Promise<TaskRow[]>;
  getTask(team: TeamRow, id: string): Promise<TaskRow | null>;
  /** The ids on the board, in order (for an error that lists them). */
  listTaskIds(team: TeamRow): Promise<string[]>;
  /** The status of each of `ids` that is on the board. */
  taskStatuses(team: TeamRow, ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * The task `member` should take next, as one indexed query (it runs inside a claim's write lock, so
   * it reads no more than it must): the lowest-numbered pending task, owned by `member` or by
   * `unassigned`, whose dependencies are all completed (an id missing from the board counts as open);
   * the member's own tasks first. Null when there is none.
   */
  nextClaimableTaskId(team: TeamRow, member: string, unassigned: string): Promise<string | null>;
  insertTask(team: TeamRow, task: TaskRow): Promise<void>;
  updateTask(team: TeamRow, id: string, patch: { owner?: string; status?: string; updatedAt: string }): Promise<void>;
  /** Compare-and-set: changes owner and status only while they are still `expected`; says whether it did. */
  swapTaskState(
    team: TeamRow,
    id: string,
    expected: { owner: string; status: string },
    next: { owner: string; status: string; updatedAt: string },
  ): Promise<boolean>;
  setDependencies(team: TeamRow, id: string, dependsOn: readonly string[]): Promise<void>;
  addNote(team: TeamRow, id: string, note: TaskNoteRow): Promise<void>;

  insertMessage(team: TeamRow, message: Omit<MessageRow, 'seq'>): Promise<MessageRow>;
  /** Messages in order; with `member`, only those it receives (its direct messages and every broadcast). */
  listMessages(team: TeamRow, options?: { member?: string; afterSeq?: number }): Promise<MessageRow[]>;
  readCursor(team: TeamRow, member: string): Promise<number>;
  setReadCursor(team: TeamRow, member: string, seq: number, at: string): Promise<void>;

  listDebates(team: TeamRow): Promise<DebateRow[]>;
  getDebate(team: TeamRow, id: string): Promise<DebateRow | null>;
  insertDebate(team: TeamRow, debate: DebateRow): Promise<void>;
  updateDebate(
    team: TeamRow,
    id: string,
    patch: { status?: string; decision?: Record<string, unknown> | null; applied?: Record<string, unknown> | null; updatedAt: string },
  ): Promise<void>;
  addPosition(team: TeamRow, debateId: string, position: PositionRow): Promise<void>;

  insertEvent(team: TeamRow, event: NewMonitorEvent): Promise<MonitorEventRow>;
  listEvents(team: TeamRow): Promise<MonitorEventRow[]>;

  /** Replaces the team's hooks. */
  setHooks(team: TeamRow, hooks: Readonly<Record<string, string>>, at: string): Promise<void>;
  /** Every member with its live fields, in registration order. */
  listMemberRows(team: TeamRow): Promise<MemberRow[]>;
  /** Records the worker a member was spawned with (and forgets the moments of its previous worker). */
  setMemberSession(
    team: TeamRow,
    member: string,
    session: { role: string; provider: string; model: string | null; sessionId: string; spawnedAt: string; delegate: boolean },
  ): Promise<void>;
  /**
   * Compare-and-set on a between-turns moment: takes turn `turn` of the member's session for a
   * delivery (`delivery`) or for its idle handling (`idle`) only while no earlier call took that turn
   * or a later one, and only while `sessionId` is still the member's session. Says whether it did.
   */
  takeMoment(team: TeamRow, member: string, sessionId: string, kind: 'delivery' | 'idle', turn: number): Promise<boolean>;
  /** Records deliveries as `sending`; false (nothing written) when one of them already has a row. */
  claimDeliveries(team: TeamRow, rows: readonly Omit<DeliveryRow, 'deliveredAt' | 'error'>[]): Promise<boolean>;
  finishDeliveries(
    team: TeamRow,
    member: string,
    seqs: readonly number[],
    outcome: { status: 'delivered' | 'failed'; at: string; error?: string | null },
  ): Promise<void>;
  listDeliveries(team: TeamRow, options?: { member?: string }): Promise<DeliveryRow[]>;
}

/** The team tables: every write runs in one `BEGIN IMMEDIATE` transaction, every read in one snapshot. */
export interface TeamStore {
  write<T>(fn: (tx: TeamTransaction) => Promise<T>): Promise<T>;
  read<T>(fn: (tx: TeamTransaction) => Promise<T>): Promise<T>;
}
