import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** How to start Codex without a stop in between: the program and what it adds to the environment. */
export interface CodexLaunch {
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The npm package `@openai/codex` (0.169) installs `bin/codex.js`, a Node script that finds the
 * native executable in the platform package (`@openai/codex-linux-x64`, …, under
 * `vendor/<target triple>/bin/codex`) and starts it with `CODEX_MANAGED_PACKAGE_ROOT` and
 * `CODEX_MANAGED_BY_NPM=1` set. On Node < 22.15 the script stays alive as the parent: a second
 * process, ~0.15 s of CPU per start.
 */
const NPM_PACKAGE = '@openai/codex';
const TARGETS: Readonly<Record<string, { readonly triple: string; readonly platformPackage: string }>> = {
  'linux-x64': { triple: 'x86_64-unknown-linux-musl', platformPackage: '@openai/codex-linux-x64' },
  'linux-arm64': { triple: 'aarch64-unknown-linux-musl', platformPackage: '@openai/codex-linux-arm64' },
  'darwin-x64': { triple: 'x86_64-apple-darwin', platformPackage: '@openai/codex-darwin-x64' },
  'darwin-arm64': { triple: 'aarch64-apple-darwin', platformPackage: '@openai/codex-darwin-arm64' },
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function packageName(root: string): string | null {
  try {
    const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

function nativeExecutable(packageRoot: string, target: { readonly triple: string; readonly platformPackage: string }): string | null {
  const vendorRoots: string[] = [];
  try {
    const manifest = createRequire(join(packageRoot, 'package.json')).resolve(`${target.platformPackage}/package.json`);
    vendorRoots.push(join(dirname(manifest), 'vendor'));
  } catch {
    // Older packages carried the binaries themselves.
  }
  vendorRoots.push(join(packageRoot, 'vendor'));
  for (const vendor of vendorRoots) {
    const executable = join(vendor, target.triple, 'bin', 'codex');
    if (isExecutable(executable)) return executable;
  }
  return null;
}

/**
 * What to start for `binary`: when it is the npm package's Node wrapper, the native executable the
 * wrapper would start, with the environment the wrapper would give it; anything else (a native
 * install, a stand-in, a wrapper whose platform package is missing) unchanged. Resolved on every
 * call (a few file reads), so an upgrade in place is picked up by a long-running process. Used where
 * Codex is started often and briefly (the app-server of a usage read), never for a worker's TUI.
 */
export function codexNativeLaunch(binary: string, platform = `${process.platform}-${process.arch}`): CodexLaunch {
  const asIs: CodexLaunch = { command: binary, env: {} };
  const target = TARGETS[platform];
  if (!target) return asIs;
  let script: string;
  try {
    script = realpathSync(binary);
  } catch {
    return asIs; // a bare name or a missing file: the spawn reports it
  }
  if (basename(script) !== 'codex.js' || basename(dirname(script)) !== 'bin') return asIs;
  const packageRoot = dirname(dirname(script));
  if (packageName(packageRoot) !== NPM_PACKAGE) return asIs;
  const executable = nativeExecutable(packageRoot, target);
  if (!executable) return asIs; // the wrapper explains a missing platform package itself
  return { command: executable, env: { CODEX_MANAGED_PACKAGE_ROOT: packageRoot, CODEX_MANAGED_BY_NPM: '1' } };
}
