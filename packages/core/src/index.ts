export { defaultConfig } from './config-defaults.js';
export type { ConfigProblem } from './config-loader.js';
export { formatConfigYaml, loadConfigFile, parseConfig, STARTER_CONFIG } from './config-loader.js';
export type { AgentPoolConfig, Policy, ProviderSettingsConfig } from './config-schema.js';
export { echoValue, MAX_ECHO_CHARS } from './echo.js';
export type { AgentPoolErrorOptions, ErrorCode, ErrorKind } from './errors.js';
export { AgentPoolError, ERROR_CODES, exitCodeFor, toAgentPoolError } from './errors.js';
export {
  assertLeaseIdFormat,
  assertSessionIdFormat,
  LEASE_ID_PATTERN,
  newLeaseId,
  newSessionId,
  SESSION_ID_PATTERN,
  shortId,
} from './ids.js';
export type { HomePaths } from './paths.js';
export { homePaths, resolveHome, sessionDir } from './paths.js';
export type {
  AuthStatus,
  ClassifyContext,
  Installation,
  Isolation,
  LaunchRequest,
  LaunchSpec,
  ModelInfo,
  NativeSignals,
  Observation,
  PromptMode,
  PromptModeRequest,
  ProviderAdapter,
  ProviderAdapterV1,
  ProviderCapabilities,
  ProviderContext,
  ProviderSettings,
  Screen,
  ScreenState,
  WorkerRole,
} from './provider-adapter.js';
export { ISOLATIONS, WORKER_ROLES } from './provider-adapter.js';
export type { ProviderRegistry } from './provider-registry.js';
export { createProviderRegistry, providerContextFor } from './provider-registry.js';
export { findSecretKinds, redact } from './redaction.js';
export type { ResultBlock } from './result-block.js';
export {
  extractResultBlock,
  hasResultBlock,
  RESULT_END,
  RESULT_SECTIONS,
  RESULT_START,
  resultProtocolInstructions,
} from './result-block.js';
export type { SessionState } from './session-state.js';
export { ATTENTION_STATES, FINAL_STATES, isSessionState, parseWaitFor, SESSION_STATES } from './session-state.js';
export { validateTask } from './task-validation.js';
export { normaliseLine, screenLines, terminalToText, withoutEcho } from './terminal-text.js';
export type { UsageConfidence, UsageReport, UsageWindow, UsageWindowKind } from './usage-window.js';
export type { YamlPosition } from './yaml-locate.js';
export { locateYamlPath } from './yaml-locate.js';
