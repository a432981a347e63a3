import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { AgentPoolError } from './errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where a shell would look for `name`: itself when it has a slash, else each folder of `env.PATH`. */
function lookupPaths(name: string, env: Env): string[] {
  return name.includes('/')
    ? [isAbsolute(name) ? name : resolve(name)]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
}

/** The absolute path of `name` as a shell would find it on `env.PATH` (or `name` itself when it has a slash), or null. */
export function findExecutable(name: string, env: Env): string | null {
  for (const candidate of lookupPaths(name, env)) {
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

/** The first file a shell would have run for `name` had it been executable, or null. */
function nonExecutableFile(name: string, env: Env): string | null {
  for (const candidate of lookupPaths(name, env)) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here; try the next folder.
    }
  }
  return null;
}

/**
 * The binary a provider runs: config `providers.<id>.binary` when set (a name on PATH or a path),
 * else the first of `candidates` found on PATH; null when none is installed. A file that is there but
 * lacks the execute permission is not "not installed": it fails with PROVIDER_NOT_EXECUTABLE naming
 * the file, so the user fixes the permission instead of reinstalling.
 */
export function findProviderBinary(
  context: { readonly env: Env; readonly settings: { readonly binary?: string | undefined } },
  candidates: readonly string[],
): string | null {
  const names = context.settings.binary ? [context.settings.binary] : candidates;
  for (const name of names) {
    const found = findExecutable(name, context.env);
    if (found) return found;
  }
  // A generic fallback name (Cursor's `agent`) may be another program's file: only the configured
  // binary, else the provider's own first name, is reported as there but not executable.
  for (const name of names.slice(0, 1)) {
    const blocked = nonExecutableFile(name, context.env);
    if (blocked) {
      throw new AgentPoolError('PROVIDER_NOT_EXECUTABLE', `${blocked} exists but is not executable.`, {
        details: { path: blocked },
        hint: `chmod +x ${blocked}, or point providers.<id>.binary in config.yaml at the right file.`,
      });
    }
  }
  return null;
}
