import type { AccountPoolStateStore, PoolAccountStore } from '@agentpool/account-pool';
import type { Isolation, ProbeStateStore, PromptMode, SessionState, WorkerRole } from '@agentpool/core';
import type { UsageSnapshotCache } from '@agentpool/usage';
import type { TeamStore } from './team-records.js';

/** One worker session, as stored. Times are ISO-8601 strings. */
export interface SessionRecord {
  readonly id: string;
  readonly provider: string;
  readonly role: WorkerRole;
  /** The caller's task, redacted. */
  readonly task: string;
  /** The repository (or folder) the caller named; stored redacted (it is only shown). */
  readonly repoPath: string;
  /** Where the worker runs: the repo itself, or its worktree. */
  readonly workDir: string;
  readonly isolation: Isolation;
  readonly model: string | null;
  readonly promptMode: PromptMode;
  readonly state: SessionState;
  readonly stateConfidence: number;
  /** Screen lines that justified the state, redacted. */
  readonly stateEvidence: readonly string[];
  /** tmux session name on agentpool's private server. */
  readonly tmuxSession: string;
  readonly maxRuntimeSeconds: number | null;
  readonly maxTurns: number | null;
  /** When max_runtime_seconds runs out. */
  readonly deadlineAt: string | null;
  /** Turns started so far; the initial prompt is turn 1. */
  readonly turnCount: number;
  readonly turnStartedAt: string;
  /** Byte offset in the raw output stream where the current turn began. */
  readonly turnOffset: number;
  /** git HEAD of the work folder at spawn (the diff base), null outside git. */
  readonly baseCommit: string | null;
  readonly worktreeId: string | null;
  readonly exitStatus: number | null;
  /** Why the session ended (`terminated`, `max_runtime_exceeded`, `pane_exited`, `pane_missing`). */
  readonly endReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly endedAt: string | null;
  /**
   * Small JSON facts fixed at spawn (launch argv without the prompt, interrupt keys, signal
   * sources, …). Written once with the row and never rewritten, so no process can lose another's write.
   */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The account (provider home / credentials) the worker runs with, when one was picked. */
  readonly accountId: string | null;
  /** Bumped by every write (compare-and-set). */
  readonly version: number;
  /** The pane's process, for a free liveness check. */
  readonly panePid: number | null;
  /** Hash of the last screen written to latest_screen.txt. */
  readonly screenHash: string | null;
  /** What the screen showed just before the caller's last input (to tell a stale screen from a fresh one). */
  readonly baseline: TurnBaseline | null;
  /** When the current turn first showed a sign of work (a busy screen, a signal, a result). */
  readonly turnWorkSeenAt: string | null;
  /** The provider's own id of the worker's conversation (Codex thread, Claude session), once a signal revealed it. */
  readonly providerSessionId: string | null;
}

/** The screen's state and evidence just before input was delivered; `at` is epoch ms. */
export interface TurnBaseline {
  readonly state: string;
  readonly evidence: readonly string[];
  readonly at: number;
}

export type NewSession = Omit<
  SessionRecord,
  'updatedAt' | 'version' | 'screenHash' | 'baseline' | 'turnWorkSeenAt' | 'panePid' | 'providerSessionId'
> &
  Partial<Pick<SessionRecord, 'panePid' | 'providerSessionId'>>;

/** Fields that change over a session's life. */
export type SessionPatch = Partial<
  Pick<
    SessionRecord,
    | 'state'
    | 'stateConfidence'
    | 'stateEvidence'
    | 'turnCount'
    | 'turnStartedAt'
    | 'turnOffset'
    | 'exitStatus'
    | 'endReason'
    | 'endedAt'
    | 'deadlineAt'
    | 'panePid'
    | 'screenHash'
    | 'baseline'
    | 'turnWorkSeenAt'
    | 'providerSessionId'
  >
>;

/** One turn of a session: the initial prompt is turn 1, every `send` starts the next. */
export interface SessionTurnRecord {
  readonly sessionId: string;
  readonly number: number;
  readonly startedAt: string;
  /** Byte offset in the raw output stream where the turn began. */
  readonly streamOffset: number;
  /** What was sent (redacted); empty for a bare Enter. */
  readonly sentText: string;
  readonly sentChars: number;
  /** When the text reached the worker; null while a `send_after_launch` prompt waits for the worker's input box. */
  readonly deliveredAt: string | null;
}

