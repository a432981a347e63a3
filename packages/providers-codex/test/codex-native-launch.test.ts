import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REAL_CLI_VERSIONS, realCliBinary, realClisRequired } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { codexNativeLaunch } from '../src/codex-native-launch.js';

const codex = realCliBinary('codex');
const run = codex || realClisRequired() ? it : it.skip;
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** An npm install laid out as `@openai/codex` 0.169 lays it out: the wrapper, and a platform package when asked. */
function npmInstall(options: { readonly name?: string; readonly platformPackage?: boolean; readonly vendorInPackage?: boolean }) {
  const root = mkdtempSync(join(tmpdir(), 'agentpool-codex-npm-'));
  folders.push(root);
  const packageRoot = join(root, 'node_modules', '@openai', 'codex');
  mkdirSync(join(packageRoot, 'bin'), { recursive: true });
  writeFileSync(join(packageRoot, 'package.json'), JSON.stringify({ name: options.name ?? '@openai/codex', version: '0.169.0' }));
  writeFileSync(join(packageRoot, 'bin', 'codex.js'), '#!/usr/bin/env node\n');
  chmodSync(join(packageRoot, 'bin', 'codex.js'), 0o755);
  const executable = (vendor: string) => {
    const path = join(vendor, 'x86_64-unknown-linux-musl', 'bin', 'codex');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  };
  let native: string | null = null;
  if (options.platformPackage) {
    const platformRoot = join(root, 'node_modules', '@openai', 'codex-linux-x64');
    mkdirSync(platformRoot, { recursive: true });
    writeFileSync(join(platformRoot, 'package.json'), JSON.stringify({ name: '@openai/codex', version: '0.169.0-linux-x64' }));
    native = executable(join(platformRoot, 'vendor'));
  }
  if (options.vendorInPackage) native = executable(join(packageRoot, 'vendor'));
  // What `npm install` links into node_modules/.bin.
  mkdirSync(join(root, 'node_modules', '.bin'));
  const bin = join(root, 'node_modules', '.bin', 'codex');
  symlinkSync('../@openai/codex/bin/codex.js', bin);
  return { bin, packageRoot: realpathSync(packageRoot), native };
}

describe('codexNativeLaunch: the native Codex the npm wrapper would start', () => {
  it('follows the .bin link to the wrapper and finds the platform package’s executable, with the wrapper’s variables', () => {
    const install = npmInstall({ platformPackage: true });
    expect(codexNativeLaunch(install.bin, 'linux-x64')).toEqual({
      command: install.native,
      env: { CODEX_MANAGED_PACKAGE_ROOT: install.packageRoot, CODEX_MANAGED_BY_NPM: '1' },
    });
  });

  it('an older package carrying vendor/ itself', () => {
    const install = npmInstall({ vendorInPackage: true });
    expect(codexNativeLaunch(install.bin, 'linux-x64').command).toBe(install.native);
  });

  it('anything else is started as it is: a missing platform package, another package, another platform, a native install, a bare name', () => {
    const missing = npmInstall({});
    expect(codexNativeLaunch(missing.bin, 'linux-x64')).toEqual({ command: missing.bin, env: {} });
    const other = npmInstall({ name: 'not-codex', platformPackage: true });
    expect(codexNativeLaunch(other.bin, 'linux-x64')).toEqual({ command: other.bin, env: {} });
    const install = npmInstall({ platformPackage: true });
    expect(codexNativeLaunch(install.bin, 'sunos-x64')).toEqual({ command: install.bin, env: {} });
    expect(codexNativeLaunch(install.native as string, 'linux-x64')).toEqual({ command: install.native, env: {} });
    expect(codexNativeLaunch('codex', 'linux-x64')).toEqual({ command: 'codex', env: {} });
  });

  run(
    `the real ${REAL_CLI_VERSIONS.codex.package}@${REAL_CLI_VERSIONS.codex.version}: the native executable reports the version the wrapper reports`,
    () => {
      const launch = codexNativeLaunch(codex as string);
      expect(launch.command).not.toBe(codex);
      expect(launch.command).toMatch(/\/vendor\/[a-z0-9_-]+\/bin\/codex$/);
      const version = (command: string) =>
        execFileSync(command, ['--version'], { encoding: 'utf8', env: { ...process.env, ...launch.env } }).trim();
      expect(version(launch.command)).toBe(`codex-cli ${REAL_CLI_VERSIONS.codex.version}`);
      expect(version(launch.command)).toBe(version(codex as string));
    },
  );
});
