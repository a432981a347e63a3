import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The model id Droid knows the imitation by: a custom (BYOK) model in `~/.factory/settings.json`
 * gets the id `custom:<displayName>-<index>`.
 */
export const DROID_IMITATION_MODEL = 'custom:Imitation-0';

/**
 * Prepares `home` (a throwaway HOME) so Factory Droid (0.225) runs without a Factory account and
 * calls the imitation: airgap mode (`FACTORY_AIRGAP_ENABLED=1`) skips the login and every Factory
 * service call and offers only custom models; one custom model speaks OpenAI Chat Completions to
 * `<imitationUrl>/v1` (a model name that is not an OpenAI one: Droid warns when a GPT name uses the
 * chat-completions provider). `workDirs` are pre-trusted. Returns the environment to run it with.
 */
export function prepareDroidHome(home: string, imitationUrl: string, workDirs: readonly string[]): Record<string, string> {
  const factory = join(home, '.factory');
  mkdirSync(factory, { recursive: true });
  const trustedAt = new Date(0).toISOString();
  writeFileSync(
    join(factory, 'settings.json'),
    `${JSON.stringify(
      {
        customModels: [
          {
            model: 'imitation-model',
            displayName: 'Imitation',
            baseUrl: `${imitationUrl}/v1`,
            apiKey: 'sk-imitation',
            provider: 'generic-chat-completion-api',
          },
        ],
        logoAnimation: 'off',
        trustedFolders: Object.fromEntries(workDirs.map((dir) => [dir, { trustedAt }])),
      },
      null,
      2,
    )}\n`,
  );
  return {
    HOME: home,
    FACTORY_AIRGAP_ENABLED: '1',
    // Never let a test's Droid update itself.
    FACTORY_DROID_AUTO_UPDATE_ENABLED: 'false',
    // Credentials (none here) stay in the throwaway home, never the machine's keyring.
    FACTORY_DISABLE_KEYRING: '1',
  };
}
