import { AgentPoolError } from '@agentpool/core';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { mcpClient, REMOTE_TRANSPORT_KEYS } from '../src/mcp-clients.js';
import { agentpoolServerCommand } from '../src/server-command.js';
import { removeTomlServerEntry, setTomlServerEntry, type TomlEditTarget } from '../src/toml-config-entry.js';

const TARGET: TomlEditTarget = { path: '/home/u/.codex/config.toml', serverName: 'agentpool' };
const ENTRY = mcpClient('codex').entry(agentpoolServerCommand());
const ABSOLUTE = mcpClient('codex').entry(
  agentpoolServerCommand({ absolute: true, nodePath: '/usr/bin/node', cliScript: '/opt/agent pool/bin.js' }),
);
const install = (text: string, entry = ENTRY) => setTomlServerEntry(text, TARGET, entry, REMOTE_TRANSPORT_KEYS.toml);
const uninstall = (text: string) => removeTomlServerEntry(text, TARGET);

function thrown(action: () => unknown): AgentPoolError {
  try {
    action();
  } catch (error) {
    if (AgentPoolError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AgentPoolError');
}

/** A Codex config as people keep them: comments everywhere, a multi-line array, a multi-line string holding header-like text. */
const BUSY = [
  '# Codex settings',
  'model = "o3"   # the default',
  'instructions = """',
  '[mcp_servers.agentpool]',
  'this line is text, not a table',
  '"""',
  '',
  '[mcp_servers.github]',
  'command = "npx"',
  'args = [',
  '  "-y",   # install quietly',
  '  "@github/mcp",',
  ']',
  '',
  '# the projects I trust',
  '[projects."/home/u/work"]',
  "trust_level = 'trusted'",
  '',
].join('\n');

describe('installing into Codex config.toml changes [mcp_servers.agentpool] and nothing else', () => {
  it('appends the table and keeps every other line byte for byte', () => {
    expect(install(BUSY)).toBe(`${BUSY}\n[mcp_servers.agentpool]\ncommand = "agentpool"\nargs = ["mcp"]\n`);
  });

  it('does not take header-like text inside a multi-line string for a table', () => {
    const config = parse(install(BUSY)) as { instructions: string; mcp_servers: Record<string, unknown> };
    expect(config.instructions).toContain('[mcp_servers.agentpool]');
    expect(config.mcp_servers.agentpool).toEqual({ command: 'agentpool', args: ['mcp'] });
    expect(config.mcp_servers.github).toEqual({ command: 'npx', args: ['-y', '@github/mcp'] });
  });

  it.each([
    ['a busy file', BUSY],
    ['a file without a final line end', 'model = "o3"'],
    ['an empty file', ''],
    ['CRLF line ends', 'model = "o3"\r\n\r\n[mcp_servers.a]\r\ncommand = "x"\r\n'],
  ])('%s: uninstall after install gives back the same text', (_name, before) => {
    const after = uninstall(install(before));
    // Only a missing final line end may be added.
    expect(after).toBe(before.endsWith('\n') || before === '' ? before : `${before}\n`);
  });

  it('writes CRLF into a CRLF file', () => {
    expect(install('model = "o3"\r\n')).toBe('model = "o3"\r\n\r\n[mcp_servers.agentpool]\r\ncommand = "agentpool"\r\nargs = ["mcp"]\r\n');
  });

  it('updates an existing table in place: the user’s keys, comments and [.env] sub-table stay, a url goes', () => {
    const before = [
      '[mcp_servers.agentpool]',
      '# started by Codex',
      'command = "old-agentpool"',
      'args = [',
      '  "mcp",',
      ']',
      'url = "http://127.0.0.1:9/mcp"',
      'startup_timeout_sec = 30',
      '',
      '[mcp_servers.agentpool.env]',
      'AGENTPOOL_HOME = "/srv/pool"',
      '',
      '[mcp_servers.other]',
      'command = "x"',
      '',
    ].join('\n');
    expect(install(before, ABSOLUTE)).toBe(
      [
        '[mcp_servers.agentpool]',
        '# started by Codex',
        'command = "/usr/bin/node"',
        'args = ["/opt/agent pool/bin.js", "mcp"]',
        'startup_timeout_sec = 30',
        '',
        '[mcp_servers.agentpool.env]',
        'AGENTPOOL_HOME = "/srv/pool"',
        '',
        '[mcp_servers.other]',
        'command = "x"',
        '',
      ].join('\n'),
    );
  });

  it('adds missing keys under the header of an existing table', () => {
    expect(install('[mcp_servers.agentpool]\nenabled = true\n')).toBe(
      '[mcp_servers.agentpool]\ncommand = "agentpool"\nargs = ["mcp"]\nenabled = true\n',
    );
  });

  it('is idempotent', () => {
    const once = install(BUSY);
    expect(install(once)).toBe(once);
  });

  it('finds a quoted header ([mcp_servers."agentpool"]) as the same table', () => {
    expect(install('[mcp_servers."agentpool"]\ncommand = "x"\nargs = []\n')).toBe(
      '[mcp_servers."agentpool"]\ncommand = "agentpool"\nargs = ["mcp"]\n',
    );
  });
});

describe('uninstalling removes the table and its sub-tables only', () => {
  it('keeps the tables around it and the comment that introduces the next one', () => {
    const before = [
      'model = "o3"',
      '',
      '[mcp_servers.agentpool]',
      'command = "agentpool"',
      'args = ["mcp"]',
      '',
      '[mcp_servers.agentpool.env]',
      'A = "1"',
      '',
      '# GitHub, for reviews',
      '[mcp_servers.github]',
      'command = "npx"',
      '',
    ].join('\n');
    expect(uninstall(before)).toBe(['model = "o3"', '', '# GitHub, for reviews', '[mcp_servers.github]', 'command = "npx"', ''].join('\n'));
  });

  it('returns the text unchanged when there is no entry', () => {
    expect(uninstall(BUSY)).toBe(BUSY);
    expect(uninstall('')).toBe('');
  });
});

describe('what agentpool does not rewrite is refused, naming the file and line', () => {
  it('a file that does not parse', () => {
    const error = thrown(() => install('model = "o3"\n[mcp_servers.a]\ncommand = \n'));
    expect(error.code).toBe('CLIENT_CONFIG_INVALID');
    expect(error.message).toMatch(/^\/home\/u\/\.codex\/config\.toml, line 3, column \d+: does not parse as TOML/);
    expect(error.details).toMatchObject({ path: TARGET.path, line: 3 });
  });

  it.each([
    ['an inline table', '[mcp_servers]\nagentpool = { command = "x" }\n', 'line 2'],
    ['dotted keys', 'mcp_servers.agentpool.command = "x"\n', 'line 1'],
  ])('agentpool’s entry written as %s, for install and uninstall', (_name, text, line) => {
    for (const action of [() => install(text), () => uninstall(text)]) {
      const error = thrown(action);
      expect(error.code).toBe('CLIENT_CONFIG_INVALID');
      expect(error.message).toContain(line);
      expect(error.message).toContain('agentpool edits only that table');
      expect(error.hint).toContain('codex mcp remove agentpool');
    }
  });

  it('a file whose mcp_servers is an inline table, where a new table cannot go', () => {
    const error = thrown(() => install('mcp_servers = { other = { command = "x" } }\n'));
    expect(error.code).toBe('CLIENT_CONFIG_INVALID');
    expect(error.message).toContain('cannot be added to this file without rewriting other lines');
  });
});
