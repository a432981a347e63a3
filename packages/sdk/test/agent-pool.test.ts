import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentPool, initHome } from '../src/index.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
  mkdirSync(temp.home, { recursive: true });
});
afterEach(() => temp.cleanup());

/** A third-party adapter written as a plain ES module, the way a plugin author would. */
const PLUGIN = `
export const provider = {
  specificationVersion: 'v1',
  id: 'echo-plugin',
  displayName: 'Echo plugin',
  capabilities: { promptModes: ['arg'], defaultPromptMode: 'arg', modelSelection: false, readOnly: 'prompt_only' },
  async detect() {
    return { binaryPath: '/bin/sh', version: '1.0.0', auth: { status: 'not_required', confidence: 'official', reason: 'no account' } };
  },
  launch(request) {
    const script = 'printf "%s\\\\n" "$1" | head -n 1; printf "AGENTPOOL_RESULT_START\\\\nSummary: echoed\\\\nAGENTPOOL_RESULT_END\\\\n> "; read reply';
    return { argv: ['/bin/sh', '-c', script, 'echo-plugin', request.prompt], env: {}, cwd: request.cwd, promptMode: 'arg', submitKeys: ['Enter'], interruptKeys: ['C-c'], isolationEnforcement: 'prompt_only' };
  },
  classify(screen) {
    const last = screen.lines.filter((line) => line.trim()).pop() ?? '';
    return last.trim() === '>' ? { state: 'ready', confidence: 0.9, evidence: [last] } : { state: 'unknown', confidence: 0, evidence: [] };
  },
};
`;

