import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config-defaults.js';
import { policySchema } from '../src/config-schema.js';
import { ISOLATIONS, type ProviderAdapterV1, WORKER_ROLES } from '../src/provider-adapter.js';

describe('provider adapter contract', () => {
  it('lists the isolations the config accepts as default_isolation', () => {
    expect(ISOLATIONS).toEqual(['read_only', 'shared', 'worktree']);
    for (const isolation of ISOLATIONS) {
      expect(policySchema.parse({ default_isolation: isolation }).default_isolation).toBe(isolation);
    }
    expect(ISOLATIONS).toContain(defaultConfig().policy.default_isolation);
  });

  it('lists the worker roles', () => {
    expect(WORKER_ROLES).toEqual(['explorer', 'reviewer', 'implementer', 'tester', 'custom']);
  });

  it('a minimal adapter needs only the required members', async () => {
    const adapter: ProviderAdapterV1 = {
      specificationVersion: 'v1',
      id: 'minimal',
      displayName: 'Minimal',
      capabilities: { promptModes: ['arg'], defaultPromptMode: 'arg', modelSelection: false, readOnly: 'prompt_only' },
      detect: async () => null,
      launch: (request) => ({
        argv: ['minimal', request.prompt],
        env: {},
        cwd: request.cwd,
        promptMode: 'arg',
        submitKeys: ['Enter'],
        interruptKeys: ['C-c'],
        isolationEnforcement: 'prompt_only',
      }),
      classify: () => ({ state: 'unknown', confidence: 0, evidence: [] }),
    };
    expect(await adapter.detect({ env: {}, home: '/tmp', settings: {} })).toBeNull();
    expect(adapter.models).toBeUndefined();
    expect(adapter.probeUsage).toBeUndefined();
  });
});
