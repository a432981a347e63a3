import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysNotSnakeCase } from './json-keys.js';
import { runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
});
afterEach(() => temp.cleanup());

const CAPTURES = fileURLToPath(new URL('../../test-utils/captures/', import.meta.url));

/** The first `offset` bytes of a raw pane stream captured from a real CLI (packages/test-utils/captures). */
function captureUpTo(name: string, offset: number): Buffer {
  return readFileSync(join(CAPTURES, `${name}.raw`)).subarray(0, offset);
}

/** The offset of a capture's moment in `state` (from its .json). */
function momentOffset(name: string, state: string): number {
  const meta = JSON.parse(readFileSync(join(CAPTURES, `${name}.json`), 'utf8')) as { moments: { state: string; offset: number }[] };
  const moment = meta.moments.find((entry) => entry.state === state);
  if (!moment) throw new Error(`${name} has no ${state} moment`);
  return moment.offset;
}

function writeFile(name: string, content: string | Buffer): string {
  const dir = join(temp.home, '..', 'files');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Two custom providers in config: one with a catalog (only its models), one that takes any model. */
function writeCatalogConfig(): void {
  mkdirSync(temp.home, { recursive: true });
  writeFileSync(
    join(temp.home, 'config.yaml'),
    [
      'version: 1',
      'custom_providers:',
      '  listed-cli:',
      '    display_name: Listed CLI',
      '    command: [listed-cli]',
      "    model_args: ['--model', '{model}']",
      '    models: [small, large]',
      '    screen:',
      "      - { state: approval_prompt, pattern: '^Allow .+\\? \\(y/n\\)$', last_lines: 3 }",
      "      - { state: ready, pattern: '^> ', last_lines: 1 }",
      '  open-cli:',
      '    command: [open-cli]',
      "    model_args: ['--model', '{model}']",
      '    screen:',
      "      - { state: ready, pattern: '^> ', last_lines: 1 }",
      '',
    ].join('\n'),
  );
}

/** No session was created: no session folder, no row. */
async function expectNoSession(): Promise<void> {
  const artifacts = join(temp.home, 'artifacts');
  expect(existsSync(artifacts) ? readdirSync(artifacts) : []).toEqual([]);
  if (existsSync(join(temp.home, 'agentpool.sqlite'))) {
    expect((await runCli(['sessions', '--json'], temp.env)).json.count).toBe(0);
  }
}

describe('agentpool models', () => {
  it('lists each provider with its catalog, default and whether it takes any model', async () => {
    writeCatalogConfig();
    const all = await runCli(['models', '--json'], temp.env);
    expect(all.code).toBe(0);
    expect(keysNotSnakeCase(all.json)).toEqual([]);
    const views = all.json.providers as {
      provider: string;
      any_model: boolean;
      has_catalog: boolean;
      model_selection: boolean;
      models: { id: string; is_default: boolean }[];
      default_model: string | null;
      default_model_source: string | null;
    }[];
    const ids = views.map((view) => view.provider);
    expect(ids).toEqual(expect.arrayContaining(['claude-code', 'codex-cli', 'listed-cli', 'open-cli']));
    expect(ids.filter((id) => id.startsWith('fake-'))).toEqual([]);
    const listed = views.find((view) => view.provider === 'listed-cli');
    expect(listed).toMatchObject({
      any_model: false,
      has_catalog: true,
      model_selection: true,
      default_model: 'small',
      default_model_source: 'catalog',
      models: [
        { id: 'small', is_default: true },
        { id: 'large', is_default: false },
      ],
    });
    expect(views.find((view) => view.provider === 'open-cli')).toMatchObject({ any_model: true, has_catalog: false, models: [] });

    const human = await runCli(['models', '--provider', 'listed-cli'], temp.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('listed-cli (Listed CLI): takes only the models below');
    expect(human.stdout).toMatch(/\* small/);
    expect(human.stdout).toContain('default: small (the catalog default)');
    const open = await runCli(['models', '--provider', 'open-cli'], temp.env);
    expect(open.stdout).toContain('takes any model name (unknown ones are passed through unchecked)');
  });

  it('names a test provider when asked, and says when agentpool cannot choose the model', async () => {
    const fake = await runCli(['models', '--provider', 'fake-question', '--json'], temp.env);
    expect(fake.code).toBe(0);
    expect((fake.json.providers as { model_selection: boolean }[])[0]?.model_selection).toBe(false);
    expect((await runCli(['models', '--provider', 'fake-question'], temp.env)).stdout).toContain('agentpool cannot choose its model');
  });

  it('a config default_model outside the catalog is shown with a warning', async () => {
    writeCatalogConfig();
    writeFileSync(
      join(temp.home, 'config.yaml'),
      `${readFileSync(join(temp.home, 'config.yaml'), 'utf8')}providers:\n  listed-cli:\n    default_model: huge\n`,
    );
    const result = await runCli(['models', '--provider', 'listed-cli', '--json'], temp.env);
    expect(result.code).toBe(0);
    const view = (result.json.providers as { default_model: string; default_model_source: string; warnings: string[] }[])[0];
    expect(view?.default_model).toBe('huge');
    expect(view?.default_model_source).toBe('config');
    expect(view?.warnings.join(' ')).toContain('not in the catalog');
  });

  it('refuses an unknown provider listing the registered ones, and a contradictory option, exit 2', async () => {
    const unknown = await runCli(['models', '--provider', 'claude', '--json'], temp.env);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error?.code).toBe('PROVIDER_NOT_FOUND');
    expect(unknown.json.error?.message).toContain('claude-code, codex-cli');
    expect(unknown.json.error?.details.providers).toEqual(expect.arrayContaining(['claude-code', 'codex-cli']));
    const both = await runCli(['models', '--provider', 'codex-cli', '--include-test-providers', '--json'], temp.env);
    expect(both.code).toBe(2);
    expect(both.json.error?.code).toBe('INVALID_REQUEST');
  });
});

describe('agentpool models validate', () => {
  it('passes a catalog model, refuses another listing the known ones (exit 2), and passes any name through where any model is taken', async () => {
    writeCatalogConfig();
    const known = await runCli(['models', 'validate', 'large', '--provider', 'listed-cli', '--json'], temp.env);
    expect(known.code).toBe(0);
    expect(known.json).toMatchObject({ provider: 'listed-cli', model: 'large', valid: true, checked: true, known: ['small', 'large'] });
    expect((await runCli(['models', 'validate', 'large', '--provider', 'listed-cli'], temp.env)).stdout).toBe(
      'ok: large is in the listed-cli catalog\n',
    );

    const refused = await runCli(['models', 'validate', 'huge', '--provider', 'listed-cli', '--json'], temp.env);
    expect(refused.code).toBe(2);
    expect(refused.json.error?.code).toBe('INVALID_REQUEST');
    expect(refused.json.error?.message).toContain('has no model "huge"; it knows small, large');
    expect(refused.json.error?.details.known).toEqual(['small', 'large']);
    expect(refused.json.error?.details.example).toBe('agentpool models --provider listed-cli');
    const refusedHuman = await runCli(['models', 'validate', 'huge', '--provider', 'listed-cli'], temp.env);
    expect(refusedHuman.code).toBe(2);
    expect(refusedHuman.stderr).toContain('error [INVALID_REQUEST]');

    const open = await runCli(['models', 'validate', 'whatever-7b', '--provider', 'open-cli', '--json'], temp.env);
    expect(open.code).toBe(0);
    expect(open.json).toMatchObject({ valid: true, checked: false });
    expect(String(open.json.reason)).toContain('passed through unchecked');
  });

  it('refuses a missing provider, an unknown one, an empty model, and a provider that chooses its own model', async () => {
    const cases: [string[], string][] = [
      [['models', 'validate', 'sonnet'], 'INVALID_REQUEST'],
      [['models', 'validate', 'sonnet', '--provider', 'nope'], 'PROVIDER_NOT_FOUND'],
      [['models', 'validate', ' ', '--provider', 'claude-code'], 'INVALID_REQUEST'],
      [['models', 'validate', 'sonnet', '--provider', 'fake-question'], 'CAPABILITY_UNSUPPORTED'],
    ];
    for (const [args, code] of cases) {
      const result = await runCli([...args, '--json'], temp.env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.json.error?.code, args.join(' ')).toBe(code);
      expect(result.json.error?.details.example, args.join(' ')).toBeTruthy();
    }
    const missing = await runCli(['models', 'validate', 'sonnet', '--json'], temp.env);
    expect(missing.json.error?.message).toContain('--provider');
  });
});

describe('agentpool setup', () => {
  it('reports a missing CLI as not installed, with the install command next (exit 1), reading nothing from the network', async () => {
    const env = { ...temp.env, PATH: '/usr/bin:/bin' };
    const result = await runCli(['setup', 'claude-code', '--json'], env);
    expect(result.code).toBe(1);
    expect(keysNotSnakeCase(result.json)).toEqual([]);
    const [report] = result.json.providers as Record<string, unknown>[];
    expect(report).toMatchObject({
      provider: 'claude-code',
      installed: false,
      ready: false,
      binary_path: null,
      read_only: { enforcement: 'provider_flag' },
      native_signals: { available: true },
    });
    expect(report?.next).toEqual(['npm install -g @anthropic-ai/claude-code', 'agentpool setup claude-code']);
    const human = await runCli(['setup', 'claude-code'], env);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('claude-code (Claude Code): not ready');
    expect(human.stdout).toContain('npm install -g @anthropic-ai/claude-code');
  });

  it('an installed CLI that is signed out gets its login command next; a signed-in one the smoke and a spawn example', async () => {
    // A stand-in `codex` that prints its version; CODEX_HOME without auth.json means signed out.
    const bin = join(temp.home, '..', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'codex'), '#!/bin/sh\necho "codex-cli 0.169.0"\n', { mode: 0o755 });
    const codexHome = join(temp.home, '..', 'codex-home');
    mkdirSync(codexHome, { recursive: true });
    const env = { ...temp.env, PATH: `${bin}:/usr/bin:/bin`, CODEX_HOME: codexHome, OPENAI_API_KEY: '' };
    const out = await runCli(['setup', 'codex-cli', '--json'], env);
    const [report] = out.json.providers as { installed: boolean; auth: { status: string }; next: string[]; ready: boolean }[];
    expect(report?.installed).toBe(true);
    if (report?.auth.status === 'unauthenticated') {
      expect(out.code).toBe(1);
      expect(report.next[0]).toContain('codex login');
    }
    writeFileSync(join(codexHome, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'sk-test-0000000000000000' }));
    const signedIn = await runCli(['setup', 'codex-cli', '--json'], env);
    const [ready] = signedIn.json.providers as { ready: boolean; version: string | null; next: string[] }[];
    expect(ready?.version).toContain('0.169.0');
    if (ready?.ready) {
      expect(signedIn.code).toBe(0);
      expect(ready.next[0]).toBe('agentpool smoke --provider codex-cli --real-read-only');
      expect(ready.next.some((line) => line.startsWith('agentpool spawn --provider codex-cli'))).toBe(true);
    }
  });

  it('"all" is a report (exit 0) of every usable provider, test ones when asked', async () => {
    const env = { ...temp.env, PATH: '/usr/bin:/bin' };
    const all = await runCli(['setup', 'all', '--json'], env);
    expect(all.code).toBe(0);
    const ids = (all.json.providers as { provider: string }[]).map((row) => row.provider);
    expect(ids).toEqual(expect.arrayContaining(['claude-code', 'codex-cli']));
    expect(ids.some((id) => id.startsWith('fake-'))).toBe(false);
    const withFakes = await runCli(['setup', 'all', '--include-test-providers', '--json'], env);
    const fake = (
      withFakes.json.providers as { provider: string; ready: boolean; next: string[]; native_signals: { sources: unknown[] } }[]
    ).find((row) => row.provider === 'fake-question-hooks');
    expect(fake?.ready).toBe(true);
    expect(fake?.next[0]).toBe('agentpool smoke --provider fake-question-hooks');
    expect(fake?.native_signals.sources.length).toBeGreaterThan(0);
  });

  it('refuses an unknown provider, a missing one and --include-test-providers with a named one, exit 2, writing nothing', async () => {
    const unknown = await runCli(['setup', 'claud', '--json'], temp.env);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error?.code).toBe('PROVIDER_NOT_FOUND');
    expect(unknown.json.error?.message).toContain('Registered: claude-code, codex-cli');
    const missing = await runCli(['setup'], temp.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing required argument 'provider'");
    const contradictory = await runCli(['setup', 'codex-cli', '--include-test-providers', '--json'], temp.env);
    expect(contradictory.code).toBe(2);
    expect(contradictory.json.error?.code).toBe('INVALID_REQUEST');
    await expectNoSession();
  });
});

