import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config-defaults.js';
import { type ConfigProblem, loadConfigFile, parseConfig, STARTER_CONFIG } from '../src/config-loader.js';
import { configSchema } from '../src/config-schema.js';
import { catchAgentPoolErrorAsync } from './catch-agentpool-error.js';

const FILE = '/home/me/.agentpool/config.yaml';

async function problemsOf(text: string): Promise<{ message: string; problems: ConfigProblem[] }> {
  const error = await catchAgentPoolErrorAsync(() => parseConfig(text, FILE));
  expect(error.code).toBe('CONFIG_INVALID');
  expect(error.kind).toBe('usage');
  expect(error.details.file).toBe(FILE);
  return { message: error.message, problems: error.details.problems as ConfigProblem[] };
}

describe('parseConfig: defaults', () => {
  it.each([
    ['empty text', ''],
    ['blank lines', '\n  \n\n'],
    ['comments only', '# nothing set yet\n# policy:\n'],
    ['an empty document', '---\n'],
    ['null', '~\n'],
  ])('%s gives every default', async (_name, text) => {
    const config = await parseConfig(text, FILE);
    expect(config).toEqual(defaultConfig());
    expect(config.policy.max_parallel_sessions).toBe(4);
    expect(config.policy.default_isolation).toBe('read_only');
    expect(config.policy.min_remaining_percent).toBe(10);
  });

  it('defaults are what users rely on', async () => {
    const config = defaultConfig();
    expect(config.version).toBe(1);
    expect(config.policy).toMatchObject({
      allow_auto_routing: false,
      max_parallel_sessions: 4,
      allow_raw_keys: false,
      default_isolation: 'read_only',
      min_remaining_percent: 10,
      allowed_providers: null,
      denied_providers: [],
    });
    expect(config.providers).toEqual({});
    expect(config.plugins).toEqual([]);
    expect(config.tmux).toEqual({ binary: 'tmux', width: 200, height: 50 });
    expect(config.observe).toEqual({ quiescence_ms: 3000 });
  });

  it('STARTER_CONFIG parses to the defaults', async () => {
    expect(await parseConfig(STARTER_CONFIG, FILE)).toEqual(defaultConfig());
  });

  it('STARTER_CONFIG stays small and free of machine-specific paths', async () => {
    expect(STARTER_CONFIG.split('\n').length).toBeLessThan(40);
    expect(STARTER_CONFIG).not.toMatch(/\/(home|Users)\//);
  });

  it.each([
    ['policy', 'policy:\n  # max_parallel_sessions: 4\n'],
    ['providers', 'providers:\n'],
    ['tmux', 'tmux:\n'],
    ['observe', 'observe:\n'],
  ])('the %s section with every key commented out means its defaults', async (_section, text) => {
    expect(await parseConfig(text, FILE)).toEqual(defaultConfig());
  });

  it('a provider entry with every key commented out means no settings', async () => {
    expect((await parseConfig('providers:\n  codex-cli:\n  #   default_model: gpt-5-codex\n', FILE)).providers).toEqual({
      'codex-cli': {},
    });
  });

  it('values given override defaults and the rest stay default', async () => {
    const config = await parseConfig(
      [
        'version: 1',
        'policy:',
        '  max_parallel_sessions: 2',
        '  default_isolation: worktree',
        '  min_remaining_percent: 0',
        '  denied_providers: [fake-question]',
        'providers:',
        '  codex-cli:',
        '    default_model: gpt-5-codex',
        '    extra_args: ["--search"]',
        '    env:',
        '      CODEX_HOME: /tmp/codex',
        'tmux:',
        '  width: 120',
        '',
      ].join('\n'),
      FILE,
    );
    expect(config.policy.max_parallel_sessions).toBe(2);
    expect(config.policy.default_isolation).toBe('worktree');
    expect(config.policy.min_remaining_percent).toBe(0);
    expect(config.policy.denied_providers).toEqual(['fake-question']);
    expect(config.policy.allow_raw_keys).toBe(false);
    expect(config.providers['codex-cli']).toEqual({
      default_model: 'gpt-5-codex',
      extra_args: ['--search'],
      env: { CODEX_HOME: '/tmp/codex' },
    });
    expect(config.tmux).toEqual({ binary: 'tmux', width: 120, height: 50 });
  });
});

describe('parseConfig: invalid YAML', () => {
  it.each([
    ['a wrongly indented key', 'version: 1\npolicy:\n  max_parallel_sessions: 4\n bad: 1\n', 4, 2],
    ['an unclosed flow list', 'policy:\n  denied_providers: [a, b\n  allow_raw_keys: true\n', 3, 3],
    ['a second colon on a line (at that colon)', 'version: 1\npolicy: a: b\n', 2, 10],
  ])('%s → CONFIG_INVALID at file:line:column', async (_name, text, line, column) => {
    const { message, problems } = await problemsOf(text);
    expect(message.startsWith(`${FILE}:${line}:${column}: `)).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line, column });
  });

  it('more than one YAML document is refused', async () => {
    const { message } = await problemsOf('version: 1\n---\nversion: 1\n');
    expect(message).toContain(FILE);
    expect(message).toMatch(/single YAML document/);
  });

  it.each([
    ['a list', '- a\n- b\n'],
    ['a scalar', 'just words\n'],
  ])('%s at the top is refused as not a mapping', async (_name, text) => {
    const { message } = await problemsOf(text);
    expect(message.startsWith(`${FILE}:1:1: `)).toBe(true);
  });
});