describe('createAgentPool', () => {
  it('registers a third-party provider plugin from config and runs it like a built-in', async () => {
    writeFileSync(join(temp.home, 'echo-plugin.mjs'), PLUGIN);
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./echo-plugin.mjs\n');
    const pool = await createAgentPool({ env: temp.env });
    try {
      const inventory = await pool.inventory();
      // The built-in adapters, then the plugin, in id order.
      expect(inventory.providers.map((row) => row.id)).toEqual([
        'claude-code',
        'codex-cli',
        'copilot-cli',
        'cursor-cli',
        'devin-cli',
        'droid-cli',
        'echo-plugin',
        'gemini-cli',
        'opencode',
      ]);
      expect(inventory.providers.find((row) => row.id === 'echo-plugin')?.installed).toBe(true);
      const sessions = await pool.sessions();
      const spawned = await sessions.spawn({ provider: 'echo-plugin', task: 'Say hello back.', repo: temp.home });
      const observed = await sessions.observe({ sessionId: spawned.session.id, waitFor: ['completed'], timeoutMs: 20_000 });
      expect(observed.evaluated.evaluation.state).toBe('completed');
      expect((await sessions.collect(spawned.session.id)).result?.sections.Summary).toBe('echoed');
      await sessions.terminate(spawned.session.id);
    } finally {
      await pool.close();
    }
  });

  it('a plugin that cannot load, or exports no adapter, is set aside with a config error naming it', async () => {
    writeFileSync(join(temp.home, 'empty-plugin.mjs'), 'export const nothing = 1;\n');
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./missing-plugin.mjs\n  - ./empty-plugin.mjs\n');
    const pool = await createAgentPool({ env: temp.env });
    const failures = await pool.pluginFailures();
    expect(failures.map((failure) => [failure.plugin, failure.error.code])).toEqual([
      ['./missing-plugin.mjs', 'CONFIG_INVALID'],
      ['./empty-plugin.mjs', 'CONFIG_INVALID'],
    ]);
    expect(failures[0]?.error.details).toMatchObject({ plugin: './missing-plugin.mjs' });
    await pool.close();
  });

  it('finds a plugin named as an npm package in node_modules beside config.yaml', async () => {
    const pkg = join(temp.home, 'node_modules', '@acme', 'agentpool-echo');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name: '@acme/agentpool-echo',
        type: 'module',
        exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      }),
    );
    writeFileSync(join(pkg, 'dist', 'index.js'), PLUGIN);
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - "@acme/agentpool-echo"\n');
    const pool = await createAgentPool({ env: temp.env });
    expect(await pool.pluginFailures()).toEqual([]);
    const row = (await pool.inventory()).providers.find((candidate) => candidate.id === 'echo-plugin');
    expect(row).toMatchObject({ id: 'echo-plugin', installed: true, plugin: '@acme/agentpool-echo', load_error: null });
    await pool.close();
  });

  it('refuses a plugin provider whose id is taken, naming both sources; the first one stays', async () => {
    writeFileSync(join(temp.home, 'my-plugin.mjs'), PLUGIN.replace("id: 'echo-plugin'", "id: 'fake-question'"));
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./my-plugin.mjs\n');
    const pool = await createAgentPool({ env: temp.env });
    const [failure] = await pool.pluginFailures();
    expect(failure?.plugin).toBe('./my-plugin.mjs');
    expect(failure?.error.message).toContain('fake-question');
    expect(failure?.error.message).toContain('built-in');
    expect(failure?.error.message).toContain('./my-plugin.mjs');
    expect((await pool.providers()).get('fake-question')?.displayName).toBe('Fake (question)');
    await pool.close();
  });

  it('names the plugin and the field when an adapter is malformed', async () => {
    writeFileSync(join(temp.home, 'loose-plugin.mjs'), PLUGIN.replace("readOnly: 'prompt_only'", "readOnly: 'sandboxed'"));
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./loose-plugin.mjs\n');
    const pool = await createAgentPool({ env: temp.env });
    const [failure] = await pool.pluginFailures();
    expect(failure?.error.code).toBe('CONFIG_INVALID');
    expect(failure?.error.message).toContain('./loose-plugin.mjs');
    expect(failure?.error.message).toContain('capabilities.readOnly');
    expect(failure?.error.details).toMatchObject({ plugin: './loose-plugin.mjs', field: 'capabilities.readOnly' });
    await pool.close();
  });

  it('a failing plugin leaves the other providers working and shows on its own inventory row', async () => {
    writeFileSync(join(temp.home, 'echo-plugin.mjs'), PLUGIN);
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./missing-plugin.mjs\n  - ./echo-plugin.mjs\n');
    const pool = await createAgentPool({ env: temp.env });
    try {
      const rows = (await pool.inventory()).providers.filter((row) => row.plugin !== null);
      expect(rows.map((row) => [row.id, row.plugin, row.installed])).toEqual([
        ['echo-plugin', './echo-plugin.mjs', true],
        [null, './missing-plugin.mjs', false],
      ]);
      expect(rows[1]?.load_error).toContain('./missing-plugin.mjs');
      const sessions = await pool.sessions();
      const spawned = await sessions.spawn({ provider: 'fake-completed', task: 'Finish at once.', repo: temp.home });
      await sessions.terminate(spawned.session.id);
      await expect(sessions.spawn({ provider: 'missing-plugin', task: 'Do it.', repo: temp.home })).rejects.toMatchObject({
        code: 'PROVIDER_NOT_FOUND',
        message: expect.stringContaining('./missing-plugin.mjs'),
      });
    } finally {
      await pool.close();
    }
  });

  it('bounds every detect: a plugin whose detect never returns is reported as timed out', async () => {
    writeFileSync(join(temp.home, 'echo-plugin.mjs'), PLUGIN);
    writeFileSync(
      join(temp.home, 'stuck-plugin.mjs'),
      PLUGIN.replace("id: 'echo-plugin'", "id: 'stuck-plugin'").replace(
        'async detect() {',
        'async detect() {\n    await new Promise(() => {});',
      ),
    );
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./echo-plugin.mjs\n  - ./stuck-plugin.mjs\n');
    const pool = await createAgentPool({ env: temp.env });
    const rows = (await pool.inventory({ detectTimeoutMs: 200 })).providers;
    expect(rows.find((row) => row.id === 'echo-plugin')?.installed).toBe(true);
    expect(rows.find((row) => row.id === 'stuck-plugin')).toMatchObject({ installed: false, detect_error: 'detect timed out after 0.2 s' });
    await pool.close();
  });

  it('inventory lists the fakes only when asked and never counts them as real providers', async () => {
    const pool = await createAgentPool({ env: temp.env });
    // Only the real CLIs' adapters; installed or not depends on the machine.
    expect((await pool.inventory()).providers.map((row) => [row.id, row.test_only])).toEqual([
      ['claude-code', false],
      ['codex-cli', false],
      ['copilot-cli', false],
      ['cursor-cli', false],
      ['devin-cli', false],
      ['droid-cli', false],
      ['gemini-cli', false],
      ['opencode', false],
    ]);
    const withFakes = await pool.inventory({ includeTestProviders: true });
    expect(withFakes.providers.filter((row) => row.test_only).length).toBe(16);
    expect(withFakes.providers.filter((row) => !row.test_only).map((row) => row.id)).toEqual([
      'claude-code',
      'codex-cli',
      'copilot-cli',
      'cursor-cli',
      'devin-cli',
      'droid-cli',
      'gemini-cli',
      'opencode',
    ]);
    await pool.close();
  });

  it('init never overwrites a config unless forced, and then keeps a backup', () => {
    const first = initHome({ env: temp.env });
    expect(first.created).toBe(true);
    writeFileSync(first.config_path, 'policy:\n  max_parallel_sessions: 7\n');
    expect(() => initHome({ env: temp.env })).toThrow(expect.objectContaining({ code: 'CONFIG_EXISTS' }));
    expect(readFileSync(first.config_path, 'utf8')).toContain('7');
    const forced = initHome({ env: temp.env, force: true });
    expect(readFileSync(forced.backup_path ?? '', 'utf8')).toContain('max_parallel_sessions: 7');
  });
});

