import { execFile } from 'node:child_process';
import { type ModelInfo, parseJsonObject } from '@agentpool/core';

/**
 * opencode's model catalog is the user's: `opencode models` lists every `provider/model` usable
 * with the credentials and config it finds (OpenCode Zen's free models need none), and
 * `opencode debug config` shows the resolved config, whose `model` is the default. A model it does
 * not know is not passed on: opencode 1.18.33 answers `-m unknown/model` with a toast ("Model … is
 * not valid") and runs on its default model instead.
 */

/** Lines of `opencode models` that name a model (`provider/model`, the model id may hold slashes). */
const MODEL_LINE = /^[A-Za-z0-9][\w.@-]*\/\S+$/;

export function parseModelList(stdout: string, defaultModel: string | null): ModelInfo[] {
  const ids = [...new Set(stdout.split('\n').map((line) => line.trim()))].filter((line) => MODEL_LINE.test(line));
  return ids.map((id) => ({ id, ...(id === defaultModel ? { isDefault: true } : {}) }));
}

/** The default model in `opencode debug config`'s output, or null. */
export function parseDefaultModel(stdout: string): string | null {
  const config = parseJsonObject(stdout.trim());
  return typeof config?.model === 'string' && config.model !== '' ? config.model : null;
}

/** Runs the CLI without a terminal or standard input; null when it fails, runs out of time or is aborted. */
export function runOpencode(
  binary: string,
  args: readonly string[],
  options: { env: Readonly<Record<string, string | undefined>>; signal?: AbortSignal | undefined; timeoutMs?: number },
): Promise<string | null> {
  return new Promise((done) => {
    const child = execFile(
      binary,
      [...args],
      {
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 10_000,
        signal: options.signal,
        env: options.env as NodeJS.ProcessEnv,
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout) => done(error ? null : stdout),
    );
    child.stdin?.end();
  });
}

/**
 * What a catalog read may not do: fetch the models.dev list, check for updates, or install
 * opencode's plugin package into a config folder from the npm registry (it does that at start-up
 * for every config folder whose `node_modules` is missing).
 */
export const OFFLINE_ENV = {
  OPENCODE_DISABLE_MODELS_FETCH: '1',
  OPENCODE_DISABLE_AUTOUPDATE: '1',
  npm_config_offline: 'true',
} as const;
