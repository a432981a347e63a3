import { describe, expect, it } from 'vitest';
import type { ProviderAdapter } from '../src/provider-adapter.js';
import { createProviderRegistry } from '../src/provider-registry.js';
import { catchAgentPoolError } from './catch-agentpool-error.js';

function adapter(id: string, displayName = id): ProviderAdapter {
  return {
    specificationVersion: 'v1',
    id,
    displayName,
    capabilities: { promptModes: ['arg'], defaultPromptMode: 'arg', modelSelection: false, readOnly: 'prompt_only' },
    detect: async () => null,
    launch: () => {
      throw new Error('not launched in this test');
    },
    classify: () => ({ state: 'unknown', confidence: 0, evidence: [] }),
  };
}

describe('createProviderRegistry', () => {
  it('refuses a second adapter with a taken id, naming both sources, and keeps the first', () => {
    const registry = createProviderRegistry([adapter('fake-question', 'the built-in one')]);
    const error = catchAgentPoolError(() => registry.register(adapter('fake-question', 'the plugin one'), 'plugin ./my-plugin.mjs'));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('built-in');
    expect(error.message).toContain('plugin ./my-plugin.mjs');
    expect(error.details).toMatchObject({ provider: 'fake-question', registered_by: 'built-in', refused_from: 'plugin ./my-plugin.mjs' });
    expect(registry.get('fake-question')?.displayName).toBe('the built-in one');
    expect(registry.list({ includeTestOnly: true })).toHaveLength(1);
  });

  it('echoes an unknown provider id cut short', () => {
    const error = catchAgentPoolError(() => createProviderRegistry([adapter('echo')]).require('z'.repeat(5_000)));
    expect(error.code).toBe('PROVIDER_NOT_FOUND');
    expect(error.message.length).toBeLessThan(200);
  });
});