export type NewSessionEvent = Omit<SessionEventRecord, 'id' | 'at' | 'sessionId'> & { at?: string };

/** One write to a session, applied in a single transaction. */
export interface SessionChange {
  readonly patch: SessionPatch;
  /** Apply only while the row still has this version; otherwise nothing is written and the result is null. */
  readonly expectedVersion?: number | undefined;
  /** Events recorded with the change. */
  readonly events?: readonly NewSessionEvent[] | undefined;
  /** A turn to record (inserted, or replacing the turn with the same number). */
  readonly turn?: Omit<SessionTurnRecord, 'sessionId'> | undefined;
}

export interface SessionQuery {
  readonly state?: SessionState | undefined;
  readonly provider?: string | undefined;
  /** Include sessions that have ended (default true). */
  readonly includeEnded?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export interface SessionEventRecord {
  readonly id: number;
  readonly sessionId: string;
  readonly at: string;
  /** `spawned`, `state_changed`, `turn_started`, `keys_sent`, `interrupted`, `terminated`, `collected`, `ended`. */
  readonly type: string;
  /** The session state after the event. */
  readonly state: SessionState | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ArtifactRecord {
  readonly sessionId: string;
  /** `prompt`, `transcript`, `latest_screen`, `result`, `git_status`, `diff`, `metadata`, `summary`, `events`. */
  readonly kind: string;
  /** Absolute path of the file. */
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly createdAt: string;
}

export interface WorktreeRecord {
  readonly id: string;
  readonly sessionId: string | null;
  readonly repoPath: string;
  readonly path: string;
  readonly branch: string;
  readonly baseCommit: string;
  readonly createdAt: string;
  readonly removedAt: string | null;
}

export type LeaseMode = 'read' | 'write';

export interface LeaseRecord {
  readonly id: string;
  /** Normalised absolute path the lease covers (a file or a folder and everything under it). */
  readonly resource: string;
  readonly mode: LeaseMode;
  /** Who holds it: a session id or a free-form name; stored redacted. */
  readonly holder: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly releasedAt: string | null;
}

export interface AcquireLease {
  readonly id: string;
  readonly resource: string;
  readonly mode: LeaseMode;
  readonly holder: string;
  readonly ttlSeconds: number;
  /** Defaults to the current time; injectable for tests. */
  readonly now?: Date | undefined;
}

export interface SessionRepository {
  /**
   * Inserts the session only if fewer than `maxLive` sessions are live (endedAt null), in one
   * `BEGIN IMMEDIATE` transaction, so concurrent processes cannot exceed the cap. Throws
   * PARALLEL_LIMIT_REACHED (details: live, max) otherwise.
   */
  insertWithinCap(session: NewSession, maxLive: number): Promise<SessionRecord>;
  get(id: string): Promise<SessionRecord | null>;
  /** Like get, but throws SESSION_NOT_FOUND (with a hint to run `agentpool sessions`). */
  require(id: string): Promise<SessionRecord>;
  list(query?: SessionQuery): Promise<SessionRecord[]>;
  listLive(): Promise<SessionRecord[]>;
  /**
   * Every session alive at some moment at or after `since` (ISO; null for all of them): started
   * then or later, or started earlier and not ended before it. Oldest first, no limit.
   */
  listAliveSince(since: string | null, options?: { providers?: readonly string[] | undefined }): Promise<SessionRecord[]>;
  countLive(): Promise<number>;
  update(id: string, patch: SessionPatch): Promise<SessionRecord>;
  /**
   * Applies a change (patch, events, turn) in one `BEGIN IMMEDIATE` transaction. With
   * `expectedVersion`, returns null and writes nothing when another writer changed the row since it was read.
   */
  apply(id: string, change: SessionChange): Promise<SessionRecord | null>;
  /** The session's turns, oldest first. */
  turns(id: string): Promise<SessionTurnRecord[]>;
}

export interface EventRepository {
  append(event: Omit<SessionEventRecord, 'id' | 'at'> & { at?: string }): Promise<SessionEventRecord>;
  list(sessionId: string, options?: { afterId?: number; limit?: number }): Promise<SessionEventRecord[]>;
  /** The events that set a state (state not null) of these sessions, by session, oldest first. */
  listStateEvents(sessionIds: readonly string[]): Promise<SessionEventRecord[]>;
}

export interface ArtifactRepository {
  /** Inserts or replaces the artifact of this kind for the session. */
  put(artifact: Omit<ArtifactRecord, 'createdAt'> & { createdAt?: string }): Promise<ArtifactRecord>;
  list(sessionId: string): Promise<ArtifactRecord[]>;
}

export interface WorktreeRepository {
  insert(worktree: Omit<WorktreeRecord, 'removedAt'>): Promise<WorktreeRecord>;
  get(id: string): Promise<WorktreeRecord | null>;
  getBySession(sessionId: string): Promise<WorktreeRecord | null>;
  list(options?: { repoPath?: string; includeRemoved?: boolean }): Promise<WorktreeRecord[]>;
  markRemoved(id: string, at?: string): Promise<void>;
  /** Hands a worktree to another session (a resumed worker goes on working in it). */
  reassign(id: string, sessionId: string): Promise<void>;
}

export interface LeaseRepository {
  /**
   * Grants the lease in one `BEGIN IMMEDIATE` transaction unless an active (unreleased, unexpired)
   * lease on an overlapping resource conflicts: read/read share; read/write and write/write
   * conflict. Throws LEASE_CONFLICT with the conflicting leases in details.
   */
  acquire(request: AcquireLease): Promise<LeaseRecord>;
  /** Active leases, or all of them with includeInactive. */
  list(options?: { includeInactive?: boolean; holder?: string; now?: Date }): Promise<LeaseRecord[]>;
  /** Releases a lease; releasing twice is a no-op that returns the record. Unknown id: LEASE_NOT_FOUND. */
  release(id: string, now?: Date): Promise<LeaseRecord>;
  /** Releases every active lease of a holder (used when a session ends). Returns how many. */
  releaseByHolder(holder: string, now?: Date): Promise<number>;
}

/** One step of account rotation, as stored. */
export interface PoolEventRecord {
  readonly id: number;
  readonly at: string;
  readonly type: string;
  readonly provider: string;
  /** The account the step concerns (the one left, or the one probed), when there is one. */
  readonly account: string | null;
  /** The worker session the step concerns, when there is one. */
  readonly sessionId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface PoolEventRepository {
  append(event: Omit<PoolEventRecord, 'id' | 'at'> & { at?: string }): Promise<PoolEventRecord>;
  /** Newest first: a provider's events (all providers without one), of some types, at most `limit` (default 50). */
  list(options?: { provider?: string; types?: readonly string[]; limit?: number }): Promise<PoolEventRecord[]>;
}

export interface Store {
  /** Absolute path of the SQLite file. */
  readonly path: string;
  readonly sessions: SessionRepository;
  readonly events: EventRepository;
  readonly artifacts: ArtifactRepository;
  readonly worktrees: WorktreeRepository;
  readonly leases: LeaseRepository;
  /** The latest usage snapshot of each provider account (`@agentpool/usage`'s cache interface). */
  readonly usage: UsageSnapshotCache;
  /** What probes keep between runs (local-log scan offsets and tallies). */
  readonly probeState: ProbeStateStore;
  /** The account pool's counters, live auth assignments and team cycles (`@agentpool/account-pool`'s state interface). */
  readonly accountPool: AccountPoolStateStore;
  /** The pool's accounts: label, provider, source home and/or auth file (paths only), paused. */
  readonly poolAccounts: PoolAccountStore;
  /** Teams: task board, mailbox, debates and monitor events (`@agentpool/teams` holds the rules). */
  readonly teams: TeamStore;
  /** Account rotation's steps (`agentpool pool watch`), shown by `pool status`. */
  readonly poolEvents: PoolEventRepository;
  /** The number of the latest applied migration. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
