import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realCliDir } from './real-cli.js';

/** The model the imitation is asked for (Copilot needs a model name with a custom provider). */
export const IMITATION_COPILOT_MODEL = 'gpt-4o';

/**
 * Where the real Copilot CLI unpacks its runtime (~235 MB, on first start) for tests: one folder
 * beside the installed CLIs, shared by every throwaway HOME, instead of `$HOME/.cache/copilot`.
 */
export function copilotPackageCache(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(realCliDir(env), 'copilot-cache');
}

/**
 * Prepares `home` (a throwaway HOME) so GitHub Copilot CLI runs offline against the imitation's
 * OpenAI Chat Completions endpoint (a custom provider needs no GitHub login), never updates
 * itself, and trusts `workDirs` (`trustedFolders` in `~/.copilot/config.json`). Returns the
 * environment to run it with.
 */
export function prepareCopilotHome(home: string, imitationUrl: string, workDirs: readonly string[]): Record<string, string> {
  const config = join(home, '.copilot');
  mkdirSync(config, { recursive: true });
  writeFileSync(join(config, 'config.json'), `${JSON.stringify({ trustedFolders: workDirs }, null, 2)}\n`);
  return {
    HOME: home,
    COPILOT_OFFLINE: 'true',
    COPILOT_PROVIDER_BASE_URL: `${imitationUrl}/v1`,
    COPILOT_MODEL: IMITATION_COPILOT_MODEL,
    COPILOT_AUTO_UPDATE: 'false',
    COPILOT_PKG_CACHE_HOME: copilotPackageCache(),
  };
}
