import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fake Gemini API key; the imitation accepts any. */
export const IMITATION_GEMINI_KEY = 'AIzaSy-imitation-key-for-tests-0000000000';

/**
 * Prepares `home` (a throwaway HOME) so Gemini CLI starts without asking how to authenticate (an
 * API key), trusts `workDirs`, never looks for updates or sends usage statistics, and calls the
 * imitation (`GOOGLE_GEMINI_BASE_URL`: its Gemini API, `/v1beta/models/<model>:streamGenerateContent`).
 * `settings` is merged into `~/.gemini/settings.json`. Returns the environment to run it with.
 */
export function prepareGeminiHome(
  home: string,
  imitationUrl: string,
  workDirs: readonly string[],
  settings: Readonly<Record<string, unknown>> = {},
): Record<string, string> {
  const dir = join(home, '.gemini');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'settings.json'),
    `${JSON.stringify(
      {
        security: { auth: { selectedType: 'gemini-api-key' } },
        general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
        privacy: { usageStatisticsEnabled: false },
        ...settings,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(dir, 'trustedFolders.json'), JSON.stringify(Object.fromEntries(workDirs.map((path) => [path, 'TRUST_FOLDER']))), {
    mode: 0o600,
  });
  return { HOME: home, GEMINI_API_KEY: IMITATION_GEMINI_KEY, GOOGLE_GEMINI_BASE_URL: imitationUrl };
}
