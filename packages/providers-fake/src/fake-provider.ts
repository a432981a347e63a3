import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Installation, LaunchRequest, LaunchSpec, PromptMode, ProviderAdapterV1 } from '@agentpool/core';
import { FAKE_BEHAVIORS, type FakeBehavior } from './fake-behaviors.js';
import { classifyFakeScreen } from './fake-screen-rules.js';

/** The fake agent program, built beside this module. */
export const FAKE_AGENT_PATH = fileURLToPath(new URL('./fake-agent.js', import.meta.url));

let cachedVersion: string | undefined;

function packageVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cachedVersion;
}

/** A test-only provider that runs the fake agent with one behaviour (`fake-question`, `fake-crash`, …). */
export function createFakeProvider(behavior: FakeBehavior): ProviderAdapterV1 {
  return {
    specificationVersion: 'v1',
    id: `fake-${behavior}`,
    displayName: `Fake (${behavior})`,
    testOnly: true,
    capabilities: {
      promptModes: ['arg', 'send_after_launch', 'stdin'],
      defaultPromptMode: 'arg',
      modelSelection: false,
      readOnly: 'prompt_only',
    },
    async detect(): Promise<Installation> {
      return {
        binaryPath: process.execPath,
        version: packageVersion(),
        auth: { status: 'not_required', confidence: 'official', reason: 'fake provider' },
      };
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = request.promptMode === 'provider_default' ? 'arg' : request.promptMode;
      const argv = [process.execPath, FAKE_AGENT_PATH, '--behavior', behavior];
      if (promptMode === 'arg') argv.push('--', request.prompt);
      return {
        argv,
        env: { FAKE_AGENT_SESSION: request.sessionId, ...request.context.settings.env },
        cwd: request.cwd,
        promptMode,
        submitKeys: ['Enter'],
        interruptKeys: ['Escape'],
        isolationEnforcement: request.isolation === 'read_only' ? 'prompt_only' : 'not_needed',
      };
    },
    classify: classifyFakeScreen,
  };
}

/** All nine fake providers, in the order of `FAKE_BEHAVIORS`. */
export const fakeProviders: readonly ProviderAdapterV1[] = FAKE_BEHAVIORS.map((behavior) => createFakeProvider(behavior));
