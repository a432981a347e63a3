import { launchRequest } from '@agentpool/provider-test-kit';
import { describe, expect, it } from 'vitest';
import { codexProvider } from '../src/index.js';

describe('codex-cli launch', () => {
  it('pastes the task by default; inline mode, no shared daemon; read_only is Codex’s own read-only sandbox', () => {
    const spec = codexProvider.launch(launchRequest());
    expect(spec.promptMode).toBe('send_after_launch');
    expect(spec.argv).toEqual(['codex', '--no-alt-screen', '--no-daemon', '--sandbox', 'read-only', '--ask-for-approval', 'on-request']);
    expect(spec.isolationEnforcement).toBe('provider_flag');
  });

  it('passes the model and the account’s CODEX_HOME', () => {
    const spec = codexProvider.launch(
      launchRequest({
        isolation: 'shared',
        model: 'gpt-5',
        context: { env: {}, home: '/a', settings: {}, account: { id: 'team-2', home: '/accounts/2', env: {} } },
      }),
    );
    expect(spec.argv).toEqual([
      'codex',
      '--no-alt-screen',
      '--no-daemon',
      '--sandbox',
      'workspace-write',
      '--ask-for-approval',
      'on-request',
      '--model',
      'gpt-5',
    ]);
    expect(spec.env.CODEX_HOME).toBe('/accounts/2');
  });

  it('passes reasoning effort and service tier as -c overrides, and lists its models (any name passes on)', async () => {
    const spec = codexProvider.launch(
      launchRequest({ isolation: 'shared', model: 'gpt-5.5', reasoningEffort: 'xhigh', serviceTier: 'flex' }),
    );
    expect(spec.argv.slice(-6)).toEqual(['--model', 'gpt-5.5', '-c', 'model_reasoning_effort="xhigh"', '-c', 'service_tier="flex"']);
    expect(codexProvider.capabilities.anyModel).toBe(true);
    expect(codexProvider.capabilities.reasoningEfforts).toContain('xhigh');
    expect(codexProvider.capabilities.serviceTiers).toEqual(['priority', 'fast', 'flex']);
    const models = (await codexProvider.models?.({ env: {}, home: '/h', settings: {} })) ?? [];
    expect(models.filter((model) => model.isDefault).map((model) => model.id)).toEqual(['gpt-6.1-sol']);
  });

  it('adds the main repository’s and the worktree’s git folders to the workspace-write sandbox for a worktree worker', () => {
    const spec = codexProvider.launch(
      launchRequest({ isolation: 'worktree', cwd: '/wt/a', gitCommonDir: '/repo/.git', worktreeGitDir: '/repo/.git/worktrees/a' }),
    );
    expect(spec.argv).toEqual([
      'codex',
      '--no-alt-screen',
      '--no-daemon',
      '--sandbox',
      'workspace-write',
      '--ask-for-approval',
      'on-request',
      '--add-dir',
      '/repo/.git',
      '--add-dir',
      '/repo/.git/worktrees/a',
    ]);
  });

  it('reports through notify for this worker only (a -c override, never config.toml) and its in-band state sequence', () => {
    const signals = codexProvider.signals?.(launchRequest());
    expect(signals?.args).toEqual([
      '-c',
      'notify=["/usr/bin/node","-e","record(\\"x\\")","--","/a/ses_launch000001/signals/codex-notify.jsonl"]',
    ]);
    expect(signals?.sources).toEqual([
      { name: 'notify', kind: 'file', path: '/a/ses_launch000001/signals/codex-notify.jsonl' },
      { name: 'state', kind: 'osc', code: 7501 },
    ]);
  });
});
