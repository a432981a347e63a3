import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ServerCommand } from './server-command.js';

/** The name agentpool's server has in every client's config. */
export const SERVER_NAME = 'agentpool';

export const MCP_CLIENT_IDS = ['generic', 'claude-code', 'claude-desktop', 'codex', 'cursor', 'copilot-cli', 'gemini'] as const;
export type McpClientId = (typeof MCP_CLIENT_IDS)[number];

/** `user`: the client's own config in your home; `project`: a file in the current folder that the client reads there. */
export type ConfigScope = 'user' | 'project';

/**
 * How a client reads its JSON file, so a file it could not read is refused rather than edited:
 * `json` allows neither comments nor trailing commas (Claude Code and Claude Desktop use
 * JSON.parse), `json-with-comments` allows comments only (Gemini CLI strips them, then parses),
 * `jsonc` allows both (Copilot CLI, Cursor).
 */
export type JsonDialect = 'json' | 'json-with-comments' | 'jsonc';

/** Where a config file is looked for: the environment, the current folder and the platform. */
export interface ConfigLocationContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
}

/** agentpool's entry for one client: keys it always sets, and keys it sets only when absent (the user may have narrowed them). */
export interface ServerEntry {
  readonly owned: Readonly<Record<string, unknown>>;
  readonly defaults: Readonly<Record<string, unknown>>;
}

interface ClientBase {
  readonly id: McpClientId;
  readonly displayName: string;
  /** How to see that the client found the server, as a command or a place in its UI. */
  readonly verify: Readonly<Record<ConfigScope, string>>;
  entry(command: ServerCommand): ServerEntry;
}

export interface JsonMcpClient extends ClientBase {
  readonly format: 'json';
  readonly dialect: JsonDialect;
  /** Scopes with a config file, and the file of each; none for `generic`. */
  readonly files: Partial<Record<ConfigScope, (context: ConfigLocationContext) => string>>;
}

export interface TomlMcpClient extends ClientBase {
  readonly format: 'toml';
  readonly files: Partial<Record<ConfigScope, (context: ConfigLocationContext) => string>>;
}

export type McpClient = JsonMcpClient | TomlMcpClient;

function home(context: ConfigLocationContext): string {
  return context.env.HOME || homedir();
}

/** `$VAR` when set and not empty, else `fallback`. */
function envDir(context: ConfigLocationContext, name: string, fallback: string): string {
  const value = context.env[name]?.trim();
  return value ? resolve(context.cwd, value) : fallback;
}

const plainEntry = (command: ServerCommand): ServerEntry => ({
  owned: { command: command.command, args: [...command.args] },
  defaults: {},
});

