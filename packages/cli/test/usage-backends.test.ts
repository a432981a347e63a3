import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module shared with the usage package's capture script
import { writeClaudeLogTree } from '../../usage/test/fixtures/ccusage/claude-log-tree.mjs';
import { runCli } from './run-cli.js';

// CodexBar's CLI cannot run here: a stand-in printing its documented JSON is `codexbar` on PATH.
const fakeCodexBar = fileURLToPath(new URL('../../usage/test/fixtures/codexbar/fake-codexbar.mjs', import.meta.url));
// The real ccusage 20.0.24 (a root devDependency).
const realCcusage = fileURLToPath(new URL('../../../node_modules/.bin/ccusage', import.meta.url));

type Row = {
  provider: string;
  status: string;
  reason: string | null;
  late: boolean;
  fetched_at: string | null;
  warnings: string[];
  windows: Window[];
};
type Window = {
  kind: string;
  source: string;
  confidence: string;
  used_percent: number;
  resets_at: string | null;
  provenance: { source: string }[];
};

let temp: TempHome;
let bin: string;
let root: string;
let env: Record<string, string>;
const log = () => join(root, 'codexbar.log');
beforeEach(() => {
  temp = createTempHome();
  root = dirname(temp.home);
  bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'codexbar'), `#!/bin/sh\nexec "${process.execPath}" "${fakeCodexBar}" "$@"\n`);
  chmodSync(join(bin, 'codexbar'), 0o755);
  symlinkSync(realCcusage, join(bin, 'ccusage'));
  const claude = join(root, 'claude');
  writeClaudeLogTree(claude, 'active', Date.now());
  // PATH holds only the backends and node: nothing else a probe could find.
  env = { ...temp.env, PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, CLAUDE_CONFIG_DIR: claude, FAKE_CODEXBAR_LOG: log() };
});
afterEach(() => temp.cleanup());

const rows = (json: Record<string, unknown>) => json.providers as Row[];
const without = (name: string) => {
  const path = join(root, `bin-without-${name}`);
  mkdirSync(path);
  for (const other of ['codexbar', 'ccusage'].filter((n) => n !== name)) symlinkSync(join(bin, other), join(path, other));
  return { ...env, PATH: `${path}:${dirname(process.execPath)}:/usr/bin:/bin` };
};

