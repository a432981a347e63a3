export type { AccountStatusReport, AccountStatusRequest, AccountStatusRow } from './account-status.js';
export { ACCOUNT_STATUS_PROVIDERS, accountStatus } from './account-status.js';
export type { AgentPool, AgentPoolOptions, PoolUsage, UsageSelection } from './agent-pool.js';
export { createAgentPool, doctorHome, initHome } from './agent-pool.js';
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
export type { PoolStats, StatsProviderRow, StatsQuery, StatsRequest, UsageSnapshotAge } from './pool-stats.js';
export { checkStatsRequest, readStats } from './pool-stats.js';
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
