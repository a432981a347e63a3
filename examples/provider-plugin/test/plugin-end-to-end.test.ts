import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGitRepo, createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TALLY_PATH } from '../src/index.js';
import { agentpool } from './run-agentpool.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome('ap-plugin-');
  mkdirSync(join(temp.home, 'node_modules'), { recursive: true });
});
afterEach(() => temp.cleanup());

/** Installs this package beside config.yaml, as `npm install agentpool-provider-tally` there would. */
function installPlugin(config: string): void {
  symlinkSync(PACKAGE_DIR, join(temp.home, 'node_modules', 'agentpool-provider-tally'));
  writeFileSync(join(temp.home, 'config.yaml'), config);
}

async function spawnTally(provider: string, repo: string, task: string, isolation: string) {
  const spawned = await agentpool(
    ['spawn', '--provider', provider, '--repo', repo, '--isolation', isolation, '--task', task, '--json'],
    temp.env,
  );
  expect(spawned.stderr).toBe('');
  expect(spawned.code).toBe(0);
  return (spawned.json.session as { id: string }).id;
}

const observe = (id: string, states: string) =>
  agentpool(['observe', id, '--wait-for', states, '--timeout', '30', '--json'], temp.env).then(
    (result) => result.json as { state: string; evidence: string[] },
  );

describe('the example plugin, loaded from config `plugins:` by package name', () => {
  it('is listed and detected like a built-in', async () => {
    installPlugin('version: 1\nplugins: [agentpool-provider-tally]\n');
    const providers = await agentpool(['providers', '--json'], temp.env);
    const rows = providers.json.providers as { id: string; plugin: string | null; load_error?: unknown }[];
    expect(rows.find((row) => row.id === 'tally')).toMatchObject({ plugin: 'agentpool-provider-tally' });
    const inventory = await agentpool(['inventory', '--json'], temp.env);
    const tally = (inventory.json.providers as { id: string; installed: boolean; version: string | null; binary_path: string }[]).find(
      (row) => row.id === 'tally',
    );
    expect(tally).toMatchObject({ installed: true, version: '1.0.0' });
  });

  it('runs a turn end to end: approval asked through its signal, answered with send, result collected, the file written', async () => {
    installPlugin('version: 1\nplugins: [agentpool-provider-tally]\n');
    const repo = createGitRepo(undefined, join(temp.home, '..', 'repo'));
    const id = await spawnTally('tally', repo, 'Count the words of this task and keep the count in notes.txt.', 'shared');
    expect((await observe(id, 'approval_prompt,completed,error')).state).toBe('approval_prompt');
    expect((await agentpool(['send', id, 'y', '--json'], temp.env)).code).toBe(0);
    expect((await observe(id, 'completed,error')).state).toBe('completed');
    const collected = await agentpool(['collect', id, '--json'], temp.env);
    const result = collected.json.result as { sections: Record<string, string> } | null;
    expect(result?.sections.summary).toMatch(/^counted \d+ words in \d+ lines$/);
    expect(result?.sections.files_changed).toBe('notes.txt');
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toMatch(/^\d+ words\n$/);
    expect((await agentpool(['terminate', id, '--json'], temp.env)).code).toBe(0);
  });

  it('read_only isolation is enforced by tally itself: no question, no file', async () => {
    installPlugin('version: 1\nplugins: [agentpool-provider-tally]\n');
    const repo = createGitRepo(undefined, join(temp.home, '..', 'repo'));
    const id = await spawnTally('tally', repo, 'Count the words of this task and keep the count in notes.txt.', 'read_only');
    expect((await observe(id, 'approval_prompt,completed,error')).state).toBe('completed');
    expect(existsSync(join(repo, 'notes.txt'))).toBe(false);
    await agentpool(['terminate', id, '--json'], temp.env);
  });

  it('a model outside its catalog is refused with the known ones, and nothing is started', async () => {
    installPlugin('version: 1\nplugins: [agentpool-provider-tally]\n');
    const repo = createGitRepo(undefined, join(temp.home, '..', 'repo'));
    const refused = await agentpool(
      ['spawn', '--provider', 'tally', '--repo', repo, '--model', 'tally-huge', '--task', 'Count.', '--json'],
      temp.env,
    );
    expect(refused.code).toBe(2);
    expect(JSON.stringify(refused.json)).toContain('tally-small');
    expect((await agentpool(['sessions', '--json'], temp.env)).json.count ?? 0).toBe(0);
  });
});

describe('the same CLI driven without code, from config `custom_providers:`', () => {
  const config = [
    'version: 1',
    'custom_providers:',
    '  tally-nocode:',
    '    display_name: tally without a plugin',
    `    command: [${JSON.stringify(TALLY_PATH)}]`,
    '    version_args: [--version]',
    "    model_args: ['--model', '{model}']",
    '    read_only_args: [--read-only]',
    '    screen:',
    "      - { state: approval_prompt, pattern: '^Write the tally to \\S+\\? \\(y/n\\)$', last_lines: 1 }",
    "      - { state: working, pattern: '^◐ tallying… \\(ctrl\\+c to interrupt\\)$', last_lines: 1 }",
    "      - { state: ready, pattern: '^tally>', last_lines: 1 }",
    '',
  ].join('\n');

  it('is validated, listed, spawned, read from its screen alone, and collected', async () => {
    writeFileSync(join(temp.home, 'config.yaml'), config);
    expect((await agentpool(['config', 'validate', '--json'], temp.env)).json.valid).toBe(true);
    const providers = await agentpool(['providers', '--json'], temp.env);
    expect((providers.json.providers as { id: string }[]).map((row) => row.id)).toContain('tally-nocode');
    const repo = createGitRepo(undefined, join(temp.home, '..', 'repo'));
    const id = await spawnTally('tally-nocode', repo, 'Count the words of this task and keep the count in notes.txt.', 'shared');
    const asked = await observe(id, 'approval_prompt,completed,error');
    expect(asked).toMatchObject({ state: 'approval_prompt', evidence: ['Write the tally to notes.txt? (y/n)'] });
    await agentpool(['send', id, 'y', '--json'], temp.env);
    expect((await observe(id, 'completed,error')).state).toBe('completed');
    const collected = await agentpool(['collect', id, '--json'], temp.env);
    expect((collected.json.result as { sections: Record<string, string> }).sections.files_changed).toBe('notes.txt');
    await agentpool(['terminate', id, '--json'], temp.env);
  });

  it('a bad pattern or a missing ready rule is a config error naming the field, and nothing else breaks', async () => {
    writeFileSync(
      join(temp.home, 'config.yaml'),
      "version: 1\ncustom_providers:\n  broken:\n    command: [tally]\n    screen:\n      - { state: working, pattern: '(' }\n",
    );
    const validated = await agentpool(['config', 'validate', '--json'], temp.env);
    expect(validated.code).toBe(2);
    expect(validated.stdout).toContain('custom_providers.broken.screen');
    expect(validated.stdout).toContain('ready');
  });
});
