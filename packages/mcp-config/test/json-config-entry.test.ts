import { AgentPoolError } from '@agentpool/core';
import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { type JsonEditTarget, removeJsonServerEntry, setJsonServerEntry } from '../src/json-config-entry.js';
import { mcpClient, REMOTE_TRANSPORT_KEYS } from '../src/mcp-clients.js';
import { agentpoolServerCommand } from '../src/server-command.js';

const COPILOT_FILE: JsonEditTarget = {
  path: '/home/u/.copilot/mcp-config.json',
  dialect: 'jsonc',
  clientName: 'Copilot CLI',
  serverName: 'agentpool',
};
const GEMINI: JsonEditTarget = {
  path: '/home/u/.gemini/settings.json',
  dialect: 'json-with-comments',
  clientName: 'Gemini CLI',
  serverName: 'agentpool',
};
const CLAUDE: JsonEditTarget = { path: '/home/u/.claude.json', dialect: 'json', clientName: 'Claude Code', serverName: 'agentpool' };
const PLAIN = mcpClient('cursor').entry(agentpoolServerCommand());
const COPILOT = mcpClient('copilot-cli').entry(agentpoolServerCommand());
const REMOTE = REMOTE_TRANSPORT_KEYS.json;

const install = (text: string, target = COPILOT_FILE, entry = PLAIN) => setJsonServerEntry(text, target, entry, REMOTE);