it('inventory reports why a plugin failed to detect instead of hiding it as "not installed"', async () => {
  writeFileSync(
    join(temp.home, 'broken-plugin.mjs'),
    PLUGIN.replace("id: 'echo-plugin'", "id: 'broken-plugin'").replace(
      'async detect() {',
      "async detect() {\n    throw new Error('config file unreadable');",
    ),
  );
  writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./broken-plugin.mjs\n');
  const pool = await createAgentPool({ env: temp.env });
  const row = (await pool.inventory()).providers[0];
  expect(row).toMatchObject({ id: 'broken-plugin', installed: false, detect_error: 'config file unreadable' });
  expect(row?.auth.reason).toContain('detect failed');
  await pool.close();
});

describe('plugins made with definePlugin, and custom providers', () => {
  it('loads a definePlugin default export once even when it is also exported as `plugin`', async () => {
    const core = new URL('../../core/dist/index.js', import.meta.url).href;
    writeFileSync(
      join(temp.home, 'defined.mjs'),
      `import { definePlugin, defineProvider } from ${JSON.stringify(core)};\n${PLUGIN.replace('export const provider = {', 'const provider = defineProvider({').replace(/};\s*$/, '});')}\nexport const plugin = definePlugin({ name: 'defined', providers: [provider] });\nexport default plugin;\n`,
    );
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./defined.mjs\n');
    const pool = await createAgentPool({ env: temp.env });
    expect(await pool.pluginFailures()).toEqual([]);
    expect((await pool.providers()).get('echo-plugin')?.displayName).toBe('Echo plugin');
    await pool.close();
  });

  it('a custom provider reusing a built-in id is set aside, naming it; the built-in stays', async () => {
    writeFileSync(
      join(temp.home, 'config.yaml'),
      "custom_providers:\n  codex-cli:\n    command: [codex]\n    screen:\n      - { state: ready, pattern: '>' }\n",
    );
    const pool = await createAgentPool({ env: temp.env });
    const [failure] = await pool.pluginFailures();
    expect(failure?.plugin).toBe('custom_providers.codex-cli');
    expect(failure?.error.message).toContain('codex-cli');
    expect((await pool.providers()).get('codex-cli')?.displayName).toBe('OpenAI Codex CLI');
    await pool.close();
  });
});
