import { launchRequest } from '@agentpool/provider-test-kit';
import { describe, expect, it } from 'vitest';
import { droidProvider } from '../src/index.js';

describe('droid-cli launch', () => {
  it('pastes the task by default; read_only is Droid’s own spec mode; never updates itself', () => {
    const spec = droidProvider.launch(launchRequest());
    expect(spec.promptMode).toBe('send_after_launch');
    expect(spec.argv).toEqual(['droid', '--use-spec']);
    expect(spec.isolationEnforcement).toBe('provider_flag');
    expect(spec.env).toEqual({ FACTORY_DROID_AUTO_UPDATE_ENABLED: 'false' });
    expect(spec.interruptKeys).toEqual(['Escape']);
  });

  it('shared and worktree workers run at low autonomy (edits and read-only commands; anything riskier asks)', () => {
    for (const isolation of ['shared', 'worktree'] as const) {
      const spec = droidProvider.launch(launchRequest({ isolation }));
      expect(spec.argv).toEqual(['droid', '--auto', 'low']);
      expect(spec.isolationEnforcement).toBe('not_needed');
    }
  });

  it('takes the prompt as its argument in mode arg', () => {
    expect(droidProvider.launch(launchRequest({ promptMode: 'arg' })).argv).toEqual(['droid', '--use-spec', 'Inspect the repo.']);
  });

  it('the account’s home becomes FACTORY_HOME_OVERRIDE (the folder holding its .factory)', () => {
    const spec = droidProvider.launch(
      launchRequest({ context: { env: {}, home: '/a', settings: {}, account: { id: 'team-2', home: '/accounts/2', env: {} } } }),
    );
    expect(spec.env.FACTORY_HOME_OVERRIDE).toBe('/accounts/2');
  });

  it('model, reasoning effort and hooks go in a runtime settings file for this worker only, passed with --settings', () => {
    const signals = droidProvider.signals?.(launchRequest({ model: 'custom:Imitation-0', reasoningEffort: 'high' }));
    expect(signals?.args).toEqual(['--settings', '/a/ses_launch000001/droid-settings.json']);
    expect(signals?.sources).toEqual([{ name: 'hooks', kind: 'file', path: '/a/ses_launch000001/signals/droid-hooks.jsonl' }]);
    expect(signals?.files).toHaveLength(1);
    const file = signals?.files[0];
    expect(file?.path).toBe('droid-settings.json');
    const settings = JSON.parse(file?.content ?? '{}') as Record<string, unknown>;
    expect(settings.model).toBe('custom:Imitation-0');
    expect(settings.reasoningEffort).toBe('high');
    expect(Object.keys(settings.hooks as object)).toContain('Notification');
  });

  it('writes no settings file when there is nothing to put in it', () => {
    const signals = droidProvider.signals?.(launchRequest({ signalRecorder: undefined }));
    expect(signals).toEqual({ args: [], env: {}, files: [], sources: [] });
  });

  it('lists its model catalog with one default and passes any other id on (custom models)', async () => {
    const models = (await droidProvider.models?.({ env: {}, home: '/a', settings: {} })) ?? [];
    expect(models.filter((model) => model.isDefault).map((model) => model.id)).toEqual(['gpt-5.6-sol']);
    expect(droidProvider.capabilities.anyModel).toBe(true);
  });
});
