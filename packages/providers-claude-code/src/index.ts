export type { ClaudeCodeProviderSettings } from './claude-code-provider.js';
export { claudeCodeProvider, createClaudeCodeProvider } from './claude-code-provider.js';
export type { ClaudeRateLimitWindow, ClaudeStatusLineUsage } from './claude-hooks.js';
export { CLAUDE_HOOK_EVENTS, claudeHookSettings, endsWithQuestion, parseClaudeHookEvent, parseClaudeStatusLine } from './claude-hooks.js';
export { CLAUDE_EFFORTS, CLAUDE_MODELS } from './claude-models.js';
export { classifyClaudeScreen } from './claude-screen-rules.js';
