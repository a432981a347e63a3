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
      expect(inventory.providers.map((row) => row.id)).toEqual(['echo-plugin']);
      expect(inventory.providers[0]?.installed).toBe(true);
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

  it('a plugin that cannot load, or exports no adapter, is a config error naming it', async () => {
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./missing-plugin.mjs\n');
    const missing = await createAgentPool({ env: temp.env });
    await expect(missing.providers()).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { plugin: './missing-plugin.mjs' } });
    writeFileSync(join(temp.home, 'empty-plugin.mjs'), 'export const nothing = 1;\n');
    writeFileSync(join(temp.home, 'config.yaml'), 'plugins:\n  - ./empty-plugin.mjs\n');
    const empty = await createAgentPool({ env: temp.env });
    await expect(empty.providers()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('inventory lists the fakes only when asked and never counts them as real providers', async () => {
    const pool = await createAgentPool({ env: temp.env });
    expect((await pool.inventory()).providers).toEqual([]);
    const withFakes = await pool.inventory({ includeTestProviders: true });
    expect(withFakes.providers.every((row) => row.test_only)).toBe(true);
    expect(withFakes.providers.length).toBe(9);
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
