import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { launchRequest } from '@agentpool/provider-test-kit';
import { describe, expect, it } from 'vitest';
import { copilotAuth, copilotProvider, createCopilotProvider } from '../src/index.js';

describe('copilot-cli launch', () => {
  it('pastes the task by default; never updates itself; read_only is Copilot’s plan mode', () => {
    const spec = copilotProvider.launch(launchRequest());
    expect(spec.promptMode).toBe('send_after_launch');
    expect(spec.argv).toEqual(['copilot', '--no-auto-update', '--mode', 'plan']);
    expect(spec.env).toEqual({ COPILOT_AUTO_UPDATE: 'false' });
    expect(spec.isolationEnforcement).toBe('provider_flag');
    expect(spec.interruptKeys).toEqual(['Escape', 'Escape']);
  });

  it('passes the model, the reasoning effort and the account’s COPILOT_HOME; arg mode runs the task with -i', () => {
    const spec = copilotProvider.launch(
      launchRequest({
        isolation: 'shared',
        promptMode: 'arg',
        model: 'gpt-5.4',
        reasoningEffort: 'high',
        context: { env: {}, home: '/a', settings: {}, account: { id: 'team-2', home: '/accounts/2', env: {} } },
      }),
    );
    // The prompt is not last: agentpool inserts its own options (the hook plugin) before a last prompt, which would part it from `-i`.
    expect(spec.argv).toEqual([
      'copilot',
      '-i',
      'Inspect the repo.',
      '--no-auto-update',
      '--model',
      'gpt-5.4',
      '--reasoning-effort',
      'high',
    ]);
    expect(spec.env.COPILOT_HOME).toBe('/accounts/2');
    expect(spec.isolationEnforcement).toBe('not_needed');
  });

  it('reports through a plugin of its own in the worker’s signal folder (--plugin-dir), never the repository’s .github/hooks', () => {
    const signals = copilotProvider.signals?.(launchRequest());
    expect(signals?.args).toEqual(['--plugin-dir', '/a/ses_launch000001/signals']);
    expect(signals?.files.map((file) => file.path)).toEqual(['signals/plugin.json', 'signals/agentpool-hooks.json']);
    expect(signals?.sources).toEqual([{ name: 'hooks', kind: 'file', path: '/a/ses_launch000001/signals/copilot-hooks.jsonl' }]);
    expect(copilotProvider.signals?.(launchRequest({ signalRecorder: undefined }))).toEqual({ args: [], env: {}, files: [] });
  });

  it('runs `gh copilot --` when the configured binary is gh', () => {
    const bin = mkdtempSync(join(tmpdir(), 'ap-copilot-bin-'));
    writeFileSync(join(bin, 'gh'), '#!/bin/sh\n', { mode: 0o755 });
    const spec = createCopilotProvider().launch(launchRequest({ context: { env: { PATH: bin }, home: '/a', settings: { binary: 'gh' } } }));
    expect(spec.argv.slice(0, 4)).toEqual([join(bin, 'gh'), 'copilot', '--', '--no-auto-update']);
  });
});

describe('copilot-cli detection', () => {
  it('finds nothing without a binary', async () => {
    const context: ProviderContext = { env: { PATH: '/nonexistent', HOME: '/nonexistent' }, home: '/a', settings: {} };
    expect(await copilotProvider.detect(context)).toBeNull();
  });

  it('reads the version from `copilot --version` and auth from local state only', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'ap-copilot-bin-'));
    writeFileSync(join(bin, 'copilot'), '#!/bin/sh\necho "GitHub Copilot CLI 1.0.102."\n', { mode: 0o755 });
    const home = mkdtempSync(join(tmpdir(), 'ap-copilot-home-'));
    const found = await copilotProvider.detect({ env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home }, home: '/a', settings: {} });
    expect(found).toMatchObject({ binaryPath: join(bin, 'copilot'), version: '1.0.102', auth: { status: 'unauthenticated' } });
  });

  it('auth: a token variable, a custom provider, a /login in config.json, GitHub CLI’s login', () => {
    const home = mkdtempSync(join(tmpdir(), 'ap-copilot-home-'));
    const context = (env: Record<string, string>): ProviderContext => ({ env: { HOME: home, ...env }, home: '/a', settings: {} });
    expect(copilotAuth(context({ GH_TOKEN: 't' }))).toMatchObject({ status: 'authenticated', confidence: 'observed' });
    expect(copilotAuth(context({ COPILOT_PROVIDER_BASE_URL: 'http://127.0.0.1:1/v1' }))).toMatchObject({ status: 'not_required' });
    expect(copilotAuth(context({}))).toMatchObject({ status: 'unauthenticated' });
    mkdirSync(join(home, '.config', 'gh'), { recursive: true });
    writeFileSync(join(home, '.config', 'gh', 'hosts.yml'), 'github.com:\n    user: octocat\n    oauth_token: gho_x\n');
    expect(copilotAuth(context({}))).toMatchObject({ status: 'authenticated', confidence: 'estimated' });
    mkdirSync(join(home, '.copilot'));
    writeFileSync(
      join(home, '.copilot', 'config.json'),
      '// This file is managed automatically\n{"logged_in_users":[{"host":"https://github.com","login":"octocat"}]}\n',
    );
    expect(copilotAuth(context({}))).toMatchObject({ status: 'authenticated', confidence: 'local_cli' });
  });
});

describe('copilot-cli models', () => {
  it('a small catalog with auto as its default; any other name is passed through', async () => {
    const models = await copilotProvider.models?.({ env: {}, home: '/a', settings: {} });
    expect(models?.filter((model) => model.isDefault).map((model) => model.id)).toEqual(['auto']);
    expect(copilotProvider.capabilities.anyModel).toBe(true);
  });
});
