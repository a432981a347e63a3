import { describe, expect, it } from 'vitest';
import { AgentPoolError, definePlugin, defineProvider, isAgentPoolPlugin, type ProviderAdapterV1 } from '../src/index.js';

const adapter: ProviderAdapterV1 = {
  specificationVersion: 'v1',
  id: 'my-cli',
  displayName: 'My CLI',
  capabilities: {
    promptModes: ['send_after_launch'],
    defaultPromptMode: 'send_after_launch',
    modelSelection: false,
    readOnly: 'prompt_only',
  },
  detect: async () => null,
  launch: (request) => ({
    argv: ['my-cli'],
    env: {},
    cwd: request.cwd,
    promptMode: 'send_after_launch',
    submitKeys: ['Enter'],
    interruptKeys: ['C-c'],
    isolationEnforcement: 'prompt_only',
  }),
  classify: () => ({ state: 'unknown', confidence: 0, evidence: [] }),
};

function errorOf(run: () => unknown): AgentPoolError {
  try {
    run();
  } catch (error) {
    if (AgentPoolError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('defineProvider and definePlugin', () => {
  it('return a well-formed adapter unchanged, and a plugin holding it', () => {
    expect(defineProvider(adapter)).toBe(adapter);
    const plugin = definePlugin({ name: 'my-plugin', providers: [adapter] });
    expect(isAgentPoolPlugin(plugin)).toBe(true);
    expect(plugin.providers).toEqual([adapter]);
    expect(isAgentPoolPlugin(adapter)).toBe(false);
  });

  it('refuse a malformed adapter at once, naming the provider and the field', () => {
    const broken = { ...adapter, capabilities: { ...adapter.capabilities, readOnly: 'sandboxed' } } as unknown as ProviderAdapterV1;
    const error = errorOf(() => defineProvider(broken));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('"my-cli"');
    expect(error.message).toContain('capabilities.readOnly');
  });

  it('refuse a plugin with no name, no providers, a malformed one or one id twice', () => {
    expect(errorOf(() => definePlugin({ name: ' ', providers: [adapter] })).message).toContain('needs a name');
    expect(errorOf(() => definePlugin({ name: 'p', providers: [] })).message).toContain('declares no providers');
    const noLaunch = { ...adapter, launch: undefined } as unknown as ProviderAdapterV1;
    expect(errorOf(() => definePlugin({ name: 'p', providers: [adapter, noLaunch] })).message).toContain('providers[1]: launch');
    expect(errorOf(() => definePlugin({ name: 'p', providers: [adapter, adapter] })).message).toContain('"my-cli" twice');
  });
});