describe('agentpool classify', () => {
  const PERMISSION = 'claude-code-2.1.197-permission';

  it('renders a real Claude Code stream cut at its approval moment and reads approval_prompt', async () => {
    const file = writeFile('permission.raw', captureUpTo(PERMISSION, momentOffset(PERMISSION, 'approval_prompt')));
    const result = await runCli(
      ['classify', '--provider', 'claude-code', '--screen-file', file, '--width', '120', '--height', '40', '--json'],
      temp.env,
    );
    expect(result.code).toBe(0);
    expect(keysNotSnakeCase(result.json)).toEqual([]);
    expect(result.json).toMatchObject({
      provider: 'claude-code',
      state: 'approval_prompt',
      rule: 'prompt.permission',
      startup_prompt: null,
      input: { source: 'file', path: file, kind: 'terminal_stream', width: 120, height: 40 },
    });
    expect(result.json.evidence).toContain('Do you want to proceed?');
    expect(result.json.screen).toBeUndefined();

    const human = await runCli(['classify', '--provider', 'claude-code', '--screen-file', file], temp.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^approval_prompt \(confidence [\d.]+, rule prompt\.permission\)\n/);
    expect(human.stdout).toContain('evidence:\n  Do you want to proceed?');
  });

  it('reads the same capture from standard input, and other real moments: ready, trust, a Codex approval', async () => {
    const cases: [string, string, string, string][] = [
      [PERMISSION, 'ready', 'claude-code', 'ready'],
      ['claude-code-2.1.197-trust', 'startup_prompt', 'claude-code', 'startup_prompt'],
      ['claude-code-2.1.197-rate-limit', 'limit_reached', 'claude-code', 'limit_reached'],
      ['codex-0.169.0-approval', 'approval_prompt', 'codex-cli', 'approval_prompt'],
    ];
    for (const [capture, moment, provider, state] of cases) {
      const result = await runCli(['classify', '--provider', provider, '--width', '120', '--height', '40', '--json'], temp.env, {
        input: captureUpTo(capture, momentOffset(capture, moment)),
      });
      expect(result.code, capture).toBe(0);
      expect(result.json.state, capture).toBe(state);
      expect((result.json.input as { source: string }).source).toBe('stdin');
    }
  });

  it('takes a saved text screen as its lines (no rendering), the same reading as the stream it came from', async () => {
    const stream = writeFile('permission.raw', captureUpTo(PERMISSION, momentOffset(PERMISSION, 'approval_prompt')));
    const rendered = await runCli(
      ['classify', '--provider', 'claude-code', '--screen-file', stream, '--width', '120', '--height', '40', '--show-screen', '--json'],
      temp.env,
    );
    const lines = rendered.json.screen as string[];
    expect(lines).toHaveLength(40);
    const text = writeFile('permission.txt', `${lines.join('\n')}\n`);
    const result = await runCli(['classify', '--provider', 'claude-code', '--screen-file', text, '--json'], temp.env);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ state: 'approval_prompt', rule: 'prompt.permission', input: { kind: 'text', height: 40 } });
  });

  it('refuses empty, binary and oversized input and an unknown provider, exit 2, naming the problem', async () => {
    const huge = writeFile('huge.txt', Buffer.alloc(8 * 1024 * 1024 + 1, 'a'));
    const binary = writeFile('binary.bin', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7) % 256)));
    const empty = writeFile('empty.txt', '');
    const cases: { args: string[]; input?: string; code: string; message: RegExp }[] = [
      { args: ['--screen-file', empty], code: 'INVALID_REQUEST', message: /is empty: there is no screen to classify/ },
      { args: [], input: '', code: 'INVALID_REQUEST', message: /standard input is empty/ },
      { args: ['--screen-file', binary], code: 'INVALID_REQUEST', message: /looks binary/ },
      { args: [], input: 'ready\u0000\u0000\u0000\u0000\u0000\u0000', code: 'INVALID_REQUEST', message: /looks binary/ },
      { args: ['--screen-file', huge], code: 'INVALID_REQUEST', message: /larger than 8 MiB/ },
      { args: ['--screen-file', join(temp.home, 'no-such-file')], code: 'INVALID_REQUEST', message: /does not exist/ },
      { args: ['--screen-file', join(temp.home, '..')], code: 'INVALID_REQUEST', message: /is a folder/ },
      { args: ['--screen-file', empty, '--width', 'wide'], code: 'INVALID_REQUEST', message: /--width must be a whole number/ },
      { args: ['--screen-file', empty, '--height', '0'], code: 'INVALID_REQUEST', message: /--height must be a whole number/ },
    ];
    for (const { args, input, code, message } of cases) {
      const result = await runCli(['classify', '--provider', 'claude-code', ...args, '--json'], temp.env, { input });
      const label = `${args.join(' ')} ${JSON.stringify(input?.slice(0, 10))}`;
      // Soft: each case is its own guard, and a broken one is reported without hiding the rest.
      expect.soft(result.code, label).toBe(2);
      expect.soft(result.json.error?.code, label).toBe(code);
      expect.soft(result.json.error?.message, label).toMatch(message);
      expect.soft(result.json.error?.details.example, label).toBeTruthy();
    }
    const oversizedStdin = await runCli(['classify', '--provider', 'claude-code', '--json'], temp.env, {
      input: 'a'.repeat(8 * 1024 * 1024 + 1),
    });
    expect(oversizedStdin.code).toBe(2);
    expect(oversizedStdin.json.error?.message).toContain('8 MiB');

    const unknown = await runCli(['classify', '--provider', 'claud', '--screen-file', empty, '--json'], temp.env);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error?.code).toBe('PROVIDER_NOT_FOUND');
    expect(unknown.json.error?.message).toContain('Registered: claude-code, codex-cli');
    const noProvider = await runCli(['classify', '--screen-file', empty, '--json'], temp.env);
    expect(noProvider.code).toBe(2);
    expect(noProvider.json.error?.message).toContain('--provider');
    await expectNoSession();
  });

  it('a multi-byte character cut at the end of a saved stream is not binary', async () => {
    const cut = Buffer.concat([Buffer.from('\u001b[1mhello\u001b[0m\r\n> '), Buffer.from('❯').subarray(0, 2)]);
    const result = await runCli(['classify', '--provider', 'claude-code', '--json'], temp.env, { input: cut });
    expect(result.code, result.stdout).toBe(0);
    expect((result.json.input as { kind: string }).kind).toBe('terminal_stream');
  });
});