describe('parseConfig: schema problems', () => {
  it('an unknown top-level key is named with its line and column', async () => {
    const { message, problems } = await problemsOf('# config\nversion: 1\n\nmax_parallel: 3\n');
    expect(message).toBe(`${FILE}:4:1: unknown key "max_parallel"`);
    expect(problems).toEqual([{ path: 'max_parallel', message: 'unknown key "max_parallel"', line: 4, column: 1 }]);
  });

  it('an unknown key under policy is named with its line and column', async () => {
    const text = [
      'version: 1',
      'tmux:',
      '  width: 120',
      'policy:',
      '  # the cap',
      '  max_parallel_sessions: 3',
      '  max_paralel: 5',
      '',
    ].join('\n');
    const { message, problems } = await problemsOf(text);
    expect(message).toBe(`${FILE}:7:3: unknown key "policy.max_paralel"`);
    expect(problems).toEqual([{ path: 'policy.max_paralel', message: 'unknown key "policy.max_paralel"', line: 7, column: 3 }]);
  });

  it('an unknown key under providers.<id> is found under the right provider', async () => {
    const text = ['providers:', '  claude-code:', '    binary: claude', '  codex-cli:', '    binary: codex', '    model: gpt-5', ''].join(
      '\n',
    );
    const { message, problems } = await problemsOf(text);
    expect(message).toBe(`${FILE}:6:5: unknown key "providers.codex-cli.model"`);
    expect(problems).toEqual([
      { path: 'providers.codex-cli.model', message: 'unknown key "providers.codex-cli.model"', line: 6, column: 5 },
    ]);
  });

  it('every problem is listed, each with its own line', async () => {
    const text = ['colour: red', 'policy:', '  max_parallel_sessions: "x"', '  min_remaining_percent: -1', ''].join('\n');
    const { problems } = await problemsOf(text);
    const byPath = Object.fromEntries(problems.map((problem) => [problem.path, problem]));
    expect(byPath['colour']).toMatchObject({ line: 1, column: 1 });
    expect(byPath['policy.max_parallel_sessions']).toMatchObject({ line: 3, column: 3 });
    expect(byPath['policy.min_remaining_percent']).toMatchObject({ line: 4, column: 3 });
  });

  it('a wrong type is reported with the key path and its line', async () => {
    const { message, problems } = await problemsOf('policy:\n  max_parallel_sessions: "x"\n');
    expect(message.startsWith(`${FILE}:2:3: policy.max_parallel_sessions`)).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'policy.max_parallel_sessions', line: 2, column: 3 });
  });

  it.each([
    ['a negative min_remaining_percent', 'policy:\n  min_remaining_percent: -5\n', 'policy.min_remaining_percent', 2],
    ['a percent above 100', 'policy:\n  min_remaining_percent: 101\n', 'policy.min_remaining_percent', 2],
    ['zero parallel sessions', 'policy:\n  max_parallel_sessions: 0\n', 'policy.max_parallel_sessions', 2],
    ['a negative runtime', 'policy:\n  default_max_runtime_seconds: -60\n', 'policy.default_max_runtime_seconds', 2],
    ['a fractional session cap', 'policy:\n  max_parallel_sessions: 2.5\n', 'policy.max_parallel_sessions', 2],
    ['an unknown isolation', 'policy:\n  default_isolation: sandbox\n', 'policy.default_isolation', 2],
    ['turning auto routing on', 'policy:\n  allow_auto_routing: true\n', 'policy.allow_auto_routing', 2],
    ['version 2', 'version: 2\n', 'version', 1],
    ['a tiny tmux pane', 'tmux:\n  width: 10\n', 'tmux.width', 2],
    ['an empty plugin name', 'plugins:\n  - ""\n', 'plugins.0', 1],
    ['an unknown watch event', 'usage:\n  watch:\n    on:\n      quota_gone: ["true"]\n', 'usage.watch.on.quota_gone', 4],
    ['an empty watch command', 'usage:\n  watch:\n    on:\n      quota_low:\n        - ""\n', 'usage.watch.on.quota_low.0', 4],
    ['an empty argv', 'usage:\n  watch:\n    on:\n      quota_low:\n        - []\n', 'usage.watch.on.quota_low.0', 4],
    ['a watch command that is a number', 'usage:\n  watch:\n    on:\n      quota_low: [3]\n', 'usage.watch.on.quota_low.0', 4],
    ['a zero watch interval', 'usage:\n  watch:\n    interval_seconds: 0\n', 'usage.watch.interval_seconds', 3],
    ['an empty usage backend command', 'usage:\n  backends:\n    codexbar:\n      command: " "\n', 'usage.backends.codexbar.command', 4],
    ['an unknown usage backend', 'usage:\n  backends:\n    tokscale:\n      command: tokscale\n', 'usage.backends.tokscale', 3],
  ])('%s is rejected', async (_name, text, path, line) => {
    const { problems } = await problemsOf(text);
    expect(problems[0]).toMatchObject({ path, line });
  });
});

