import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The absolute path of `name` as a shell would find it on `env.PATH` (or `name` itself when it has a slash), or null. */
export function findExecutable(name: string, env: Readonly<Record<string, string | undefined>>): string | null {
  const candidates = name.includes('/')
    ? [isAbsolute(name) ? name : resolve(name)]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // Not here; try the next folder.
    }
  }
  return null;
}

/**
 * The first line a program prints for its version flag, or null when it fails, takes longer than
 * `timeoutMs`, or the signal aborts. Never interactive: stdin is closed.
 */
export function readVersion(
  binary: string,
  args: readonly string[],
  options: { env?: Readonly<Record<string, string | undefined>>; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string | null> {
  return new Promise((done) => {
    const child = execFile(
      binary,
      [...args],
      { encoding: 'utf8', timeout: options.timeoutMs ?? 5000, signal: options.signal, env: options.env as NodeJS.ProcessEnv | undefined },
      (error, stdout) => done(error ? null : (stdout.trim().split('\n')[0]?.trim() ?? null)),
    );
    child.stdin?.end();
  });
}

/**
 * The binary a provider runs: config `providers.<id>.binary` when set (a name on PATH or a path),
 * else the first of `candidates` found on PATH; null when none is installed.
 */
export function findProviderBinary(
  context: { readonly env: Readonly<Record<string, string | undefined>>; readonly settings: { readonly binary?: string | undefined } },
  candidates: readonly string[],
): string | null {
  if (context.settings.binary) return findExecutable(context.settings.binary, context.env);
  for (const name of candidates) {
    const found = findExecutable(name, context.env);
    if (found) return found;
  }
  return null;
}
