export { accountLayouts, listedAccountProviders } from './account-layouts.js';
export type { PoolSpawnDeps, PoolSpawnRequest, PoolSpawnResult } from './account-spawn.js';
export { spawnOnPool } from './account-spawn.js';
export type { AccountStatusReport, AccountStatusRequest, AccountStatusRow } from './account-status.js';
export { ACCOUNT_STATUS_PROVIDERS, accountStatus } from './account-status.js';
export { headroomView, poolAccountView, spawnedAccountView } from './account-views.js';
export type { AgentPool, AgentPoolOptions, PoolUsage, RotationRequest, UsageSelection } from './agent-pool.js';
export { createAgentPool, doctorHome, initHome, ROTATION_DEFAULTS } from './agent-pool.js';
export { DETECT_TIMEOUT_MS } from './bounded-detect.js';
export type { DelegationPreferences } from './delegation-preferences.js';
export {
  initDelegationPreferences,
  MAX_PREFERENCES_BYTES,
  readDelegationPreferences,
  STARTER_PREFERENCES,
} from './delegation-preferences.js';
export type { CheckStatus, DoctorCheck, DoctorReport, PrivacyReport } from './doctor.js';
export type { Inventory, ProviderInventoryRow } from './inventory.js';
export type { ModelCatalogView, ModelValidation } from './model-catalog.js';
export { modelCatalogs, providerModelCatalog, validateModel } from './model-catalog.js';
export { loadProviderPlugin } from './plugin-loader.js';
export { resolvePluginSpecifier } from './plugin-resolution.js';
export type { RotationCycleReport, RotationOptions, WorkerStep } from './pool-rotation.js';
export { BETWEEN_TURNS, DEFAULT_CONTINUATION, runRotationCycle } from './pool-rotation.js';
export type { PoolStats, StatsProviderRow, StatsQuery, StatsRequest, UsageSnapshotAge } from './pool-stats.js';
export { checkStatsRequest, readStats } from './pool-stats.js';
export { probeReading } from './probe-reading.js';
export { listModels, MODELS_TIMEOUT_MS, probeUsage, USAGE_PROBE_TIMEOUT_MS } from './provider-calls.js';
export type { PluginFailure } from './provider-loading.js';
export type { ProviderSetupReport } from './provider-setup.js';
export { providerSetup, providersSetup } from './provider-setup.js';
export type { ProviderSetupHint } from './provider-setup-hints.js';
export { PROVIDER_SETUP_HINTS } from './provider-setup-hints.js';
export type { CapabilitiesView, ProviderRow } from './provider-view.js';
export { capabilitiesView, providerView } from './provider-view.js';
export type { ReadOnlySmokeReport, ReadOnlySmokeRequest } from './read-only-smoke.js';
export { runReadOnlySmoke, SMOKE_FOLDER } from './read-only-smoke.js';
export type { SavedScreenOptions, ScreenClassification, ScreenInputKind } from './screen-classification.js';
export { checkScreenInput, classifySavedScreen, MAX_SCREEN_INPUT_BYTES, MAX_SCREEN_SIZE } from './screen-classification.js';
export type {
  LimitStats,
  ParallelismStats,
  SessionCounts,
  SessionStatsReport,
  StatsGroup,
  StatsPeriod,
  StatsSession,
  StatsStateEvent,
  TokenStats,
} from './session-stats.js';
export { parallelismOf, sessionStats } from './session-stats.js';
export {
  artifactView,
  diffView,
  eventView,
  leaseView,
  observeView,
  resultSectionKey,
  resultView,
  sessionView,
  turnView,
} from './session-views.js';
export type { SmokeReport, SmokeRequest, SmokeStep } from './smoke.js';
export type { StatsSection } from './stats-request.js';
export { DEFAULT_SINCE, parseSince, parseStatsSections, SINCE_FORMS, STATS_SECTIONS } from './stats-request.js';
export type { DeliveryPass, MemberDelivery } from './team-delivery.js';
export { deliverTeam, runDeliveryLoop } from './team-delivery.js';
export type { LiveTeams, MemberView } from './team-live.js';
export { createLiveTeams } from './team-live.js';
export type { SpawnMemberRequest, SpawnMemberResult } from './team-member-spawn.js';
export { spawnMember } from './team-member-spawn.js';
export type { TokenUsageDay, TokenUsageReport, TokenUsageRequest } from './token-usage.js';
export { sinceDay, tokenUsage } from './token-usage.js';
export type { UsageBackendPlan, UsageBackendView } from './usage-backend-plan.js';
export { NATIVE_USAGE_PLAN, planUsageBackends } from './usage-backend-plan.js';
export type { UsageEvent, UsageEventWindow } from './usage-events.js';
export { probeGaveNoReading, usageEvents } from './usage-events.js';
export { checkUsageGate } from './usage-gate.js';
export type { UsageRefreshOptions, UsageRefreshResult } from './usage-refresh.js';
export { checkRefreshTimeout, refreshUsage, USAGE_INTERACTIVE_REFRESH_TIMEOUT_MS, USAGE_REFRESH_TIMEOUT_MS } from './usage-refresh.js';
export type { UsageProvenanceView, UsageSummary, UsageSummaryRow, UsageWindowView } from './usage-summary.js';
export { currentSnapshot, currentVerdict, summaryRow } from './usage-summary.js';
export { relativeTime } from './usage-time.js';
