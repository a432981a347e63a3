import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelInfo, parseJsonObject } from '@agentpool/core';

/**
 * opencode's model catalog is the user's: `opencode models` lists every `provider/model` usable
 * with the credentials and config it finds (OpenCode Zen's free models need none); the default is
 * the `model` of the user's config (read from its files, not with `opencode debug config`: every
 * opencode run tries to install its plugin package into the config folder, and runs at once wait
 * on each other — a worker started just after waited 60 s). A model it does
 * not know is not passed on: opencode 1.18.33 answers `-m unknown/model` with a toast ("Model … is
 * not valid") and runs on its default model instead.
 */

/** Lines of `opencode models` that name a model (`provider/model`, the model id may hold slashes). */
const MODEL_LINE = /^[A-Za-z0-9][\w.@-]*\/\S+$/;

export function parseModelList(stdout: string, defaultModel: string | null): ModelInfo[] {
  const ids = [...new Set(stdout.split('\n').map((line) => line.trim()))].filter((line) => MODEL_LINE.test(line));
  return ids.map((id) => ({ id, ...(id === defaultModel ? { isDefault: true } : {}) }));
}

/** The global config files opencode reads from `$XDG_CONFIG_HOME/opencode`. */
const CONFIG_FILES = ['config.json', 'opencode.json', 'opencode.jsonc'] as const;

/**
 * Runs `opencode models` with a throwaway config folder holding copies of the user's global config
 * files. Every opencode run tries to install its plugin package into each config folder it reads,
 * under a lock; a run that ends first leaves the lock behind and the next opencode in that folder
 * (the worker the catalog was read for) waited 60 s for it. The copy keeps that lock away from the
 * user's folder.
 */
export async function listModels(
  binary: string,
  env: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal | undefined,
): Promise<OpencodeRun> {
  const configHome = env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config');
  const scratch = mkdtempSync(join(tmpdir(), 'agentpool-opencode-models-'));
  try {
    mkdirSync(join(scratch, 'opencode'));
    for (const name of CONFIG_FILES) {
      const file = join(configHome, 'opencode', name);
      if (existsSync(file)) copyFileSync(file, join(scratch, 'opencode', name));
    }
    return await runOpencode(binary, ['models'], { env: { ...env, XDG_CONFIG_HOME: scratch }, signal });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The `model` of one config document (JSON), or null. */
export function parseDefaultModel(text: string): string | null {
  const config = parseJsonObject(text.trim());
  return typeof config?.model === 'string' && config.model !== '' ? config.model : null;
}

/**
 * The default model of the user's config, as opencode merges it (later wins): the global files in
 * `$XDG_CONFIG_HOME/opencode`, then `OPENCODE_CONFIG`, then `OPENCODE_CONFIG_CONTENT`. Files with
 * comments (JSONC) are skipped; null when none names a model.
 */
export function defaultModelFromConfig(env: Readonly<Record<string, string | undefined>>): string | null {
  const configHome = env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config');
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const documents = [
    ...CONFIG_FILES.map((name) => read(join(configHome, 'opencode', name))),
    env.OPENCODE_CONFIG ? read(env.OPENCODE_CONFIG) : '',
    env.OPENCODE_CONFIG_CONTENT ?? '',
  ];
  let model: string | null = null;
  for (const document of documents) model = parseDefaultModel(document) ?? model;
  return model;
}

/** What a run printed, or why it failed (the last words of its error output). */
export type OpencodeRun =
  | { readonly stdout: string; readonly failure?: undefined }
  | { readonly stdout?: undefined; readonly failure: string };

/** Runs the CLI without a terminal or standard input; a failure when it fails, runs out of time or is aborted. */
export function runOpencode(
  binary: string,
  args: readonly string[],
  options: { env: Readonly<Record<string, string | undefined>>; signal?: AbortSignal | undefined; timeoutMs?: number },
): Promise<OpencodeRun> {
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
      (error, stdout, stderr) =>
        done(error ? { failure: `${error.message.split('\n')[0]}${stderr.trim() ? `: ${stderr.trim().slice(-300)}` : ''}` } : { stdout }),
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