describe('agentpool smoke', () => {
  it('refuses a real provider without --real-read-only, saying it spends a real turn, exit 2, nothing created', async () => {
    const result = await runCli(['smoke', '--provider', 'claude-code', '--json'], temp.env);
    expect(result.code).toBe(2);
    expect(result.json.error?.code).toBe('INVALID_REQUEST');
    expect(result.json.error?.message).toContain('spends it from your quota');
    expect(result.json.error?.details.example).toBe('agentpool smoke --provider claude-code --real-read-only');
    const human = await runCli(['smoke', '--provider', 'codex-cli'], temp.env);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain('add --real-read-only');
    expect(existsSync(join(temp.home, 'smoke-folder'))).toBe(false);
    await expectNoSession();
  });

  it('refuses --repo with --real-read-only and an unknown provider, exit 2', async () => {
    const repo = await runCli(['smoke', '--provider', 'claude-code', '--real-read-only', '--repo', '.', '--json'], temp.env);
    expect(repo.code).toBe(2);
    expect(repo.json.error?.message).toContain('scratch folder');
    const unknown = await runCli(['smoke', '--provider', 'nope', '--real-read-only', '--json'], temp.env);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error?.code).toBe('PROVIDER_NOT_FOUND');
    expect(existsSync(join(temp.home, 'smoke-folder'))).toBe(false);
    await expectNoSession();
  });

  it('--real-read-only on a test provider runs its turn read-only in the scratch folder and terminates it', async () => {
    const result = await runCli(['smoke', '--provider', 'fake-completed', '--real-read-only', '--timeout', '30', '--json'], temp.env, {
      timeoutMs: 90_000,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.json).toMatchObject({ ok: true, mode: 'real_read_only', provider: 'fake-completed', final_state: 'completed' });
    expect(result.json.work_dir).toBe(join(temp.home, 'smoke-folder'));
    const steps = (result.json.steps as { step: string; ok: boolean }[]).map((step) => step.step);
    expect(steps).toEqual(['prepare', 'spawn', 'turn', 'collect', 'terminate']);
    const sessions = await runCli(['sessions', '--json'], temp.env);
    const rows = sessions.json.sessions as { state: string; isolation?: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state).toBe('cancelled');
  });
});

