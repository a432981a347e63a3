export type { CursorProviderSettings } from './cursor-provider.js';
export { CURSOR_MODELS, createCursorProvider, cursorProvider } from './cursor-provider.js';
export { classifyCursorScreen } from './cursor-screen-rules.js';
