export { GEMINI_HOOK_EVENTS, geminiHooks, parseGeminiHookEvent } from './gemini-hooks.js';
export type { GeminiProviderSettings } from './gemini-provider.js';
export { createGeminiProvider, GEMINI_MODELS, geminiProvider } from './gemini-provider.js';
export { classifyGeminiScreen } from './gemini-screen-rules.js';
