import type { ProviderAdapterV1, ProviderContext } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { listModels, probeUsage } from '../src/provider-calls.js';

const context: ProviderContext = { env: {}, home: '/tmp', settings: {} };

function adapter(extra: Partial<ProviderAdapterV1>): ProviderAdapterV1 {
  return {
    specificationVersion: 'v1',
    id: 'probe-test',
    displayName: 'Probe test',
    capabilities: { promptModes: ['arg'], defaultPromptMode: 'arg', modelSelection: true, readOnly: 'prompt_only' },
    detect: async () => null,
    launch: () => {
      throw new Error('not launched');
    },
    classify: () => ({ state: 'unknown', confidence: 0, evidence: [] }),
    ...extra,
  };
}

/** A call that only ends when its AbortSignal fires, and says whether it did. */
function hangsUntilAborted(seen: { aborted: boolean }) {
  return (ctx: ProviderContext) =>
    new Promise<never>((_, reject) => {
      ctx.signal?.addEventListener('abort', () => {
        seen.aborted = true;
        reject(new Error('aborted'));
      });
    });
}

describe('bounded provider calls', () => {
  it('a usage probe that hangs fails as USAGE_PROBE_FAILED (retryable) in time, and its signal is aborted', async () => {
    const seen = { aborted: false };
    const error = await probeUsage(adapter({ probeUsage: hangsUntilAborted(seen) }), context, { timeoutMs: 200 }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'USAGE_PROBE_FAILED', retryable: true });
    expect(error.message).toContain('timed out after 0.2 s');
    expect(seen.aborted).toBe(true);
  });

  it('a probe passes its account and returns the report; one that throws is a failed probe, never "no limits"', async () => {
    const report = await probeUsage(
      adapter({
        probeUsage: async (ctx) => ({
          providerId: 'probe-test',
          windows: [],
          warnings: [],
          status: 'no_limits',
          accountId: ctx.account?.id,
        }),
      }),
      context,
      { account: { id: 'work', env: {} } },
    );
    expect(report).toMatchObject({ status: 'no_limits', accountId: 'work' });
    await expect(
      probeUsage(
        adapter({
          probeUsage: async () => {
            throw new Error('HTTP 500');
          },
        }),
        context,
      ),
    ).rejects.toMatchObject({ code: 'USAGE_PROBE_FAILED', message: expect.stringContaining('HTTP 500') });
  });

  it('a provider without the method says so instead of returning nothing', async () => {
    await expect(probeUsage(adapter({}), context)).rejects.toMatchObject({ code: 'CAPABILITY_UNSUPPORTED' });
    await expect(listModels(adapter({}), context)).rejects.toMatchObject({ code: 'CAPABILITY_UNSUPPORTED' });
    const seen = { aborted: false };
    await expect(listModels(adapter({ models: hangsUntilAborted(seen) }), context, 100)).rejects.toMatchObject({ code: 'ADAPTER_FAILED' });
    expect(seen.aborted).toBe(true);
  });
});