describe('parseConfig: usage.watch', () => {
  it('takes shell strings and argv arrays per event and defaults the rest', async () => {
    const text = [
      'usage:',
      '  watch:',
      '    interval_seconds: 60',
      '    on:',
      '      quota_low:',
      '        - notify-send "quota low" | cat',
      '        - ["logger", "-t", "agentpool"]',
      '',
    ].join('\n');
    const config = await parseConfig(text, FILE);
    expect(config.usage.watch).toEqual({
      interval_seconds: 60,
      command_timeout_seconds: 60,
      on: {
        quota_low: ['notify-send "quota low" | cat', ['logger', '-t', 'agentpool']],
        quota_reached: [],
        quota_reset: [],
        provider_unavailable: [],
      },
    });
    expect((await parseConfig('usage:\n', FILE)).usage).toEqual(defaultConfig().usage);
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentpool-core-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file means every default and exists: false', async () => {
    expect(await loadConfigFile(join(dir, 'missing', 'config.yaml'))).toEqual({ config: defaultConfig(), exists: false });
  });

  it('reads an existing file', async () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'policy:\n  max_parallel_sessions: 7\n');
    const { config, exists } = await loadConfigFile(file);
    expect(exists).toBe(true);
    expect(config.policy.max_parallel_sessions).toBe(7);
  });

  it('an existing empty file means every default', async () => {
    const file = join(dir, 'empty.yaml');
    writeFileSync(file, '');
    expect(await loadConfigFile(file)).toEqual({ config: defaultConfig(), exists: true });
  });

  it('names the real file in problems', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nbogus: true\n');
    const error = await catchAgentPoolErrorAsync(() => loadConfigFile(file));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${file}:2:1: unknown key "bogus"`);
  });

  it('a path that cannot be read is CONFIG_INVALID, not "missing"', async () => {
    const folder = join(dir, 'a-folder.yaml');
    mkdirSync(folder);
    const error = await catchAgentPoolErrorAsync(() => loadConfigFile(folder));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details.file).toBe(folder);
  });
});

describe('defaultConfig', () => {
  it('equals what the schema gives for an empty config, so the two never drift apart', async () => {
    expect(defaultConfig()).toEqual(configSchema.parse({}));
  });

  it('returns a fresh copy each time', async () => {
    const config = defaultConfig();
    config.policy.denied_providers.push('x');
    expect(defaultConfig().policy.denied_providers).toEqual([]);
  });
});