describe('usage --backend', () => {
  it('codexbar: every provider it reads, from CodexBar, by its own provider names', async () => {
    const result = await runCli(['usage', '--backend', 'codexbar', '--provider', 'codex-cli,claude-code', '--json'], env, {
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    expect(result.json.backend).toBe('codexbar');
    const [codex, claude] = rows(result.json);
    expect(codex?.windows.map((w) => [w.kind, w.used_percent, w.source, w.confidence])).toEqual([
      ['5h', 28, 'codexbar', 'local_cli'],
      ['weekly', 59, 'codexbar', 'local_cli'],
    ]);
    expect(claude?.windows.map((w) => w.kind)).toEqual(['5h', 'weekly', 'weekly']);
    const asked = readFileSync(log(), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).args[2]);
    expect(asked.sort()).toEqual(['claude', 'codex']);
    // The account e-mail CodexBar prints never reaches agentpool's output.
    expect(result.stdout).not.toContain('user@example.com');
  }, 60_000);

  it('ccusage: Claude Code only, an estimated 5h window from the real ccusage; the reading is cached', async () => {
    const result = await runCli(['usage', '--backend', 'ccusage', '--json'], env, { timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    expect(rows(result.json).map((row) => row.provider)).toEqual(['claude-code']);
    expect(rows(result.json)[0]?.windows).toMatchObject([{ kind: '5h', source: 'ccusage', confidence: 'estimated', used_percent: 30 }]);
    const cached = await runCli(['usage', '--cached', '--provider', 'claude-code', '--json'], env);
    expect(rows(cached.json)[0]?.windows[0]).toMatchObject({ source: 'ccusage', used_percent: 30 });

    const other = await runCli(['usage', '--backend', 'ccusage', '--provider', 'codex-cli', '--json'], env);
    expect(other.code).toBe(2);
    expect(other.json.error?.message).toBe('The ccusage usage backend does not read codex-cli; it reads claude-code.');
  }, 60_000);

  it('combined: native plus every installed backend, one window per limit with every source in its provenance; a missing backend is listed', async () => {
    const result = await runCli(['usage', '--backend', 'combined', '--provider', 'claude-code', '--json'], without('codexbar'), {
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    const backends = result.json.backends as { name: string; installed: boolean; used: boolean; install_hint: string | null }[];
    expect(backends.find((b) => b.name === 'codexbar')).toMatchObject({ installed: false, used: false });
    expect(backends.find((b) => b.name === 'codexbar')?.install_hint).toContain('brew install steipete/tap/codexbar');
    expect(backends.find((b) => b.name === 'ccusage')).toMatchObject({ installed: true, used: true });
    const [claude] = rows(result.json);
    // The native log estimate and ccusage read the same 5-hour block: one window, both sources.
    expect(claude?.windows).toHaveLength(1);
    expect(claude?.windows[0]?.provenance.map((p) => p.source).sort()).toEqual(['ccusage', 'claude-local-log']);

    const withCodexBar = await runCli(['usage', '--backend', 'combined', '--provider', 'claude-code', '--json'], env, {
      timeoutMs: 60_000,
    });
    const five = rows(withCodexBar.json)[0]?.windows.find((w) => w.kind === '5h');
    // CodexBar relays Claude's own figure (local_cli): it outranks the two estimates, which stay in the provenance.
    expect(five).toMatchObject({ source: 'codexbar', used_percent: 12 });
    expect(five?.provenance.map((p) => p.source)).toEqual(['codexbar', 'claude-local-log', 'ccusage']);
  }, 90_000);

  it('a backend asked for by name that is not installed: exit 2 naming how to install it; an unknown --backend: exit 2', async () => {
    const missing = await runCli(['usage', '--backend', 'codexbar', '--json'], without('codexbar'));
    expect(missing.code).toBe(2);
    expect(missing.json.error?.code).toBe('USAGE_BACKEND_NOT_INSTALLED');
    expect(missing.json.error?.message).toContain('codexbar is not on PATH');
    expect(missing.json.error?.message).toContain('brew install steipete/tap/codexbar');
    const human = await runCli(['usage-summary', '--refresh', '--backend', 'ccusage'], without('ccusage'));
    expect(human.code).toBe(2);
    expect(human.stderr).toContain('npm install -g ccusage');

    const unknown = await runCli(['usage', '--backend', 'codexbar-pro', '--json'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error?.message).toBe('--backend must be one of native, codexbar, ccusage, combined; got "codexbar-pro".');
    expect((await runCli(['usage', '--cached', '--backend', 'ccusage'], env)).code).toBe(2);
  }, 60_000);

  it('the configured command is used when the backend is not on PATH', async () => {
    mkdirSync(temp.home, { recursive: true });
    writeFileSync(join(temp.home, 'config.yaml'), `usage:\n  backends:\n    codexbar:\n      command: ${join(bin, 'codexbar')}\n`);
    const result = await runCli(['usage', '--backend', 'codexbar', '--provider', 'codex-cli', '--json'], without('codexbar'));
    expect(result.code).toBe(0);
    expect(rows(result.json)[0]?.windows[0]).toMatchObject({ source: 'codexbar' });
  }, 60_000);
});

describe('usage --backend codexbar when CodexBar misbehaves', () => {
  it('garbage or a failed fetch: an error naming codexbar, no secret, and the earlier figures kept with their own age', async () => {
    const good = await runCli(['usage', '--backend', 'codexbar', '--provider', 'codex-cli', '--json'], env);
    const fetchedAt = rows(good.json)[0]?.fetched_at;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const garbage = await runCli(['usage', '--backend', 'codexbar', '--provider', 'codex-cli', '--json'], {
      ...env,
      FAKE_CODEXBAR_MODE: 'garbage',
    });
    expect(garbage.code).toBe(0);
    const row = rows(garbage.json)[0];
    expect(row?.warnings.join(' ')).toContain('codexbar: printed output that is not JSON');
    // Nothing from the failed run passes for fresh: the figures shown are the earlier run's, with its time.
    expect(row?.fetched_at).toBe(fetchedAt);
    expect(row?.windows[0]).toMatchObject({ source: 'codexbar', used_percent: 28 });

    const failed = await runCli(['usage', '--backend', 'codexbar', '--provider', 'claude-code', '--json'], {
      ...env,
      FAKE_CODEXBAR_MODE: 'fail',
    });
    expect(rows(failed.json)[0]).toMatchObject({ status: 'error', windows: [] });
    expect(rows(failed.json)[0]?.reason).toContain('codexbar: claude: not signed in');
    expect(failed.stdout).not.toContain('abcdefghijklmnop');
  }, 60_000);

  it('one that hangs past --timeout: the provider is late, the result partial, and the process stopped', async () => {
    const started = Date.now();
    const result = await runCli(
      ['usage', '--backend', 'codexbar', '--provider', 'codex-cli', '--timeout', '1', '--json'],
      { ...env, FAKE_CODEXBAR_MODE: 'hang' },
      { timeoutMs: 30_000 },
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ partial: true, late_providers: ['codex-cli'] });
    expect(rows(result.json)[0]).toMatchObject({
      late: true,
      status: 'error',
      reason: 'codexbar: did not answer within 1 s; it was stopped',
    });
    const { pid } = JSON.parse(readFileSync(log(), 'utf8').trim());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);
});
