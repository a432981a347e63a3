import { launchRequest } from '@agentpool/provider-test-kit';
import { describe, expect, it } from 'vitest';
import { CURSOR_MODELS, cursorProvider } from '../src/index.js';

describe('cursor-cli launch', () => {
  it('pastes the task by default; read_only is Cursor’s own ask mode', () => {
    const spec = cursorProvider.launch(launchRequest());
    expect(spec.promptMode).toBe('send_after_launch');
    expect(spec.argv).toEqual(['cursor-agent', '--mode', 'ask']);
    expect(spec.isolationEnforcement).toBe('provider_flag');
    expect(spec.submitKeys).toEqual(['Enter']);
    expect(spec.interruptKeys).toEqual(['C-c']);
    expect(spec.env).toEqual({});
  });

  it('lets the agent work in shared and worktree isolation, never with --force', () => {
    for (const isolation of ['shared', 'worktree'] as const) {
      const spec = cursorProvider.launch(launchRequest({ isolation }));
      expect(spec.argv).toEqual(['cursor-agent']);
      expect(spec.isolationEnforcement).toBe('not_needed');
    }
  });

  it('passes the model, the account’s CURSOR_CONFIG_DIR, and in arg mode the prompt after --', () => {
    const spec = cursorProvider.launch(
      launchRequest({
        isolation: 'shared',
        model: 'sonnet-4.5',
        promptMode: 'arg',
        prompt: '-starts with a dash',
        context: { env: {}, home: '/a', settings: {}, account: { id: 'work', home: '/accounts/work', env: {} } },
      }),
    );
    expect(spec.argv).toEqual(['cursor-agent', '--model', 'sonnet-4.5', '--', '-starts with a dash']);
    expect(spec.promptMode).toBe('arg');
    expect(spec.env).toEqual({ CURSOR_CONFIG_DIR: '/accounts/work' });
  });

  it('has no native signals: Cursor hooks live only in ~/.cursor, the repository or a plugin', () => {
    expect(cursorProvider.signals).toBeUndefined();
    expect(cursorProvider.parseSignal).toBeUndefined();
  });

  it('lists a small catalog with auto as the default, and passes other names on to Cursor', async () => {
    const models = await (cursorProvider.models?.({ env: {}, home: '/a', settings: {} }) ?? []);
    expect(models).toEqual(CURSOR_MODELS);
    expect(models.filter((model) => model.isDefault).map((model) => model.id)).toEqual(['auto']);
    expect(cursorProvider.capabilities.anyModel).toBe(true);
    expect(cursorProvider.capabilities.reasoningEfforts).toBeUndefined();
    expect(cursorProvider.capabilities.serviceTiers).toBeUndefined();
  });
});
