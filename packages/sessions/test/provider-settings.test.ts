import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderAdapterV1 } from '@agentpool/core';
import { waitUntil } from '@agentpool/test-utils';
import { afterEach, expect, it } from 'vitest';
import { factsOf } from '../src/session-context.js';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** A provider that lets agentpool choose its model: it prints the argv it was given and waits. */
function echoProvider(): ProviderAdapterV1 {
  return {
    specificationVersion: 'v1',
    id: 'echo-model',
    displayName: 'Echo model',
    capabilities: { promptModes: ['arg'], defaultPromptMode: 'arg', modelSelection: true, readOnly: 'prompt_only' },
    detect: async () => ({ binaryPath: '/bin/sh', version: '1', auth: { status: 'not_required', confidence: 'official', reason: 'test' } }),
    launch: (request) => ({
      argv: [
        '/bin/sh',
        '-c',
        'printf "ARGV:"; printf "%s|" "$@"; printf "\\n"; sleep 60',
        'echo-model',
        ...(request.model ? ['--model', request.model] : []),
        request.prompt,
      ],
      env: {},
      cwd: request.cwd,
      promptMode: 'arg',
      submitKeys: ['Enter'],
      interruptKeys: ['C-c'],
      isolationEnforcement: 'prompt_only',
    }),
    classify: () => ({ state: 'unknown', confidence: 0, evidence: [] }),
  };
}

it('providers.<id>.binary, extra_args and default_model apply to every adapter, once, and the launched model is recorded', async () => {
  harness = await createHarness(
    (config) => ({
      ...config,
      providers: {
        'fake-idle': { extra_args: ['--behavior', 'completed'] },
        'echo-model': { default_model: 'model-from-config', extra_args: ['--extra'] },
      },
    }),
    undefined,
    {},
    [echoProvider()],
  );
  // extra_args reach the worker before the `--` that ends its options: fake-idle now behaves as `completed`.
  const fake = await harness.spawnAndWait('fake-idle', ['completed', 'idle']);
  expect(fake.state).toBe('completed');
  expect(factsOf(harness.sessions.context, await harness.store.sessions.require(fake.id)).launchArgv).toEqual(
    expect.arrayContaining(['--behavior', 'completed', '--', '<prompt>']),
  );

  const spawned = await harness.sessions.spawn({ provider: 'echo-model', task: 'Print what you were given.', repo: harness.temp.home });
  expect(spawned.session.model).toBe('model-from-config');
  const stream = join(harness.temp.home, 'artifacts', spawned.session.id, 'stream.raw');
  const line = await waitUntil(() => (existsSync(stream) ? /ARGV:([^\r\n]*)/.exec(readFileSync(stream, 'utf8'))?.[1] : undefined));
  expect(line.split('|').slice(0, 3)).toEqual(['--model', 'model-from-config', '--extra']);
  // An explicit --model wins over the configured default.
  const explicit = await harness.sessions.spawn({
    provider: 'echo-model',
    task: 'Print it again.',
    repo: harness.temp.home,
    model: 'chosen',
  });
  expect(explicit.session.model).toBe('chosen');
});

it('providers.<id>.binary replaces the program; a default_model for a provider that cannot choose one is refused, not ignored', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-wrapper-')));
  const wrapper = join(dir, 'wrapped-node');
  const marker = join(dir, 'wrapper-ran');
  writeFileSync(wrapper, `#!/bin/sh\ntouch '${marker}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  harness = await createHarness((config) => ({ ...config, providers: { 'fake-idle': { binary: wrapper } } }));
  const { state } = await harness.spawnAndWait('fake-idle', ['idle']);
  expect(state).toBe('idle');
  expect(existsSync(marker)).toBe(true);
  await harness.close();

  harness = await createHarness((config) => ({ ...config, providers: { 'fake-idle': { default_model: 'gpt-x' } } }));
  await expect(harness.sessions.spawn({ provider: 'fake-idle', task: 'Anything.', repo: harness.temp.home })).rejects.toMatchObject({
    code: 'CAPABILITY_UNSUPPORTED',
  });
  expect(await harness.store.sessions.list({})).toEqual([]);
});
