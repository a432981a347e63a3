import { AgentPoolError } from '@agentpool/core';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { describeMcpConfig } from '../src/client-config.js';
import { configDiff, redactConfigLine } from '../src/config-diff.js';
import type { ConfigLocationContext, McpClientId } from '../src/mcp-clients.js';
import { agentpoolServerCommand } from '../src/server-command.js';

const HOME = '/home/u';
const linux = (env: Record<string, string> = {}): ConfigLocationContext => ({
  env: { HOME, ...env },
  cwd: '/work/repo',
  platform: 'linux',
});
const command = agentpoolServerCommand();

function pathOf(client: McpClientId, context: ConfigLocationContext, scope: 'user' | 'project' = 'user'): string | null {
  return describeMcpConfig({ client, scope, command, context }).path;
}

describe('each client’s config file', () => {
  it.each([
    ['claude-code', 'user', {}, '/home/u/.claude.json'],
    ['claude-code', 'user', { CLAUDE_CONFIG_DIR: '/cfg/claude' }, '/cfg/claude/.claude.json'],
    ['claude-code', 'project', {}, '/work/repo/.mcp.json'],
    ['claude-desktop', 'user', {}, '/home/u/.config/Claude/claude_desktop_config.json'],
    ['claude-desktop', 'user', { XDG_CONFIG_HOME: '/xdg' }, '/xdg/Claude/claude_desktop_config.json'],
    ['codex', 'user', {}, '/home/u/.codex/config.toml'],
    ['codex', 'user', { CODEX_HOME: '/pool/codex-a' }, '/pool/codex-a/config.toml'],
    ['codex', 'project', {}, '/work/repo/.codex/config.toml'],
    ['cursor', 'user', {}, '/home/u/.cursor/mcp.json'],
    ['cursor', 'project', {}, '/work/repo/.cursor/mcp.json'],
    ['copilot-cli', 'user', {}, '/home/u/.copilot/mcp-config.json'],
    ['copilot-cli', 'user', { COPILOT_HOME: '/c' }, '/c/mcp-config.json'],
    ['copilot-cli', 'project', {}, '/work/repo/.github/mcp.json'],
    ['gemini', 'user', {}, '/home/u/.gemini/settings.json'],
    ['gemini', 'user', { GEMINI_CLI_HOME: '/g' }, '/g/.gemini/settings.json'],
    ['gemini', 'project', {}, '/work/repo/.gemini/settings.json'],
  ] as const)('%s, %s scope, env %j: %s', (client, scope, env, expected) => {
    expect(pathOf(client, linux(env), scope)).toBe(expected);
  });

  it('Claude Desktop on macOS lives under Application Support', () => {
    expect(pathOf('claude-desktop', { env: { HOME: '/Users/u' }, cwd: '/', platform: 'darwin' })).toBe(
      '/Users/u/Library/Application Support/Claude/claude_desktop_config.json',
    );
  });

  it('refuses a scope a client does not have, naming the ones it has', () => {
    try {
      describeMcpConfig({ client: 'claude-desktop', scope: 'project', command, context: linux() });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(AgentPoolError.isInstance(error) && error.code).toBe('INVALID_REQUEST');
      expect((error as Error).message).toContain('its scopes: user');
    }
  });
});

describe('the printed config', () => {
  it('is the JSON each client reads, with the client’s own keys', () => {
    const claude = JSON.parse(describeMcpConfig({ client: 'claude-code', command, context: linux() }).text);
    expect(claude).toEqual({ mcpServers: { agentpool: { type: 'stdio', command: 'agentpool', args: ['mcp'] } } });
    const copilot = JSON.parse(describeMcpConfig({ client: 'copilot-cli', command, context: linux() }).text);
    expect(copilot.mcpServers.agentpool).toEqual({ type: 'local', command: 'agentpool', args: ['mcp'], tools: ['*'] });
    const generic = describeMcpConfig({ client: 'generic', command, context: linux() });
    expect(generic.path).toBeNull();
    expect(JSON.parse(generic.text)).toEqual({ mcpServers: { agentpool: { command: 'agentpool', args: ['mcp'] } } });
  });

  it('is a [mcp_servers.agentpool] table for Codex', () => {
    const snippet = describeMcpConfig({ client: 'codex', command, context: linux() });
    expect(snippet.text).toBe('[mcp_servers.agentpool]\ncommand = "agentpool"\nargs = ["mcp"]\n');
    expect(parse(snippet.text)).toEqual({ mcp_servers: { agentpool: { command: 'agentpool', args: ['mcp'] } } });
  });

  it('names node and the script by absolute path with --absolute-command', () => {
    const absolute = agentpoolServerCommand({ absolute: true, nodePath: '/opt/node/bin/node', cliScript: '/opt/agentpool/dist/bin.js' });
    const snippet = describeMcpConfig({ client: 'claude-desktop', command: absolute, context: linux() });
    expect(snippet.entry).toEqual({ command: '/opt/node/bin/node', args: ['/opt/agentpool/dist/bin.js', 'mcp'] });
  });

  it('gives Cursor an install link whose config decodes to the entry', () => {
    const snippet = describeMcpConfig({ client: 'cursor', command, context: linux() });
    const link = new URL(snippet.deeplink!);
    expect(`${link.protocol}//${link.host}${link.pathname}`).toBe('cursor://anysphere.cursor-deeplink/mcp/install');
    expect(link.searchParams.get('name')).toBe('agentpool');
    expect(JSON.parse(Buffer.from(link.searchParams.get('config')!, 'base64').toString('utf8'))).toEqual(snippet.entry);
    expect(describeMcpConfig({ client: 'gemini', command, context: linux() }).deeplink).toBeNull();
  });
});

describe('a shown diff masks secrets on the lines around agentpool’s entry', () => {
  it.each([
    ['    "GITHUB_PERSONAL_ACCESS_TOKEN": "ghx-not-a-known-shape-1234"', '"GITHUB_PERSONAL_ACCESS_TOKEN": "[REDACTED]"'],
    ['OPENAI_API_KEY = "plain-looking-value"', 'OPENAI_API_KEY = "[REDACTED]"'],
    ['  "Authorization": "Basic dXNlcjpwYXNz"', '"Authorization": "[REDACTED]"'],
    ['  "note": "sk-ant-api03-abcdefghijklmnopqrstuvwxyz"', '"note": "[REDACTED]"'],
  ])('%s', (line, shown) => {
    expect(redactConfigLine(line)).toContain(shown);
  });

  it('keeps ordinary values readable', () => {
    expect(redactConfigLine('    "command": "npx",')).toBe('    "command": "npx",');
  });

  it('applies to every line of the diff, context lines included', () => {
    const before = '{\n  "mcpServers": {\n    "x": {"env": {"API_TOKEN": "abcd1234efgh"}}\n  }\n}\n';
    const after = '{\n  "mcpServers": {\n    "x": {"env": {"API_TOKEN": "abcd1234efgh"}},\n    "agentpool": {}\n  }\n}\n';
    const diff = configDiff('/home/u/.claude.json', before, after);
    expect(diff).toContain('+    "agentpool": {}');
    expect(diff).not.toContain('abcd1234efgh');
  });
});
