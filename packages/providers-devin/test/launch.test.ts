import type { LaunchRequest } from '@agentpool/core';
import { launchRequest } from '@agentpool/provider-test-kit';
import { describe, expect, it } from 'vitest';
import { createDevinProvider, DEVIN_MODELS } from '../src/index.js';

// The user's own Devin config, as a test supplies it (the real ~/.config/devin is never read).
const noUserConfig = createDevinProvider({ readUserConfig: () => null });

/** The launch request these tests start from: a HOME of its own, so nothing of the user's is read. */
const request = (overrides: Partial<LaunchRequest> = {}): LaunchRequest =>
  launchRequest({ context: { env: { PATH: '/nonexistent', HOME: '/home/u' }, home: '/a', settings: {} }, ...overrides });

describe('devin-cli launch', () => {
  it('pastes the task by default; read_only is asked for in the prompt, with every write or command approved first', () => {
    const spec = noUserConfig.launch(request());
    expect(spec.promptMode).toBe('send_after_launch');
    expect(spec.argv).toEqual(['devin', '--permission-mode', 'normal']);
    expect(spec.isolationEnforcement).toBe('prompt_only');
    expect(noUserConfig.capabilities.readOnly).toBe('prompt_only');
    expect(spec.submitKeys).toEqual(['Enter']);
    expect(spec.interruptKeys).toEqual(['C-c']);
    expect(spec.env).toEqual({});
  });

  it('leaves the user’s permission mode alone in shared and worktree isolation', () => {
    for (const isolation of ['shared', 'worktree'] as const) {
      const spec = noUserConfig.launch(request({ isolation }));
      expect(spec.argv).toEqual(['devin']);
      expect(spec.isolationEnforcement).toBe('not_needed');
    }
  });

  it('passes the model, the account’s XDG_DATA_HOME, and in arg mode the prompt after --', () => {
    const spec = noUserConfig.launch(
      request({
        isolation: 'shared',
        model: 'opus',
        promptMode: 'arg',
        prompt: 'auth login',
        context: { env: {}, home: '/a', settings: {}, account: { id: 'work', home: '/accounts/work', env: {} } },
      }),
    );
    expect(spec.argv).toEqual(['devin', '--model', 'opus', '--', 'auth login']);
    expect(spec.promptMode).toBe('arg');
    expect(spec.env).toEqual({ XDG_DATA_HOME: '/accounts/work' });
  });

  it('lists a small catalog with swe as the default, and passes other names on to Devin', async () => {
    const models = await (noUserConfig.models?.({ env: {}, home: '/a', settings: {} }) ?? []);
    expect(models).toEqual(DEVIN_MODELS);
    expect(models.filter((model) => model.isDefault).map((model) => model.id)).toEqual(['swe']);
    expect(noUserConfig.capabilities.anyModel).toBe(true);
    expect(noUserConfig.capabilities.reasoningEfforts).toBeUndefined();
    expect(noUserConfig.capabilities.serviceTiers).toBeUndefined();
  });
});

describe('devin-cli native signals: hooks in a per-worker --config copy of the user config', () => {
  it('writes the worker’s config into its session folder and records hooks into its signal folder', () => {
    const signals = noUserConfig.signals?.(request());
    expect(signals?.args).toEqual(['--config', '/a/ses_launch000001/devin-config.json']);
    expect(signals?.env).toEqual({});
    expect(signals?.sources).toEqual([{ name: 'hooks', kind: 'file', path: '/a/ses_launch000001/signals/devin-hooks.jsonl' }]);
    expect(signals?.files.map((file) => [file.path, file.mode])).toEqual([['devin-config.json', 0o600]]);
    const config = JSON.parse(signals?.files[0]?.content ?? '{}') as { hooks: Record<string, unknown[]> };
    expect(Object.keys(config.hooks)).toEqual(['UserPromptSubmit', 'PostToolUse', 'PermissionRequest', 'Stop', 'SessionEnd']);
    expect(config.hooks.Stop).toEqual([
      {
        hooks: [
          {
            type: 'command',
            command: `'/usr/bin/node' '-e' 'record("x")' '--' '/a/ses_launch000001/signals/devin-hooks.jsonl'`,
            timeout: 10,
          },
        ],
      },
    ]);
  });

  it('keeps the user’s settings and hooks, reading them from $XDG_CONFIG_HOME/devin/config.json without changing it', () => {
    const read: string[] = [];
    const user = `{
      // the user's own
      "model": "opus",
      "hooks": { "Stop": [{ "hooks": [{ "type": "command", "command": "notify-send done" }] }] },
    }`;
    const provider = createDevinProvider({
      readUserConfig: (path) => {
        read.push(path);
        return user;
      },
    });
    const signals = provider.signals?.(
      request({ context: { env: { XDG_CONFIG_HOME: '/cfg', HOME: '/home/u' }, home: '/a', settings: {} } }),
    );
    expect(read).toEqual(['/cfg/devin/config.json']);
    const config = JSON.parse(signals?.files[0]?.content ?? '{}') as {
      model: string;
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    expect(config.model).toBe('opus');
    expect(config.hooks.Stop?.map((entry) => entry.hooks[0]?.command)).toEqual([
      'notify-send done',
      expect.stringContaining('devin-hooks.jsonl'),
    ]);
  });

  it('adds no hooks when the user config cannot be read whole (replacing it would lose the user’s settings)', () => {
    for (const readUserConfig of [
      () => '{ not json',
      () => '[1, 2]',
      () => {
        throw new Error('EACCES');
      },
    ]) {
      const signals = createDevinProvider({ readUserConfig }).signals?.(request());
      expect(signals).toEqual({ args: [], env: {}, files: [] });
    }
  });

  it('adds nothing without a signal recorder', () => {
    expect(noUserConfig.signals?.(request({ signalRecorder: undefined }))).toEqual({ args: [], env: {}, files: [] });
  });
});
