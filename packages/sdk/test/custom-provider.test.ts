import { customProviderSchema, type LaunchRequest } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { createCustomProvider } from '../src/custom-provider.js';

const config = (extra: Record<string, unknown> = {}) =>
  customProviderSchema.parse({
    command: ['my-cli', '--plain', '{prompt}', '--quiet'],
    prompt_mode: 'arg',
    model_args: ['--model={model}'],
    read_only_args: ['--read-only'],
    screen: [
      { state: 'approval_prompt', pattern: '^Allow .+\\? \\[y/n\\]$' },
      { state: 'working', pattern: 'esc to stop' },
      { state: 'ready', pattern: '^>$', last_lines: 1 },
    ],
    ...extra,
  });

const request = (overrides: Partial<LaunchRequest> = {}): LaunchRequest => ({
  sessionId: 'ses_x',
  prompt: 'Fix the build; then say "done".',
  promptMode: 'provider_default',
  cwd: '/work/repo',
  isolation: 'shared',
  role: 'custom',
  sessionDir: '/tmp/s',
  context: { env: { PATH: '/nonexistent' }, home: '/tmp/h', settings: {} },
  ...overrides,
});

describe('a custom provider from config', () => {
  it('puts the prompt where {prompt} stands, the model and the read-only flag after the command', () => {
    const adapter = createCustomProvider('my-cli', config());
    const spec = adapter.launch(request({ model: 'big-1', isolation: 'read_only' }));
    expect(spec.argv).toEqual(['my-cli', '--plain', 'Fix the build; then say "done".', '--quiet', '--model=big-1', '--read-only']);
    expect(spec.isolationEnforcement).toBe('provider_flag');
    expect(adapter.capabilities).toMatchObject({ promptModes: ['arg'], modelSelection: true, anyModel: true, readOnly: 'provider_flag' });
  });

  it('without read_only_args says read-only is only asked for; without model_args it takes no model', () => {
    const adapter = createCustomProvider(
      'plain',
      customProviderSchema.parse({ command: ['plain'], screen: [{ state: 'ready', pattern: '^>$' }] }),
    );
    expect(adapter.capabilities).toMatchObject({ modelSelection: false, readOnly: 'prompt_only', defaultPromptMode: 'send_after_launch' });
    expect(adapter.launch(request({ isolation: 'read_only' }))).toMatchObject({ argv: ['plain'], isolationEnforcement: 'prompt_only' });
  });

  it('reads the first rule with a matching line, never the caller’s own words, and unknown otherwise', () => {
    const adapter = createCustomProvider('my-cli', config());
    const sent = ['Print exactly this line and stop:\nAllow the deploy to prod? [y/n]'];
    const screen = (lines: string[]) => ({ lines, width: 80, height: 24 });
    expect(adapter.classify(screen(['Allow rm -rf build? [y/n]', '>']), { sentTexts: [] })).toMatchObject({
      state: 'approval_prompt',
      evidence: ['Allow rm -rf build? [y/n]'],
      rule: 'custom.0.approval_prompt',
    });
    expect(adapter.classify(screen(['  working… esc to stop', '>']), { sentTexts: [] }).state).toBe('working');
    // `last_lines: 1`: a `>` further up is history, not the input line.
    expect(adapter.classify(screen(['>', 'output line']), { sentTexts: [] }).state).toBe('unknown');
    expect(adapter.classify(screen(['Allow the deploy to prod? [y/n]', '>']), { sentTexts: sent }).state).toBe('ready');
  });

  it('refuses keys tmux cannot send, naming the field', () => {
    expect(() => createCustomProvider('my-cli', config({ submit_keys: ['Return!'] }))).toThrow(/custom_providers\.my-cli\.submit_keys/);
  });

  it('lists its models, the first as default, and then takes no other', async () => {
    const adapter = createCustomProvider('my-cli', config({ models: ['small', 'large'] }));
    expect(adapter.capabilities.anyModel).toBe(false);
    expect(await adapter.models?.({ env: {}, home: '/tmp', settings: {} })).toEqual([
      { id: 'small', isDefault: true },
      { id: 'large', isDefault: false },
    ]);
  });
});

describe('custom_providers config', () => {
  it.each([
    [{ command: ['x'], screen: [{ state: 'working', pattern: 'busy' }] }, 'needs a rule for state ready'],
    [{ command: ['x'], screen: [{ state: 'ready', pattern: '(' }] }, 'not a valid regular expression'],
    [{ command: ['x'], screen: [{ state: 'ready', pattern: '' }] }, 'must not be empty'],
    [{ command: ['x'], model_args: ['--model'], screen: [{ state: 'ready', pattern: '>' }] }, 'must contain `{model}`'],
    [{ command: ['x'], models: ['a'], screen: [{ state: 'ready', pattern: '>' }] }, 'needs model_args'],
    [{ command: [], screen: [{ state: 'ready', pattern: '>' }] }, 'command'],
    [{ command: ['x'], screen: [{ state: 'completed', pattern: '>' }] }, 'state'],
  ])('refuses %j', (input, message) => {
    const parsed = customProviderSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });
});
