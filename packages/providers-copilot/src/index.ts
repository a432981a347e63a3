export {
  COPILOT_HOOK_EVENTS,
  COPILOT_HOOKS_FILE,
  COPILOT_PLUGIN_NAME,
  copilotHookConfig,
  copilotPluginManifest,
  parseCopilotHookEvent,
} from './copilot-hooks.js';
export type { CopilotBinary } from './copilot-installation.js';
export { copilotAuth, copilotHome, findCopilotBinary } from './copilot-installation.js';
export { COPILOT_MODELS, COPILOT_REASONING_EFFORTS } from './copilot-models.js';
export type { CopilotProviderSettings } from './copilot-provider.js';
export { copilotProvider, createCopilotProvider } from './copilot-provider.js';
export { classifyCopilotScreen } from './copilot-screen-rules.js';
export type { CopilotUsageOptions } from './copilot-usage.js';
export { COPILOT_USAGE_BASE_URL, COPILOT_USAGE_BASE_URL_VARIABLE, copilotWindowsFrom, probeCopilotUsage } from './copilot-usage.js';
