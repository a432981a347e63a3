export { DROID_HOOK_EVENTS, droidHookSettings, parseDroidHookEvent } from './droid-hooks.js';
export type { DroidProviderSettings } from './droid-provider.js';
export {
  createDroidProvider,
  DROID_MODELS,
  DROID_REASONING_EFFORTS,
  DROID_SETTINGS_FILE,
  droidProvider,
  droidRuntimeSettings,
} from './droid-provider.js';
export { classifyDroidScreen } from './droid-screen-rules.js';
export type { DroidUsageOptions } from './droid-usage.js';
export { DROID_USAGE_BASE_URL, DROID_USAGE_BASE_URL_VARIABLE, droidWindowsFrom, probeDroidUsage } from './droid-usage.js';
