import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** opencode, as the captures and integration tests run it. */
export const OPENCODE_REAL_CLI = { package: 'opencode-ai', version: '1.18.33', binary: 'opencode' } as const;

/** The provider and model opencode's throwaway config names for the imitation. */
export const OPENCODE_IMITATION_MODEL = 'imitation/gpt-4o';

/**
 * Prepares `home` (a throwaway HOME, with its own XDG folders) so opencode calls the imitation
 * (Chat Completions, through `@ai-sdk/openai-compatible`) on `imitation/gpt-4o`, never fetches the
 * models.dev list nor checks for updates, and asks before every shell command. Returns the
 * environment to run it with.
 */
export function prepareOpencodeHome(home: string, imitationUrl: string): Record<string, string> {
  const config = join(home, '.config');
  const data = join(home, '.local', 'share');
  const cache = join(home, '.cache');
  const state = join(home, '.local', 'state');
  for (const dir of [join(config, 'opencode'), data, cache, state]) mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(config, 'opencode', 'opencode.json'),
    JSON.stringify(
      {
        $schema: 'https://opencode.ai/config.json',
        model: OPENCODE_IMITATION_MODEL,
        small_model: OPENCODE_IMITATION_MODEL,
        autoupdate: false,
        share: 'disabled',
        permission: { bash: 'ask' },
        provider: {
          imitation: {
            npm: '@ai-sdk/openai-compatible',
            name: 'Imitation',
            options: { baseURL: `${imitationUrl}/v1`, apiKey: 'sk-imitation' },
            models: { 'gpt-4o': { name: 'GPT-4o (imitation)' } },
          },
        },
      },
      null,
      2,
    ),
  );
  return {
    HOME: home,
    XDG_CONFIG_HOME: config,
    XDG_DATA_HOME: data,
    XDG_CACHE_HOME: cache,
    XDG_STATE_HOME: state,
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    npm_config_offline: 'true',
  };
}
