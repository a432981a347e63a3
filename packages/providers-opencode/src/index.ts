export { configContentWithPlugin, READ_ONLY_PERMISSION, readOnlyPermission } from './opencode-environment.js';
export { isLimitError, parseOpencodeEvent } from './opencode-events.js';
export { defaultModelFromConfig, parseDefaultModel, parseModelList } from './opencode-models.js';
export { opencodeSignalPlugin } from './opencode-plugin.js';
export type { OpencodeProviderSettings } from './opencode-provider.js';
export { createOpencodeProvider, opencodeProvider } from './opencode-provider.js';
export { classifyOpencodeScreen } from './opencode-screen-rules.js';
export { probeOpencodeUsage } from './opencode-usage.js';