function thrown(action: () => unknown): AgentPoolError {
  try {
    action();
  } catch (error) {
    if (AgentPoolError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AgentPoolError');
}

describe('installing into a JSON config changes agentpool’s entry and nothing else', () => {
  it('adds the entry after the other servers, keeping comments, trailing commas, odd spacing and key order byte for byte', () => {
    const before = [
      '{',
      '  // my servers',
      '  "mcpServers": {',
      '    "github": { "command": "npx", "args": ["-y", "@github/mcp"] }, // keep this note',
      '    /* a block comment */',
      '  },',
      '  "theme":   "dark",',
      '}',
      '',
    ].join('\n');
    expect(install(before)).toBe(
      [
        '{',
        '  // my servers',
        '  "mcpServers": {',
        '    "github": { "command": "npx", "args": ["-y", "@github/mcp"] }, // keep this note',
        '    "agentpool": {',
        '      "command": "agentpool",',
        '      "args": ["mcp"]',
        '    },',
        '    /* a block comment */',
        '  },',
        '  "theme":   "dark",',
        '}',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['tab-indented, no final newline', '{\n\t"mcpServers": {\n\t\t"a": {"command": "x"}\n\t}\n}'],
    ['CRLF line ends', '{\r\n    "mcpServers": {\r\n        "a": {"command": "x"}\r\n    }\r\n}\r\n'],
    ['a byte-order mark', '\uFEFF{\n  "mcpServers": {\n    "a": {"command": "x"}\n  }\n}\n'],
    ['the last server followed by a comment', '{\n  "mcpServers": {\n    "a": {"command": "x"} // last\n  }\n}\n'],
    ['a server spread over lines', '{\n  "mcpServers": {\n    "a": {\n      "command": "x",\n      "env": {"K": "v"}\n    }\n  }\n}\n'],
  ])('%s: uninstall after install gives back the very same bytes', (_name, before) => {
    const installed = install(before);
    expect(installed).not.toBe(before);
    expect(removeJsonServerEntry(installed, COPILOT_FILE)).toBe(before);
  });

  it('indents the new entry like the file (tabs stay tabs, CRLF stays CRLF)', () => {
    expect(install('{\n\t"mcpServers": {\n\t\t"a": 1\n\t}\n}\n')).toContain(
      '\t\t"agentpool": {\n\t\t\t"command": "agentpool",\n\t\t\t"args": ["mcp"]\n\t\t}\n',
    );
    const crlf = install('{\r\n  "mcpServers": {\r\n    "a": 1\r\n  }\r\n}\r\n');
    expect(crlf.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('keeps a one-line file on one line', () => {
    expect(install('{"theme":"dark"}')).toBe('{"theme":"dark", "mcpServers": {"agentpool": {"command": "agentpool", "args": ["mcp"]}}}');
  });

  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n\n'],
    ['an empty object', '{}'],
  ])('writes a whole document into %s', (_name, before) => {
    expect(JSON.parse(install(before))).toEqual({ mcpServers: { agentpool: { command: 'agentpool', args: ['mcp'] } } });
  });

  it('is idempotent: a second install returns the text unchanged', () => {
    const once = install('{\n  "mcpServers": {\n    "a": 1\n  }\n}\n');
    expect(install(once)).toBe(once);
  });

  it('updates an existing entry key by key: the user’s env and timeout stay, a remote url goes', () => {
    const before =
      '{\n  "mcpServers": {\n    "agentpool": { "command": "old", "env": { "A": "1" }, "timeout": 5000, "url": "http://x/mcp" },\n    "z": {}\n  }\n}\n';
    const after = install(before);
    expect(after).toBe(
      '{\n  "mcpServers": {\n    "agentpool": { "command": "agentpool", "env": { "A": "1" }, "timeout": 5000, "args": ["mcp"] },\n    "z": {}\n  }\n}\n',
    );
  });

  it('sets Copilot’s tools only when the user has not narrowed them', () => {
    const fresh = parse(install('{}', COPILOT_FILE, COPILOT));
    expect(fresh.mcpServers.agentpool).toEqual({ type: 'local', command: 'agentpool', args: ['mcp'], tools: ['*'] });
    const narrowed = parse(
      install('{"mcpServers": {"agentpool": {"type": "local", "command": "x", "args": [], "tools": ["list"]}}}', COPILOT_FILE, COPILOT),
    );
    expect(narrowed.mcpServers.agentpool.tools).toEqual(['list']);
  });

  it('replaces an entry that is not an object', () => {
    expect(parse(install('{"mcpServers": {"agentpool": "broken"}}')).mcpServers.agentpool).toEqual({ command: 'agentpool', args: ['mcp'] });
  });
});

describe('uninstalling removes agentpool’s entry only', () => {
  it('removes the first, middle or last server and the comma that went with it', () => {
    const servers = (names: string[]) =>
      `{\n  "mcpServers": {\n${names.map((name) => `    "${name}": {"command": "${name}"}`).join(',\n')}\n  }\n}\n`;
    expect(removeJsonServerEntry(servers(['agentpool', 'b', 'c']), COPILOT_FILE)).toBe(servers(['b', 'c']));
    expect(removeJsonServerEntry(servers(['a', 'agentpool', 'c']), COPILOT_FILE)).toBe(servers(['a', 'c']));
    expect(removeJsonServerEntry(servers(['a', 'b', 'agentpool']), COPILOT_FILE)).toBe(servers(['a', 'b']));
    expect(removeJsonServerEntry('{"mcpServers": {"a": 1, "agentpool": {}, "b": 2}}', COPILOT_FILE)).toBe(
      '{"mcpServers": {"a": 1, "b": 2}}',
    );
  });

  it('returns the text unchanged when there is no entry, or no file content', () => {
    for (const text of ['', '{}', '{"mcpServers": {"a": 1}}', '{"agentpool": {"command": "not a server"}}']) {
      expect(removeJsonServerEntry(text, COPILOT_FILE)).toBe(text);
    }
  });
});

describe('a config that does not parse is refused with its file and line, never rewritten', () => {
  it('names the line of a syntax error', () => {
    const error = thrown(() => install('{\n  "mcpServers": {\n    "a": {"command": "x"}\n    "b": 1\n  }\n}\n'));
    expect(error.code).toBe('CLIENT_CONFIG_INVALID');
    expect(error.message).toContain('/home/u/.copilot/mcp-config.json, line 4');
    expect(error.message).toContain('a comma is expected');
    expect(error.details).toMatchObject({ path: COPILOT_FILE.path, line: 4 });
  });

  it('refuses comments and trailing commas where the client reads plain JSON (Claude Code), naming the client', () => {
    const comment = thrown(() => install('{\n  // note\n  "a": 1\n}\n', CLAUDE));
    expect(comment.message).toContain('line 2');
    expect(comment.message).toContain('Claude Code does not accept');
    const comma = thrown(() => install('{\n  "a": 1,\n}\n', CLAUDE));
    expect(comma.message).toContain('a trailing comma, which Claude Code does not accept');
    expect(comma.message).toContain('line 3');
  });

  it('takes comments but refuses trailing commas where the client strips comments and parses the rest as JSON (Gemini CLI)', () => {
    expect(parse(install('{\n  // mine\n  "a": 1\n}\n', GEMINI)).mcpServers.agentpool).toEqual({ command: 'agentpool', args: ['mcp'] });
    const comma = thrown(() => install('{\n  "mcpServers": {\n    "a": {"command": "x"},\n  }\n}\n', GEMINI));
    expect(comma.message).toBe(
      '/home/u/.gemini/settings.json, line 4, column 3: does not parse: a trailing comma, which Gemini CLI does not accept in this file. Nothing was changed.',
    );
  });

  it.each([
    ['a JSON array', '[1, 2]', 'not an object'],
    ['mcpServers that is not an object', '{"mcpServers": []}', '"mcpServers" is a array'],
    ['agentpool given twice', '{"mcpServers": {\n"agentpool": {},\n"agentpool": {}}}', 'given 2 times (lines 2, 3)'],
  ])('refuses %s', (_name, text, message) => {
    const error = thrown(() => install(text));
    expect(error.code).toBe('CLIENT_CONFIG_INVALID');
    expect(error.message).toContain(message);
  });

  it('never puts the text of the bad line in the message (it may hold a key)', () => {
    const error = thrown(() => install('{\n  "env": {"KEY": "sk-ant-api03-secret-value-0000000000" oops}\n}\n'));
    expect(error.message).not.toContain('sk-ant');
  });
});
