export { createAccountPoolStateRepository } from './account-pool-state-repository.js';
export { createArtifactRepository } from './artifact-repository.js';
export { createEventRepository } from './event-repository.js';
export { runImmediate } from './immediate-transaction.js';
export { leasesConflict, resourcesOverlap } from './lease-overlap.js';
export { createLeaseRepository } from './lease-repository.js';
export { migrations } from './migrations.js';
export type { OpenStoreOptions } from './open-store.js';
export { openStore } from './open-store.js';
export { createPoolAccountRepository } from './pool-account-repository.js';
export { createPoolEventRepository } from './pool-event-repository.js';
export { createProbeStateRepository } from './probe-state-repository.js';
export type {
  AcquireLease,
  ArtifactRecord,
  ArtifactRepository,
  EventRepository,
  LeaseMode,
  LeaseRecord,
  LeaseRepository,
  NewSession,
  NewSessionEvent,
  PoolEventRecord,
  PoolEventRepository,
  SessionChange,
  SessionEventRecord,
  SessionPatch,
  SessionQuery,
  SessionRecord,
  SessionRepository,
  SessionTurnRecord,
  Store,
  TurnBaseline,
  WorktreeRecord,
  WorktreeRepository,
} from './records.js';
export type {
  ArtifactsTable,
  Database,
  LeasesTable,
  PoolAccountsTable,
  SessionEventsTable,
  SessionsTable,
  UsageSnapshotsTable,
  WorktreesTable,
} from './schema.js';
export { createSessionRepository } from './session-repository.js';
export type {
  DebateRow,
  DeliveryRow,
  MemberRow,
  MessageRow,
  MonitorEventRow,
  NewMonitorEvent,
  PositionRow,
  TaskNoteRow,
  TaskRow,
  TeamRow,
  TeamStore,
  TeamTransaction,
} from './team-records.js';
export { createTeamStore } from './team-repository.js';
export { createUsageSnapshotRepository } from './usage-snapshot-repository.js';
export { createWorktreeRepository } from './worktree-repository.js';
