export { claudeAccountHome } from './claude-account-home.js';
export type { ClaudeCodeProviderSettings } from './claude-code-provider.js';
export { claudeCodeProvider, createClaudeCodeProvider } from './claude-code-provider.js';
export type { ClaudeRateLimitWindow, ClaudeStatusLineUsage } from './claude-hooks.js';
export { CLAUDE_HOOK_EVENTS, claudeHookSettings, endsWithQuestion, parseClaudeHookEvent, parseClaudeStatusLine } from './claude-hooks.js';
export type { ClaudeLimitFailure } from './claude-limit-failure.js';
export { CLAUDE_STOP_FAILURE_SOURCE, latestLimitFailure } from './claude-limit-failure.js';
export type { ClaudeUsageBlock, ClaudeUsageEntry } from './claude-log-usage.js';
export {
  CLAUDE_LOG_SOURCE,
  claudeEntriesFromSlots,
  estimateFiveHourWindow,
  identifyClaudeBlocks,
  probeClaudeLogEstimate,
} from './claude-log-usage.js';
export { CLAUDE_EFFORTS, CLAUDE_MODELS } from './claude-models.js';
export type { ClaudeCredentials, ClaudeOAuthUsageParse, ClaudeOAuthUsageRequest, ClaudeOAuthUsageResult } from './claude-oauth-usage.js';
export {
  CLAUDE_OAUTH_SOURCE,
  CLAUDE_USAGE_DEFAULT_BASE_URL,
  CLAUDE_USAGE_PATH,
  ClaudeUsageBackoff,
  parseClaudeOAuthUsage,
  probeClaudeOAuthUsage,
  readClaudeOAuthToken,
} from './claude-oauth-usage.js';
export { classifyClaudeScreen } from './claude-screen-rules.js';
export type { LatestStatusLine } from './claude-statusline-usage.js';
export {
  CLAUDE_STATUSLINE_FILE,
  CLAUDE_STATUSLINE_SOURCE,
  latestStatusLineUsage,
  statusLineFiles,
  statusLineUsageWindows,
} from './claude-statusline-usage.js';
export { claudeTokenLog, claudeTokenLogFormat } from './claude-token-log.js';
export type { ClaudeUsageProbeOptions } from './claude-usage-probe.js';
export { CLAUDE_SCREEN_PROBE_DIR, CLAUDE_USAGE_BASE_URL_ENV, claudeConfigDir, probeClaudeUsage } from './claude-usage-probe.js';
export type { ClaudeUsageScreenOptions, ClaudeUsageScreenReading } from './claude-usage-screen.js';
export { CLAUDE_USAGE_SCREEN_SOURCE, parseClaudeResetTime, readClaudeUsageScreen } from './claude-usage-screen.js';
export type { ClaudeUsageScreenProbeRequest, ClaudeUsageScreenProbeResult } from './claude-usage-screen-probe.js';
export { CLAUDE_USAGE_SCREEN_TIMEOUT_MS, claudeScreenProbeEnv, probeClaudeUsageScreen } from './claude-usage-screen-probe.js';
