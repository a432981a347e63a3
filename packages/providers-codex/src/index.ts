export { CODEX_EFFORTS, CODEX_MODELS, CODEX_SERVICE_TIERS } from './codex-models.js';
export type { CodexProviderSettings } from './codex-provider.js';
export { codexProvider, createCodexProvider } from './codex-provider.js';
export { classifyCodexScreen } from './codex-screen-rules.js';
export { CODEX_STATE_OSC, endsWithQuestion, parseCodexNotify, parseCodexStateSequence } from './codex-signals.js';