describe('agentpool observe: which evidence decided', () => {
  async function spawnWith(provider: string): Promise<string> {
    const repo = join(temp.home, '..', 'repo');
    mkdirSync(repo, { recursive: true });
    const spawned = await runCli(['spawn', '--provider', provider, '--repo', repo, '--task', 'Ask me something.', '--json'], temp.env);
    expect(spawned.code, spawned.stdout + spawned.stderr).toBe(0);
    return String(spawned.json.session_id);
  }

  it('a native signal: source signal, the signal named, and the screen reading beside it', async () => {
    const id = await spawnWith('fake-completed-hooks');
    let result = await runCli(['observe', id, '--wait-for', 'completed', '--timeout', '20', '--json'], temp.env);
    expect(result.code).toBe(0);
    // The screen may show the end of the turn a moment before the hook's event is recorded: then the signal decides.
    for (let tries = 0; result.json.source !== 'signal' && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      result = await runCli(['observe', id, '--json'], temp.env);
    }
    expect(keysNotSnakeCase(result.json)).toEqual([]);
    expect(result.json, JSON.stringify(result.json)).toMatchObject({
      state: 'completed',
      source: 'signal',
      signal: { source: 'hooks', kind: 'turn_completed' },
    });
    expect(result.json.evidence).toContain('hooks: turn_completed');
    expect(result.json.screen_classification).toMatchObject({ state: expect.any(String) });
    const explained = await runCli(['observe', id, '--explain'], temp.env);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('decided by: a native signal (hooks reported turn_completed), which outranks the screen');
    expect(explained.stdout).toContain('the screen rules read:');
    await runCli(['terminate', id, '--json'], temp.env);
  });

  it('the screen: source screen and the rule that matched; --explain says so in words', async () => {
    const id = await spawnWith('fake-question');
    const result = await runCli(['observe', id, '--wait-for', 'question', '--timeout', '20', '--json'], temp.env);
    expect(result.code).toBe(0);
    expect(result.json.source).toBe('screen');
    expect(result.json.rule).toEqual(expect.any(String));
    expect(result.json.signal).toBeNull();
    expect((result.json.screen_classification as { rule: string }).rule).toBe(result.json.rule);
    const explained = await runCli(['observe', id, '--explain'], temp.env);
    expect(explained.stdout).toContain(`decided by: the screen, rule ${String(result.json.rule)}`);
    expect(explained.stdout).toMatch(/evidence:\n {4}\S/);
    const both = await runCli(['observe', id, '--explain', '--json'], temp.env);
    expect(both.code).toBe(2);
    expect(both.json.error?.code).toBe('INVALID_REQUEST');
    await runCli(['terminate', id, '--json'], temp.env);
  });
});

describe('help', () => {
  it('every new command has a --help naming its options', async () => {
    const cases: [string[], string[]][] = [
      [
        ['models', '--help'],
        ['--provider', 'validate'],
      ],
      [
        ['models', 'validate', '--help'],
        ['<model>', '--provider'],
      ],
      [
        ['setup', '--help'],
        ['<provider>', 'all', 'no network'],
      ],
      [
        ['smoke', '--help'],
        ['--real-read-only', 'quota'],
      ],
      [
        ['classify', '--help'],
        ['--screen-file', '--width', '--height', 'standard input', '8 MiB'],
      ],
      [['observe', '--help'], ['--explain']],
    ];
    for (const [args, words] of cases) {
      const result = await runCli(args, temp.env);
      expect(result.code, args.join(' ')).toBe(0);
      for (const word of words) expect(result.stdout, `${args.join(' ')}: ${word}`).toContain(word);
    }
  });
});
