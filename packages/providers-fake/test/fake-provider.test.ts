import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { LaunchRequest } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { FAKE_BEHAVIORS, type FakeBehavior } from '../src/fake-behaviors.js';
import { createFakeProvider, FAKE_AGENT_PATH, fakeProviders } from '../src/fake-provider.js';
import { classifyFakeScreen } from '../src/fake-screen-rules.js';

function request(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    sessionId: 'ses_test123',
    prompt: 'Inspect the repo; reply "done".',
    promptMode: 'provider_default',
    cwd: '/tmp/repo',
    isolation: 'shared',
    role: 'explorer',
    sessionDir: '/tmp/home/sessions/ses_test123',
    context: { env: {}, home: '/tmp/home', settings: {} },
    ...overrides,
  };
}

describe('fakeProviders', () => {
  it('holds one test-only adapter per behaviour', () => {
    expect(FAKE_BEHAVIORS).toHaveLength(9);
    expect(fakeProviders.map((provider) => provider.id)).toEqual([
      ...FAKE_BEHAVIORS.map((behavior) => `fake-${behavior}`),
      ...['completed', 'approval', 'question', 'idle', 'limit', 'slow'].map((behavior) => `fake-${behavior}-hooks`),
      'fake-completed-slowstart',
    ]);
    for (const provider of fakeProviders) {
      expect(provider.specificationVersion).toBe('v1');
      expect(provider.testOnly).toBe(true);
      expect(provider.classify).toBe(classifyFakeScreen);
    }
  });

  it('names each adapter after its behaviour', () => {
    const provider = createFakeProvider('approval');
    expect(provider.id).toBe('fake-approval');
    expect(provider.displayName).toBe('Fake (approval)');
    expect(provider.capabilities).toEqual({
      promptModes: ['arg', 'send_after_launch', 'stdin'],
      defaultPromptMode: 'arg',
      modelSelection: false,
      readOnly: 'prompt_only',
      turnStartGraceMs: 0,
    });
    expect(provider.signals).toBeUndefined();
  });

  it('a -hooks fake reports through a Claude Code-style settings file and parses those records', () => {
    const provider = createFakeProvider('completed', { hooks: true });
    expect(provider.id).toBe('fake-completed-hooks');
    const signals = provider.signals?.({
      sessionId: 'ses_test00000001',
      prompt: 'Do it.',
      promptMode: 'arg',
      cwd: '/tmp',
      isolation: 'read_only',
      role: 'custom',
      sessionDir: '/tmp/session',
      context: { env: {}, home: '/tmp', settings: {} },
      signalRecorder: { dir: '/tmp/session/signals', argv: ['node', '-e', 'record', '--'] },
    });
    expect(signals?.sources).toEqual([{ name: 'hooks', kind: 'file', path: '/tmp/session/signals/fake-hooks.jsonl' }]);
    const settings = JSON.parse(signals?.files[0]?.content ?? '{}') as { hooks: Record<string, unknown> };
    expect(Object.keys(settings.hooks)).toEqual(expect.arrayContaining(['Stop', 'Notification', 'UserPromptSubmit', 'StopFailure']));
    expect(
      provider.parseSignal?.({ source: 'hooks', payload: JSON.stringify({ hook_event_name: 'Stop', last_assistant_message: 'Done.' }) }),
    ).toEqual({
      kind: 'turn_completed',
      finalText: 'Done.',
    });
  });
});

describe('detect', () => {
  it('finds node and needs no auth', async () => {
    const installation = await createFakeProvider('completed').detect({ env: {}, home: '/tmp/home', settings: {} });
    expect(installation).toEqual({
      binaryPath: process.execPath,
      version: '0.0.0',
      auth: { status: 'not_required', confidence: 'official', reason: 'fake provider' },
    });
  });
});

describe('launch', () => {
  it('passes the prompt as the last argument in arg mode, the default', () => {
    const spec = createFakeProvider('question').launch(request());
    expect(spec.argv).toEqual([process.execPath, FAKE_AGENT_PATH, '--behavior', 'question', '--', 'Inspect the repo; reply "done".']);
    expect(basename(spec.argv[1] ?? '')).toBe('fake-agent.js');
    expect(spec.promptMode).toBe('arg');
    expect(spec.cwd).toBe('/tmp/repo');
    expect(spec.submitKeys).toEqual(['Enter']);
    expect(spec.interruptKeys).toEqual(['Escape']);
    expect(spec.isolationEnforcement).toBe('not_needed');
  });

  it.each(['send_after_launch', 'stdin'] as const)('leaves the prompt out of argv in %s mode', (promptMode) => {
    const spec = createFakeProvider('completed').launch(request({ promptMode }));
    expect(spec.argv).toEqual([process.execPath, FAKE_AGENT_PATH, '--behavior', 'completed']);
    expect(spec.promptMode).toBe(promptMode);
  });

  it('marks the session and adds the configured environment', () => {
    const context = { env: {}, home: '/tmp/home', settings: { env: { FAKE_AGENT_WORK_MS: '10' } } };
    expect(createFakeProvider('idle').launch(request({ context })).env).toEqual({
      FAKE_AGENT_SESSION: 'ses_test123',
      FAKE_AGENT_WORK_MS: '10',
    });
  });

  it('can only ask for read-only isolation in the prompt', () => {
    expect(createFakeProvider('patch').launch(request({ isolation: 'read_only' })).isolationEnforcement).toBe('prompt_only');
  });

  it('points at the program built beside the adapter', () => {
    // Under vitest the adapter runs from src/, so the path names src/fake-agent.js; the built adapter names dist/fake-agent.js.
    expect(FAKE_AGENT_PATH.endsWith('/fake-agent.js')).toBe(true);
    const distAgent = new URL('../dist/fake-agent.js', import.meta.url);
    expect(existsSync(distAgent)).toBe(true);
  });

  it.each(FAKE_BEHAVIORS)('launches behaviour %s', (behavior: FakeBehavior) => {
    expect(createFakeProvider(behavior).launch(request()).argv.slice(2, 4)).toEqual(['--behavior', behavior]);
  });
});
