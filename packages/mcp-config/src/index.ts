export type { McpConfigChange, McpConfigSnippet, McpConfigTarget, McpConfigWriteOptions } from './client-config.js';
export { describeMcpConfig, installMcpConfig, uninstallMcpConfig } from './client-config.js';
export { configDiff, redactConfigLine } from './config-diff.js';
export type { ConfigFileUpdate, ConfigFileUpdateOptions, ConfigTextEdit } from './config-file-update.js';
export { updateConfigFile } from './config-file-update.js';
export { cursorInstallLink } from './cursor-deeplink.js';
export type { JsonEditTarget } from './json-config-entry.js';
export { JSON_SERVERS_KEY, parseJsonConfig, removeJsonServerEntry, setJsonServerEntry } from './json-config-entry.js';
export type { ConfigLocationContext, ConfigScope, JsonDialect, McpClient, McpClientId, ServerEntry } from './mcp-clients.js';
export {
  clientConfigPath,
  clientScopes,
  isMcpClientId,
  MCP_CLIENT_IDS,
  mcpClient,
  REMOTE_TRANSPORT_KEYS,
  SERVER_NAME,
} from './mcp-clients.js';
export type { ServerCommand, ServerCommandOptions } from './server-command.js';
export { agentpoolServerCommand } from './server-command.js';
export type { TomlEditTarget } from './toml-config-entry.js';
export { parseTomlConfig, removeTomlServerEntry, setTomlServerEntry, TOML_SERVERS_KEY } from './toml-config-entry.js';
