import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { parse as parseToml } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysNotSnakeCase } from './json-keys.js';
import { runCli } from './run-cli.js';

let temp: TempHome;
let home: string;
beforeEach(() => {
  temp = createTempHome();
  home = temp.env.HOME!;
  mkdirSync(home, { recursive: true });
});
afterEach(() => temp.cleanup());

const BOUND = { timeoutMs: 30_000 };
const codexConfig = () => join(home, '.codex', 'config.toml');
const claudeConfig = () => join(home, '.claude.json');

/** A Codex config someone has lived with: comments, a multi-line array, odd spacing, another server with env. */
const CODEX_CONFIG = [
  '# Codex, tuned by hand',
  'model = "o3"      # fast enough',
  '',
  '[mcp_servers.github]',
  'command = "npx"',
  'args = [',
  '  "-y",',
  '  "@modelcontextprotocol/server-github",  # pinned below',
  ']',
  '',
  '[mcp_servers.github.env]',
  'GITHUB_PERSONAL_ACCESS_TOKEN = "ghp_000000000000000000000000000000000000"',
  '',
  '[projects."/home/u/work"]',
  "trust_level = 'trusted'",
  '',
].join('\n');

/** ~/.claude.json as Claude Code writes it, plus a server of the user's. */
const CLAUDE_CONFIG = `${JSON.stringify(
  {
    numStartups: 3,
    hasCompletedOnboarding: true,
    mcpServers: { memory: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: {} } },
    projects: { '/home/u/work': { allowedTools: [], hasTrustDialogAccepted: true } },
  },
  null,
  2,
)}\n`;

