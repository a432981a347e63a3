export type { Capture, CaptureMeta, CaptureMoment, CaptureSignal } from './captures.js';
export { captureNames, loadCapture } from './captures.js';
export {
  claudeApiAnswer,
  FAKE_CLAUDE_OAUTH_TOKEN,
  FAKE_CLAUDE_PROFILE,
  FAKE_CLAUDE_REFRESH_TOKEN,
  prepareClaudeOAuthHome,
} from './claude-oauth-home.js';
export { DROID_IMITATION_MODEL, prepareDroidHome } from './droid-home.js';
export { GEMINI_DAILY_QUOTA_ERROR, GEMINI_MINUTE_QUOTA_ERROR } from './gemini-quota-errors.js';
export { createGitRepo, createPlainDir, git } from './git-repo.js';
export type { InterceptedAnswer, InterceptedRequest, InterceptProxy, InterceptProxyOptions } from './https-intercept-proxy.js';
export { opensslAvailable, startInterceptProxy } from './https-intercept-proxy.js';
export { inotifyWatchCount } from './inotify-watches.js';
export type { ConversationRequest, ImitationError, ImitationReply, ModelImitation, ModelImitationOptions } from './model-imitation.js';
export { startModelImitation } from './model-imitation.js';
export type { ProcessEntry } from './process-scan.js';
export { processesWithEnv, realCliProcesses } from './process-scan.js';
export type { RealCli } from './real-cli.js';
export {
  IMITATION_ANTHROPIC_KEY,
  prepareClaudeHome,
  prepareCodexHome,
  REAL_CLI_VERSIONS,
  realCliBinary,
  realCliBinDir,
  realCliDir,
  realClisRequired,
} from './real-cli.js';
export { copilotPackageCache, IMITATION_COPILOT_MODEL, prepareCopilotHome } from './real-cli-copilot.js';
export { IMITATION_GEMINI_KEY, prepareGeminiHome } from './real-cli-gemini.js';
export { OPENCODE_IMITATION_MODEL, OPENCODE_REAL_CLI, prepareOpencodeHome } from './real-cli-opencode.js';
export { resultBlock } from './result-block.js';
export type { TempHome } from './temp-home.js';
export { createTempHome, killTmuxServer } from './temp-home.js';
export { waitUntil } from './wait.js';
