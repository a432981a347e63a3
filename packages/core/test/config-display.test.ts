import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config-defaults.js';
import { configForDisplay } from '../src/config-display.js';

describe('configForDisplay', () => {
  it('hides every provider env value, keeps the keys, and redacts secrets in extra_args', () => {
    const config = {
      ...defaultConfig(),
      providers: {
        codex: { env: { OPENAI_API_KEY: 'sk-proj-abcdefghijklmnopqrstuv', REGION: 'eu' }, extra_args: ['--token=abcdefghijklmnop', '-q'] },
        claude: { binary: '/usr/local/bin/claude' },
      },
    };
    const shown = configForDisplay(config);
    expect(shown.providers.codex).toEqual({
      env: { OPENAI_API_KEY: '[REDACTED]', REGION: '[REDACTED]' },
      extra_args: ['--token=[REDACTED]', '-q'],
    });
    expect(shown.providers.claude).toEqual({ binary: '/usr/local/bin/claude' });
    expect(shown.policy).toEqual(config.policy);
    // The configuration itself is left as it was.
    expect(config.providers.codex.env.REGION).toBe('eu');
  });
});