const CLIENTS: Readonly<Record<McpClientId, McpClient>> = {
  generic: {
    id: 'generic',
    displayName: 'any MCP client',
    format: 'json',
    dialect: 'json',
    files: {},
    verify: {
      user: 'npx @modelcontextprotocol/inspector@0.15.0 --cli agentpool mcp --method tools/list',
      project: 'npx @modelcontextprotocol/inspector@0.15.0 --cli agentpool mcp --method tools/list',
    },
    entry: plainEntry,
  },
  'claude-code': {
    id: 'claude-code',
    displayName: 'Claude Code',
    format: 'json',
    dialect: 'json',
    files: {
      // Claude Code keeps its user config in $CLAUDE_CONFIG_DIR/.claude.json when that is set.
      user: (context) => join(envDir(context, 'CLAUDE_CONFIG_DIR', home(context)), '.claude.json'),
      project: (context) => join(context.cwd, '.mcp.json'),
    },
    verify: { user: 'claude mcp list', project: 'claude mcp list   (approve the project server when Claude Code asks)' },
    entry: (command) => ({ owned: { type: 'stdio', command: command.command, args: [...command.args] }, defaults: {} }),
  },
  'claude-desktop': {
    id: 'claude-desktop',
    displayName: 'Claude Desktop',
    format: 'json',
    dialect: 'json',
    files: {
      user: (context) => {
        if (context.platform === 'darwin')
          return join(home(context), 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
        if (context.platform === 'win32') {
          return join(envDir(context, 'APPDATA', join(home(context), 'AppData', 'Roaming')), 'Claude', 'claude_desktop_config.json');
        }
        return join(envDir(context, 'XDG_CONFIG_HOME', join(home(context), '.config')), 'Claude', 'claude_desktop_config.json');
      },
    },
    verify: {
      user: 'quit and reopen Claude Desktop; Settings → Developer lists agentpool as running',
      project: 'quit and reopen Claude Desktop; Settings → Developer lists agentpool as running',
    },
    entry: plainEntry,
  },
  codex: {
    id: 'codex',
    displayName: 'Codex CLI',
    format: 'toml',
    files: {
      user: (context) => join(envDir(context, 'CODEX_HOME', join(home(context), '.codex')), 'config.toml'),
      // Codex reads a project's .codex/config.toml only when the project is trusted.
      project: (context) => join(context.cwd, '.codex', 'config.toml'),
    },
    verify: {
      user: 'codex mcp list',
      project: 'codex mcp list   (run in the project; Codex reads .codex/config.toml of trusted projects only)',
    },
    entry: plainEntry,
  },
  cursor: {
    id: 'cursor',
    displayName: 'Cursor',
    format: 'json',
    dialect: 'jsonc',
    files: {
      user: (context) => join(home(context), '.cursor', 'mcp.json'),
      project: (context) => join(context.cwd, '.cursor', 'mcp.json'),
    },
    verify: {
      user: 'Cursor Settings → MCP (Tools & Integrations) lists agentpool with its tools',
      project: 'open the project in Cursor; Cursor Settings → MCP lists agentpool with its tools',
    },
    entry: plainEntry,
  },
  'copilot-cli': {
    id: 'copilot-cli',
    displayName: 'GitHub Copilot CLI',
    format: 'json',
    dialect: 'jsonc',
    files: {
      user: (context) => join(envDir(context, 'COPILOT_HOME', join(home(context), '.copilot')), 'mcp-config.json'),
      project: (context) => join(context.cwd, '.github', 'mcp.json'),
    },
    verify: { user: 'copilot mcp list', project: 'copilot mcp list   (in the project, once you trust the folder)' },
    entry: (command) => ({
      owned: { type: 'local', command: command.command, args: [...command.args] },
      defaults: { tools: ['*'] },
    }),
  },
  gemini: {
    id: 'gemini',
    displayName: 'Gemini CLI',
    format: 'json',
    dialect: 'json-with-comments',
    files: {
      user: (context) => join(envDir(context, 'GEMINI_CLI_HOME', home(context)), '.gemini', 'settings.json'),
      project: (context) => join(context.cwd, '.gemini', 'settings.json'),
    },
    verify: { user: 'gemini mcp list   (in a trusted folder)', project: 'gemini mcp list   (in the project, once you trust the folder)' },
    entry: plainEntry,
  },
};

export function mcpClient(id: McpClientId): McpClient {
  return CLIENTS[id];
}

export function isMcpClientId(value: string): value is McpClientId {
  return (MCP_CLIENT_IDS as readonly string[]).includes(value);
}

/** The scopes a client has a config file for (none for `generic`). */
export function clientScopes(client: McpClient): ConfigScope[] {
  return (['user', 'project'] as const).filter((scope) => client.files[scope] !== undefined);
}

/** The config file of `client` in `scope`, or null when the client has none there. */
export function clientConfigPath(client: McpClient, scope: ConfigScope, context: ConfigLocationContext): string | null {
  const locate = client.files[scope];
  return locate ? locate(context) : null;
}

/** Keys that make an entry a remote server: removed when agentpool sets its command, so the client cannot pick the old URL. */
export const REMOTE_TRANSPORT_KEYS: Readonly<Record<McpClient['format'], readonly string[]>> = {
  json: ['url', 'httpUrl', 'serverUrl'],
  toml: ['url'],
};
