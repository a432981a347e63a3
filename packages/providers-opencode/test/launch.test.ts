import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaunchRequest, ProviderContext } from '@agentpool/core';
import { launchRequest } from '@agentpool/provider-test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  configContentWithPlugin,
  defaultModelFromConfig,
  opencodeProvider,
  parseDefaultModel,
  parseModelList,
  readOnlyPermission,
} from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'ap-opencode-launch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const context = (env: Record<string, string> = {}, extra: Partial<ProviderContext> = {}): ProviderContext =>
  ({
    env: { PATH: '/nonexistent', HOME: join(root, 'home'), ...env },
    home: join(root, 'agentpool'),
    settings: {},
    ...extra,
  }) as ProviderContext;

const request = (overrides: Partial<LaunchRequest> = {}): LaunchRequest =>
  launchRequest({ isolation: 'shared', context: context(), ...overrides });

describe('opencode launch', () => {
  it('pastes the task into the TUI by default: it is on no command line', () => {
    const spec = opencodeProvider.launch(request());
    expect(spec.promptMode).toBe('send_after_launch');
    expect(spec.argv).toEqual(['opencode']);
    expect(spec.submitKeys).toEqual(['Enter']);
    expect(spec.env.OPENCODE_DISABLE_AUTOUPDATE).toBe('1');
  });

  it('--model pins the model; the task is never on the command line', () => {
    const spec = opencodeProvider.launch(request({ model: 'anthropic/claude-sonnet-4-5' }));
    expect(spec.argv).toEqual(['opencode', '--model', 'anthropic/claude-sonnet-4-5']);
    expect(opencodeProvider.capabilities.promptModes).toEqual(['send_after_launch']);
  });

  it('read-only: edits denied and shell commands asked for by opencode’s own permission rules, over inherited ones', () => {
    const spec = opencodeProvider.launch(
      request({ isolation: 'read_only', context: context({ OPENCODE_PERMISSION: '{"webfetch":"deny","bash":"allow"}' }) }),
    );
    expect(spec.isolationEnforcement).toBe('provider_flag');
    expect(JSON.parse(spec.env.OPENCODE_PERMISSION ?? '')).toEqual({ webfetch: 'deny', edit: 'deny', bash: 'ask' });
    expect(JSON.parse(readOnlyPermission('not json'))).toEqual({ edit: 'deny', bash: 'ask' });
  });

  it('an account’s home is its XDG_DATA_HOME (opencode keeps auth.json there)', () => {
    const spec = opencodeProvider.launch(
      request({ context: context({}, { account: { id: 'work', home: '/accounts/work', env: {} } } as Partial<ProviderContext>) }),
    );
    expect(spec.env.XDG_DATA_HOME).toBe('/accounts/work');
  });
});

describe('opencode native signals', () => {
  it('writes the plugin into the session folder and names it in OPENCODE_CONFIG_CONTENT, keeping an inherited config', () => {
    const signals = opencodeProvider.signals?.(
      request({ context: context({ OPENCODE_CONFIG_CONTENT: '{"plugin":["mine"],"model":"a/b"}' }) }),
    );
    expect(signals?.args).toEqual([]);
    expect(JSON.parse(signals?.env.OPENCODE_CONFIG_CONTENT ?? '')).toEqual({
      plugin: ['mine', 'file:///a/ses_launch000001/opencode-signals.js'],
      model: 'a/b',
    });
    expect(signals?.files.map((file) => file.path)).toEqual(['opencode-signals.js']);
    expect(signals?.sources).toEqual([{ name: 'plugin', kind: 'file', path: '/a/ses_launch000001/signals/opencode-events.jsonl' }]);
  });

  it('leaves a config document that is not JSON alone (the screen alone tells then)', () => {
    expect(configContentWithPlugin('{ not json', 'file:///x.js')).toBeNull();
    const signals = opencodeProvider.signals?.(request({ context: context({ OPENCODE_CONFIG_CONTENT: '{ not json' }) }));
    expect(signals).toEqual({ args: [], env: {}, files: [] });
  });
});

describe('opencode detection and catalog', () => {
  it('is not installed when no candidate binary is found', async () => {
    expect(await opencodeProvider.detect(context())).toBeNull();
  });

  it('finds a configured binary, reads its version and the credentials in auth.json, offline', async () => {
    const bin = join(root, 'bin');
    mkdirSync(bin, { recursive: true });
    const fake = join(bin, 'opencode');
    writeFileSync(fake, '#!/bin/sh\necho 1.18.33\n', { mode: 0o755 });
    const data = join(root, 'data');
    mkdirSync(join(data, 'opencode'), { recursive: true });
    writeFileSync(join(data, 'opencode', 'auth.json'), '{"anthropic":{"type":"api","key":"sk-secret"}}');
    const found = await opencodeProvider.detect(context({ PATH: bin, XDG_DATA_HOME: data }));
    expect(found).toMatchObject({ binaryPath: fake, version: '1.18.33', auth: { status: 'authenticated', confidence: 'local_cli' } });
    expect(JSON.stringify(found)).not.toContain('sk-secret');
  });

  it('reads the default model from the user’s config files, OPENCODE_CONFIG_CONTENT last', () => {
    const configHome = join(root, 'xdg-config');
    mkdirSync(join(configHome, 'opencode'), { recursive: true });
    writeFileSync(join(configHome, 'opencode', 'opencode.json'), '{"model":"anthropic/claude-sonnet-4-5"}');
    expect(defaultModelFromConfig({ XDG_CONFIG_HOME: configHome })).toBe('anthropic/claude-sonnet-4-5');
    expect(defaultModelFromConfig({ XDG_CONFIG_HOME: configHome, OPENCODE_CONFIG_CONTENT: '{"model":"openai/gpt-5"}' })).toBe(
      'openai/gpt-5',
    );
    expect(defaultModelFromConfig({ XDG_CONFIG_HOME: join(root, 'none') })).toBeNull();
  });

  it('parses `opencode models` and marks the default', () => {
    const list = 'opencode/big-pickle\nimitation/gpt-4o\nopenrouter/qwen/qwen3-coder\nINFO something\n';
    const defaultModel = parseDefaultModel('{"model":"imitation/gpt-4o","provider":{}}');
    expect(parseModelList(list, defaultModel)).toEqual([
      { id: 'opencode/big-pickle' },
      { id: 'imitation/gpt-4o', isDefault: true },
      { id: 'openrouter/qwen/qwen3-coder' },
    ]);
    expect(parseDefaultModel('not json')).toBeNull();
  });
});
