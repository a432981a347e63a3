export type { AdapterShapeProblem } from './adapter-shape.js';
export { adapterShapeProblems, PROVIDER_ID_PATTERN } from './adapter-shape.js';
export { boundedCall } from './bounded-call.js';
export { isCallersOwnVariable } from './callers-own-variables.js';
export { defaultConfig } from './config-defaults.js';
export { configForDisplay } from './config-display.js';
export type { ConfigProblem } from './config-loader.js';
export { formatConfigYaml, loadConfigFile, parseConfig, STARTER_CONFIG } from './config-loader.js';
export type {
  AgentPoolConfig,
  Policy,
  PoolConfig,
  ProviderSettingsConfig,
  UsageBackendsConfig,
  UsageWatchCommand,
  UsageWatchConfig,
  UsageWatchEventName,
} from './config-schema.js';
export { USAGE_WATCH_EVENTS } from './config-schema.js';
export type { ConversationLocation, ResumeRequest } from './conversation-resume.js';
export type { CustomProviderConfig, CustomScreenState } from './custom-provider-schema.js';
export { CUSTOM_SCREEN_STATES, customProviderSchema } from './custom-provider-schema.js';
export { echoValue, MAX_ECHO_CHARS } from './echo.js';
export type { AgentPoolErrorOptions, ErrorCode, ErrorKind } from './errors.js';
export { AgentPoolError, ERROR_CODES, exitCodeFor, toAgentPoolError } from './errors.js';
export { findExecutable, findProviderBinary, readVersion } from './executable.js';
export { ensureHomeDirectory, findHomeProblem, homeError } from './home-directory.js';
export {
  assertLeaseIdFormat,
  assertSessionIdFormat,
  LEASE_ID_PATTERN,
  newLeaseId,
  newSessionId,
  SESSION_ID_PATTERN,
  shortId,
} from './ids.js';
export { parseJsonObject } from './json-object.js';
export type { ProbeStateStore, TokenLogEntry, TokenLogFormat, TokenLogSource, TokenTally } from './local-token-log.js';
export type { HomePaths } from './paths.js';
export { homePaths, resolveHome, sessionDir } from './paths.js';
export type { AgentPoolPluginV1 } from './plugin-definition.js';
export { definePlugin, defineProvider, isAgentPoolPlugin } from './plugin-definition.js';
export type { ProbeTerminal, ProbeTerminalRequest, ProbeTerminalSession } from './probe-terminal.js';
export type {
  AccountContext,
  AccountHomeLayout,
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
  StartupPromptKind,
  WorkerRole,
} from './provider-adapter.js';
export { ISOLATIONS, WORKER_ROLES } from './provider-adapter.js';
export { providerEnv } from './provider-env.js';
export type { CheckedProviderOptions, ProviderOptionsRequest } from './provider-options.js';
export { checkProviderOptions } from './provider-options.js';
export type { ProviderRegistry } from './provider-registry.js';
export { createProviderRegistry, providerContextFor } from './provider-registry.js';
export { recorderCommand } from './recorder-command.js';
export { findSecretKinds, redact } from './redaction.js';
export type { LocatedResultBlock, ResultBlock } from './result-block.js';
export {
  extractResultBlock,
  findResultBlocks,
  RESULT_END,
  RESULT_SECTIONS,
  RESULT_START,
  resultProtocolInstructions,
} from './result-block.js';
export { validateSentText } from './sent-text-validation.js';
export type { SessionState } from './session-state.js';
export { ATTENTION_STATES, FINAL_STATES, isSessionState, parseWaitFor, SESSION_STATES } from './session-state.js';
export type { TaskDelivery } from './task-validation.js';
export { MAX_ARG_TASK_BYTES, validateTask } from './task-validation.js';
export { normaliseLine, screenLines, terminalToText, withoutEcho } from './terminal-text.js';
export type { TurnRegion } from './turn-region.js';
export { type TurnResultOptions, turnRegion, turnResultBlock } from './turn-region.js';
export type { UsageConfidence, UsageReport, UsageReportStatus, UsageWindow, UsageWindowKind } from './usage-window.js';
export { versionFromLine } from './version-line.js';
export type { UnsafeInput, WorkerInputRules } from './worker-input.js';
export { excerptOf, findUnsafeInput, MAX_WORKER_INPUT_BYTES, validateWorkerInput } from './worker-input.js';
export type {
  SignalRecord,
  SignalRecorder,
  SignalSource,
  WorkerSignal,
  WorkerSignalEvent,
  WorkerSignalKind,
} from './worker-signal.js';
export type { YamlPosition } from './yaml-locate.js';
export { locateYamlPath } from './yaml-locate.js';
