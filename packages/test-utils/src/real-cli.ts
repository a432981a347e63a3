import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OPENCODE_REAL_CLI } from './real-cli-opencode.js';

/**
 * The real agent CLIs, installed from the npm registry into a private folder (never globally), and
 * the throwaway homes that make them talk to the model imitation on 127.0.0.1 instead of a cloud.
 * `scripts/install-real-clis.sh` installs them; tests that need one skip with a reason when it is
 * missing, except in CI where `AGENTPOOL_REQUIRE_REAL_CLIS=1` turns a missing CLI into a failure.
 */

/** The versions the captures and integration tests are made with. */
export const REAL_CLI_VERSIONS = {
  'claude-code': { package: '@anthropic-ai/claude-code', version: '2.1.197', binary: 'claude' },
  codex: { package: '@openai/codex', version: '0.169.0', binary: 'codex' },
  // The `@factory/cli` wrapper (0.225.1) is broken on linux-x64; its platform package works on its
  // own, holds the binary itself and links nothing into node_modules/.bin.
  droid: { package: '@factory/cli-linux-x64', version: '0.225.2', binary: 'droid', path: 'node_modules/@factory/cli-linux-x64/bin/droid' },
  copilot: { package: '@github/copilot', version: '1.0.102', binary: 'copilot' },
  gemini: { package: '@google/gemini-cli', version: '0.61.0', binary: 'gemini' },
  opencode: OPENCODE_REAL_CLI,
} as const;

export type RealCli = keyof typeof REAL_CLI_VERSIONS;

/** Where the real CLIs are installed: `AGENTPOOL_REAL_CLI_DIR`, else `~/.cache/agentpool-real-clis`. */
export function realCliDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.AGENTPOOL_REAL_CLI_DIR ?? join(env.HOME ?? homedir(), '.cache', 'agentpool-real-clis');
}

/** The folder of the real CLIs' commands (node_modules/.bin of the real-CLI folder): put first on a worker's PATH. */
export function realCliBinDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(realCliDir(env), 'node_modules', '.bin');
}

/** The installed binary of a real CLI, or null when it is not installed. */
export function realCliBinary(cli: RealCli, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const entry: { readonly binary: string; readonly path?: string } = REAL_CLI_VERSIONS[cli];
  const path = entry.path ? join(realCliDir(env), entry.path) : join(realCliBinDir(env), entry.binary);
  return existsSync(path) ? path : null;
}

/** Whether a missing real CLI must fail the run instead of skipping (CI sets it). */
export function realClisRequired(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.AGENTPOOL_REQUIRE_REAL_CLIS === '1';
}

/** A fake API key of the right shape; the imitation accepts any. */
export const IMITATION_ANTHROPIC_KEY = 'sk-ant-api03-imitation-key-for-tests-000000000000';

/**
 * Prepares `home` (a throwaway HOME) so Claude Code starts without onboarding, accepts the API key
 * without asking, trusts `workDirs`, and calls the imitation. Returns the environment to run it with.
 */
export function prepareClaudeHome(home: string, imitationUrl: string, workDirs: readonly string[]): Record<string, string> {
  mkdirSync(home, { recursive: true });
  const projects = Object.fromEntries(workDirs.map((dir) => [dir, { hasTrustDialogAccepted: true }]));
  writeFileSync(
    join(home, '.claude.json'),
    JSON.stringify({
      hasCompletedOnboarding: true,
      customApiKeyResponses: { approved: [IMITATION_ANTHROPIC_KEY.slice(-20)], rejected: [] },
      projects,
    }),
  );
  return {
    HOME: home,
    ANTHROPIC_BASE_URL: imitationUrl,
    ANTHROPIC_API_KEY: IMITATION_ANTHROPIC_KEY,
    // Claude Code's auto-updater runs `npm install --global` when it reaches the registry.
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
}

/**
 * Prepares a CODEX_HOME under `home` whose model provider is the imitation (Responses API) and
 * which trusts `workDirs`. Returns the environment to run Codex with.
 */
export function prepareCodexHome(home: string, imitationUrl: string, workDirs: readonly string[]): Record<string, string> {
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  const trust = workDirs.map((dir) => `[projects.${JSON.stringify(dir)}]\ntrust_level = "trusted"\n`).join('\n');
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      'model_provider = "imitation"',
      'model = "gpt-4o"',
      'check_for_update_on_startup = false',
      '',
      '[model_providers.imitation]',
      'name = "imitation"',
      `base_url = "${imitationUrl}/v1"`,
      'wire_api = "responses"',
      '',
      trust,
    ].join('\n'),
  );
  return { HOME: home, CODEX_HOME: codexHome };
}
