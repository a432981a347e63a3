import type { Generated } from 'kysely';

/** The SQLite tables behind the store. Times are ISO-8601 TEXT; JSON fields are TEXT. */
export interface Database {
  sessions: SessionsTable;
  session_events: SessionEventsTable;
  artifacts: ArtifactsTable;
  worktrees: WorktreesTable;
  leases: LeasesTable;
  session_turns: SessionTurnsTable;
  usage_snapshots: UsageSnapshotsTable;
  probe_state: ProbeStateTable;
  pool_counters: PoolCountersTable;
  pool_assignments: PoolAssignmentsTable;
  pool_team_order: PoolTeamOrderTable;
  pool_team_cycles: PoolTeamCyclesTable;
  pool_accounts: PoolAccountsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  message_deliveries: MessageDeliveriesTable;
  tasks: TasksTable;
  task_dependencies: TaskDependenciesTable;
  task_notes: TaskNotesTable;
  messages: MessagesTable;
  message_receipts: MessageReceiptsTable;
  debates: DebatesTable;
  debate_positions: DebatePositionsTable;
  monitor_events: MonitorEventsTable;
  pool_events: PoolEventsTable;
}

export interface PoolEventsTable {
  id: Generated<number>;
  at: string;
  /** `probe`, `decision`, `rotation_marked`, `worker_waiting`, `worker_stopped`, `worker_resumed`, … */
  type: string;
  provider: string;
  account: string | null;
  session_id: string | null;
  /** JSON object. */
  data: string;
}

export interface TeamsTable {
  id: Generated<number>;
  /** The team root the team was created under (team_ops' `<workspace>/.codex/teams`): a namespace, with `name` the key. */
  root: string;
  name: string;
  goal: string;
  next_task_number: Generated<number>;
  next_debate_number: Generated<number>;
  next_message_seq: Generated<number>;
  /** The team's hooks as JSON: `{task_created?, task_completed?, teammate_idle?}` → command (0008). */
  hooks: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface TeamMembersTable {
  team_id: number;
  member: string;
  position: number;
  /** Live members (0008): the role the member was spawned with, its provider, model and worker session. */
  role: string | null;
  provider: string | null;
  model: string | null;
  session_id: string | null;
  spawned_at: string | null;
  /** 1 when the member's worker was started in delegate mode (no edit tools where its CLI allows). */
  delegate: Generated<number>;
  /** The session turn count at the last between-turns moment used for a delivery (each moment once). */
  delivery_turn: number | null;
  /** The session turn count whose idleness was last handled (teammate_idle hook, notice to the lead). */
  idle_turn: number | null;
}

export interface MessageDeliveriesTable {
  team_id: number;
  seq: number;
  member: string;
  session_id: string;
  /** `sending` (claimed, being pasted), `delivered`, or `failed` (the paste failed; not retried). */
  status: string;
  /** The session's turn count when the delivery was claimed: the delivery starts the next turn. */
  turn: number;
  claimed_at: string;
  delivered_at: string | null;
  error: string | null;
}

export interface TasksTable {
  team_id: number;
  id: string;
  number: number;
  title: string;
  owner: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface TaskDependenciesTable {
  team_id: number;
  task_id: string;
  depends_on: string;
  position: number;
}

export interface TaskNotesTable {
  id: Generated<number>;
  team_id: number;
  task_id: string;
  at: string;
  text: string;
}

export interface MessagesTable {
  team_id: number;
  seq: number;
  at: string;
  type: string;
  sender: string;
  recipient: string;
  body: string;
}

export interface MessageReceiptsTable {
  team_id: number;
  member: string;
  last_read_seq: number;
  updated_at: string;
}

export interface DebatesTable {
  team_id: number;
  id: string;
  number: number;
  topic: string;
  task_id: string | null;
  /** JSON arrays. */
  options: string;
  members: string;
  decider: string;
  status: string;
  /** JSON objects, or null. */
  decision: string | null;
  applied: string | null;
  created_at: string;
  updated_at: string;
}

export interface DebatePositionsTable {
  id: Generated<number>;
  team_id: number;
  debate_id: string;
  at: string;
  member: string;
  option: string;
  confidence: number;
  rationale: string;
}

export interface MonitorEventsTable {
  id: Generated<number>;
  team_id: number;
  at: string;
  event_type: string;
  command: string;
  actor: string;
  entity_type: string;
  entity_id: string;
  /** JSON, or null. */
  before: string | null;
  after: string | null;
  metadata: string;
  correlation_id: string;
}

export interface PoolCountersTable {
  name: string;
  value: number;
  updated_at: string;
}

export interface PoolAssignmentsTable {
  worker: string;
  base: string | null;
  auth_path: string;
  assigned_at: string;
  /** The pool account the assignment was made for (spawn --pool); null for a team-folder pick. */
  account: string | null;
}

export interface PoolAccountsTable {
  label: string;
  provider: string;
  pool: string;
  source_home: string | null;
  auth_file: string | null;
  /** 1 while paused: never picked. */
  paused: number;
  created_at: string;
  updated_at: string;
}

export interface PoolTeamOrderTable {
  team_dir: string;
  auth_path: string;
  position: number;
}

export interface PoolTeamCyclesTable {
  team_dir: string;
  pointer: number | null;
  updated_at: string;
}

export interface ProbeStateTable {
  key: string;
  value: Uint8Array;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  provider: string;
  role: string;
  task: string;
  repo_path: string;
  work_dir: string;
  isolation: string;
  model: string | null;
  prompt_mode: string;
  state: string;
  state_confidence: number;
  /** JSON array of strings. */
  state_evidence: string;
  tmux_session: string;
  max_runtime_seconds: number | null;
  max_turns: number | null;
  deadline_at: string | null;
  turn_count: number;
  turn_started_at: string;
  turn_offset: number;
  base_commit: string | null;
  worktree_id: string | null;
  exit_status: number | null;
  end_reason: string | null;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
  /** JSON object, written once when the session is created. */
  metadata: string;
  /** Bumped by every write; compare-and-set writers check it. */
  version: Generated<number>;
  account_id: string | null;
  pane_pid: number | null;
  screen_hash: string | null;
  /** JSON `{state, evidence, at}` or null. */
  baseline: string | null;
  turn_work_seen_at: string | null;
  provider_session_id: string | null;
}

export interface SessionTurnsTable {
  session_id: string;
  number: number;
  started_at: string;
  stream_offset: number;
  sent_text: string;
  sent_chars: number;
  delivered_at: string | null;
}

export interface SessionEventsTable {
  id: Generated<number>;
  session_id: string;
  at: string;
  type: string;
  state: string | null;
  /** JSON object. */
  data: string;
}

export interface ArtifactsTable {
  session_id: string;
  kind: string;
  path: string;
  sha256: string;
  size_bytes: number;
  created_at: string;
}

export interface WorktreesTable {
  id: string;
  session_id: string | null;
  repo_path: string;
  path: string;
  branch: string;
  base_commit: string;
  created_at: string;
  removed_at: string | null;
}

export interface LeasesTable {
  id: string;
  resource: string;
  mode: string;
  holder: string;
  created_at: string;
  expires_at: string;
  released_at: string | null;
}

export interface UsageSnapshotsTable {
  provider_id: string;
  /** The account id, or '' for the provider's default home. */
  account_key: string;
  account_id: string | null;
  status: string;
  /** When the probe answered (ISO); a put never replaces a row with a later one. */
  fetched_at: string;
  /** JSON of the whole `UsageSnapshot`. */
  snapshot: string;
  updated_at: string;
}
