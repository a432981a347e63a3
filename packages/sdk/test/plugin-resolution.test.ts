import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePluginSpecifier } from '../src/plugin-resolution.js';

let root: string;
let configDir: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-resolve-')));
  configDir = join(root, 'home');
  mkdirSync(configDir, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes files under `dir`; a `package.json` value that is an object is written as JSON. */
function writeFiles(dir: string, files: Record<string, string | object>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
}

const url = (path: string) => pathToFileURL(path).href;

describe('resolvePluginSpecifier', () => {
  it('resolves a file path against the config folder', () => {
    expect(resolvePluginSpecifier('./my-plugin.mjs', configDir)).toBe(url(join(configDir, 'my-plugin.mjs')));
    expect(resolvePluginSpecifier('/opt/plugin.mjs', configDir)).toBe(url('/opt/plugin.mjs'));
  });

  it('finds an ESM-only scoped package beside config.yaml through its import condition', () => {
    const pkg = join(configDir, 'node_modules', '@acme', 'agentpool-echo');
    writeFiles(pkg, {
      'package.json': {
        name: '@acme/agentpool-echo',
        type: 'module',
        exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './extra': { import: './dist/extra.js' } },
      },
    });
    expect(resolvePluginSpecifier('@acme/agentpool-echo', configDir)).toBe(url(join(pkg, 'dist', 'index.js')));
    expect(resolvePluginSpecifier('@acme/agentpool-echo/extra', configDir)).toBe(url(join(pkg, 'dist', 'extra.js')));
  });

  it('finds a package in a parent folder, by `exports` string, `main` or index.js', () => {
    writeFiles(join(root, 'node_modules'), {
      'by-exports/package.json': { name: 'by-exports', exports: './lib/plugin.js' },
      'by-main/package.json': { name: 'by-main', main: 'lib/main.js' },
      'by-index/package.json': { name: 'by-index' },
      'by-pattern/package.json': { name: 'by-pattern', exports: { './providers/*': './dist/*.js' } },
    });
    const modules = join(root, 'node_modules');
    expect(resolvePluginSpecifier('by-exports', configDir)).toBe(url(join(modules, 'by-exports', 'lib', 'plugin.js')));
    expect(resolvePluginSpecifier('by-main', configDir)).toBe(url(join(modules, 'by-main', 'lib', 'main.js')));
    expect(resolvePluginSpecifier('by-index', configDir)).toBe(url(join(modules, 'by-index', 'index.js')));
    expect(resolvePluginSpecifier('by-pattern/providers/echo', configDir)).toBe(url(join(modules, 'by-pattern', 'dist', 'echo.js')));
  });

  it('a package that is not installed beside the config, or hides the path asked for, is a config error naming it', () => {
    expect(() => resolvePluginSpecifier('not-installed-plugin', configDir)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.objectContaining({ plugin: 'not-installed-plugin' }) }),
    );
    writeFiles(join(configDir, 'node_modules'), { 'closed/package.json': { name: 'closed', exports: { '.': './index.js' } } });
    expect(() => resolvePluginSpecifier('closed/internal', configDir)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