function writeFile(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('agentpool mcp-config prints the config', () => {
  it('puts the exact config alone on stdout and where it goes on stderr, writing nothing', async () => {
    const result = await runCli(['mcp-config', '--client', 'codex'], temp.env, BOUND);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('[mcp_servers.agentpool]\ncommand = "agentpool"\nargs = ["mcp"]\n');
    expect(result.stderr).toContain(codexConfig());
    expect(result.stderr).toContain('agentpool mcp-config --client codex --install');
    expect(filesUnder(home)).toEqual([]);
  });

  it('--json gives the text, the entry, the file, the Cursor link and the check, in snake_case', async () => {
    const result = await runCli(['mcp-config', '--client', 'cursor', '--json'], temp.env, BOUND);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({
      client: 'cursor',
      scope: 'user',
      path: join(home, '.cursor', 'mcp.json'),
      entry: { command: 'agentpool', args: ['mcp'] },
    });
    expect(String(result.json.deeplink)).toMatch(/^cursor:\/\/anysphere\.cursor-deeplink\/mcp\/install\?name=agentpool&config=/);
    expect(keysNotSnakeCase(result.json, [['entry']])).toEqual([]);
  });

  it('--absolute-command names this node and this CLI’s script, which start the CLI', async () => {
    const result = await runCli(['mcp-config', '--client', 'claude-desktop', '--absolute-command', '--json'], temp.env, BOUND);
    const entry = result.json.entry as { command: string; args: string[] };
    expect(entry.command).toBe(process.execPath);
    expect(entry.args[1]).toBe('mcp');
    const version = execFileSync(entry.command, [entry.args[0]!, '--version'], { encoding: 'utf8' });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('bad requests are refused with exit 2, the problem and the next step, and change nothing', () => {
  it.each([
    [[], '--client is required'],
    [['--client', 'vscode'], '--client must be one of generic, claude-code'],
    [['--client', 'codex', '--scope', 'global'], '--scope must be one of user, project'],
    [['--client', 'codex', '--install', '--uninstall'], '--install and --uninstall cannot be given together'],
    [['--client', 'codex', '--dry-run'], '--dry-run needs --install or --uninstall'],
    [['--client', 'codex', '--uninstall', '--absolute-command'], '--absolute-command does not apply to --uninstall'],
    [['--client', 'generic', '--install'], 'has no config file to write'],
    [['--client', 'generic', '--scope', 'user'], '--scope does not apply to --client generic'],
    [['--client', 'claude-desktop', '--scope', 'project', '--install'], 'Claude Desktop has no project-scope config file'],
  ])('mcp-config %j', async (args, message) => {
    const result = await runCli(['mcp-config', ...args, '--json'], temp.env, BOUND);
    expect(result.code).toBe(2);
    expect(result.json.error?.code).toBe('INVALID_REQUEST');
    expect(result.json.error?.message).toContain(message);
    expect(String(result.json.error?.details.example)).toMatch(/^agentpool mcp-config /);
    expect(filesUnder(home)).toEqual([]);
  });
});

describe('--install and --uninstall change only agentpool’s entry', () => {
  it('Codex: every other line survives byte for byte; uninstall gives back the original; a backup is kept', async () => {
    writeFile(codexConfig(), CODEX_CONFIG);
    const install = await runCli(['mcp-config', '--client', 'codex', '--install', '--json'], temp.env, BOUND);
    expect(install.code).toBe(0);
    expect(install.json).toMatchObject({ action: 'install', changed: true, created: false, path: codexConfig() });
    const installed = readFileSync(codexConfig(), 'utf8');
    expect(installed.startsWith(CODEX_CONFIG)).toBe(true);
    expect(parseToml(installed)).toMatchObject({ mcp_servers: { agentpool: { command: 'agentpool', args: ['mcp'] } } });
    expect(readFileSync(String(install.json.backup), 'utf8')).toBe(CODEX_CONFIG);
    // The diff shown never carries the token of the other server.
    expect(String(install.json.diff)).not.toContain('ghp_0000');

    const again = await runCli(['mcp-config', '--client', 'codex', '--install', '--json'], temp.env, BOUND);
    expect(again.json).toMatchObject({ changed: false, backup: null });

    const uninstall = await runCli(['mcp-config', '--client', 'codex', '--uninstall', '--json'], temp.env, BOUND);
    expect(uninstall.json).toMatchObject({ action: 'uninstall', changed: true });
    expect(readFileSync(codexConfig(), 'utf8')).toBe(CODEX_CONFIG);
  });

  it('Claude Code: the other keys, servers and layout of ~/.claude.json survive byte for byte', async () => {
    writeFile(claudeConfig(), CLAUDE_CONFIG);
    const install = await runCli(['mcp-config', '--client', 'claude-code', '--install'], temp.env, BOUND);
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`installed agentpool in Claude Code's user config ${claudeConfig()}`);
    const installed = JSON.parse(readFileSync(claudeConfig(), 'utf8'));
    expect(installed.mcpServers.agentpool).toEqual({ type: 'stdio', command: 'agentpool', args: ['mcp'] });
    expect({ ...installed, mcpServers: { memory: installed.mcpServers.memory } }).toEqual(JSON.parse(CLAUDE_CONFIG));
    await runCli(['mcp-config', '--client', 'claude-code', '--uninstall'], temp.env, BOUND);
    expect(readFileSync(claudeConfig(), 'utf8')).toBe(CLAUDE_CONFIG);
  });

  it('--dry-run shows the diff and writes nothing, not even a missing folder', async () => {
    const result = await runCli(['mcp-config', '--client', 'gemini', '--install', '--dry-run'], temp.env, BOUND);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('# dry run: nothing written');
    expect(result.stdout).toContain('+    "agentpool": {');
    expect(filesUnder(home)).toEqual([]);
  });

  it('--uninstall with no config file, or no entry, changes nothing and says so', async () => {
    const missing = await runCli(['mcp-config', '--client', 'cursor', '--uninstall'], temp.env, BOUND);
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain('has no agentpool entry; nothing changed');
    expect(filesUnder(home)).toEqual([]);
  });

  it('two installs at once (two real processes) leave one valid entry and everything else intact', async () => {
    writeFile(codexConfig(), CODEX_CONFIG);
    writeFile(claudeConfig(), CLAUDE_CONFIG);
    for (const [client, path] of [
      ['codex', codexConfig()],
      ['claude-code', claudeConfig()],
    ] as const) {
      const results = await Promise.all([
        runCli(['mcp-config', '--client', client, '--install', '--json'], temp.env, BOUND),
        runCli(['mcp-config', '--client', client, '--install', '--absolute-command', '--json'], temp.env, BOUND),
      ]);
      expect(results.map((result) => [result.code, result.json.error ?? null])).toEqual([
        [0, null],
        [0, null],
      ]);
      const text = readFileSync(path, 'utf8');
      if (client === 'codex') {
        expect(text.match(/^\[mcp_servers\.agentpool\]$/gm)).toHaveLength(1);
        expect(text.startsWith(CODEX_CONFIG)).toBe(true);
        expect(Object.keys((parseToml(text) as { mcp_servers: object }).mcp_servers).sort()).toEqual(['agentpool', 'github']);
      } else {
        expect(text.match(/"agentpool":/g)).toHaveLength(1);
        expect(Object.keys(JSON.parse(text).mcpServers).sort()).toEqual(['agentpool', 'memory']);
      }
      expect(existsSync(`${path}.lock`)).toBe(false);
      expect(readdirSync(join(path, '..')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }
  });
});

describe('a config agentpool cannot safely change is left untouched, with a clear error', () => {
  it.each([
    ['codex', '.codex/config.toml', 'model = "o3"\n[mcp_servers.github\ncommand = "npx"\n', 'line 2'],
    ['claude-code', '.claude.json', '{\n  "numStartups": 3,\n  // a comment\n  "mcpServers": {}\n}\n', 'line 3'],
    ['gemini', '.gemini/settings.json', '{\n  "mcpServers": {\n    "a": {"command": "x"}\n    "b": {}\n  }\n}\n', 'line 4'],
  ])('%s: a file that does not parse: exit 2, the file and line named, not a byte changed', async (client, file, text, line) => {
    const path = join(home, file);
    writeFile(path, text);
    const result = await runCli(['mcp-config', '--client', client, '--install', '--json'], temp.env, BOUND);
    expect(result.code).toBe(2);
    expect(result.json.error?.code).toBe('CLIENT_CONFIG_INVALID');
    expect(result.json.error?.message).toContain(`${path}, ${line}`);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(filesUnder(temp.home)).toEqual([]);
  });

  it('a read-only config file: exit 1, said plainly, the file and the earlier backup as they were', async () => {
    writeFile(codexConfig(), CODEX_CONFIG);
    const first = await runCli(['mcp-config', '--client', 'codex', '--install', '--json'], temp.env, BOUND);
    const installed = readFileSync(codexConfig(), 'utf8');
    chmodSync(codexConfig(), 0o444);
    const result = await runCli(['mcp-config', '--client', 'codex', '--uninstall', '--json'], temp.env, BOUND);
    expect(result.code).toBe(1);
    expect(result.json.error?.code).toBe('CLIENT_CONFIG_NOT_WRITABLE');
    expect(result.json.error?.message).toContain(`${codexConfig()} is read-only`);
    expect(readFileSync(codexConfig(), 'utf8')).toBe(installed);
    expect(readFileSync(String(first.json.backup), 'utf8')).toBe(CODEX_CONFIG);
    expect(filesUnder(join(temp.home, 'backups'))).toHaveLength(1);
  });

  it.skipIf(!canMountReadOnly())('a config folder on a read-only file system: exit 1, EROFS named, nothing changed', async () => {
    writeFile(codexConfig(), CODEX_CONFIG);
    const folder = join(home, '.codex');
    const result = await runCli(['mcp-config', '--client', 'codex', '--install', '--json'], temp.env, {
      ...BOUND,
      wrap: onReadOnlyBind(folder),
    });
    expect(result.code).toBe(1);
    expect(result.json.error?.code).toBe('CLIENT_CONFIG_NOT_WRITABLE');
    expect(result.json.error?.message).toContain('read-only file system');
    expect(readFileSync(codexConfig(), 'utf8')).toBe(CODEX_CONFIG);
  });
});

/** A read-only view of a folder exists only inside a private mount namespace, so nothing outlives the test. */
function canMountReadOnly(): boolean {
  try {
    execFileSync('unshare', ['--mount', 'sh', '-c', 'mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function onReadOnlyBind(dir: string): string[] {
  return ['unshare', '--mount', 'sh', '-c', 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"', dir];
}
