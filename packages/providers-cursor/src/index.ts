export type { CursorProviderSettings } from './cursor-provider.js';
export { CURSOR_MODELS, createCursorProvider, cursorProvider } from './cursor-provider.js';
export { classifyCursorScreen } from './cursor-screen-rules.js';
export type { CursorUsageOptions } from './cursor-usage.js';
export { CURSOR_USAGE_BASE_URL, CURSOR_USAGE_BASE_URL_VARIABLE, cursorWindowsFrom, probeCursorUsage } from './cursor-usage.js';
