export type {
  AccountPool,
  AccountPoolOptions,
  AuthFileView,
  AuthPickResult,
  PoolListing,
  SourcePickResult,
  TeamAuthResult,
  TeamSelection,
  WorkerRequest,
} from './account-pool.js';
export { createAccountPool } from './account-pool.js';
export { isNeverAuthFile, listAuthCandidates } from './auth-candidates.js';
export type { RandomSource } from './balanced-pick.js';
export { liveCounts, pickBalanced } from './balanced-pick.js';
export { nameGlobToRegExp } from './name-glob.js';
export type { AuthStrategy, PoolSettingName, PoolSettings, ResolvePoolSettingsOptions, SettingOrigin } from './pool-settings.js';
export { AUTH_STRATEGIES, resolvePoolSettings } from './pool-settings.js';
export type { AccountPoolStateStore, AuthAssignment, PoolState, PoolStateChange, TeamCycle, TeamOrderEntry } from './pool-state.js';
export type {
  ProbeReading,
  RotationCandidate,
  RotationDecision,
  RotationInput,
  RotationPolicy,
} from './rotation-decision.js';
export { decideRotation } from './rotation-decision.js';
export type { SourcePick, SourceStrategy } from './source-pick.js';
export { hashIndex, pickSource, SOURCE_STRATEGIES } from './source-pick.js';
export type { TeamAuth } from './team-cycle.js';
export { advanceTeamAuth, currentTeamAuth, moveTeamAuthTo, syncTeamOrder } from './team-cycle.js';
