export { GEMINI_HOOK_EVENTS, geminiHooks, parseGeminiHookEvent } from './gemini-hooks.js';
export type { GeminiProviderSettings } from './gemini-provider.js';
export { createGeminiProvider, GEMINI_MODELS, geminiProvider } from './gemini-provider.js';
export { classifyGeminiScreen } from './gemini-screen-rules.js';
export type { GeminiUsageOptions } from './gemini-usage.js';
export { GEMINI_USAGE_BASE_URL, GEMINI_USAGE_BASE_URL_VARIABLE, geminiWindowsFrom, probeGeminiUsage } from './gemini-usage.js';
