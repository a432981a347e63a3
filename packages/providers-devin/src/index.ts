export { DEVIN_HOOK_EVENTS, devinWorkerConfig, parseDevinHookEvent } from './devin-hooks.js';
export type { DevinProviderSettings } from './devin-provider.js';
export { createDevinProvider, DEVIN_MODELS, devinProvider } from './devin-provider.js';
export { classifyDevinScreen } from './devin-screen-rules.js';
export type { DevinUsageOptions } from './devin-usage.js';
export { DEVIN_USAGE_BASE_URL, DEVIN_USAGE_BASE_URL_VARIABLE, devinWindowsFrom, probeDevinUsage } from './devin-usage.js';
export type { UserConfig } from './devin-user-config.js';
export { devinUserConfigPath, parseJsonWithComments, readDevinUserConfig } from './devin-user-config.js';
