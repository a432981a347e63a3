import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AgentPoolError } from '@agentpool/core';

/** Export conditions a plugin is loaded under, in the order Node's `import` tries them. */
const CONDITIONS = ['import', 'node', 'default'];

type ExportTarget = string | null | readonly ExportTarget[] | { readonly [key: string]: ExportTarget };

/** `@scope/name/sub/path` → `@scope/name` and `./sub/path`. */
function splitPackageSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(length).join('/');
  return { name: parts.slice(0, length).join('/'), subpath: rest ? `./${rest}` : '.' };
}

/** A conditional target: the first of `import`, `node`, `default` that leads to a path. */
function conditionalTarget(target: ExportTarget | undefined, star: string | null): string | null {
  if (target === undefined || target === null) return null;
  if (typeof target === 'string') return star === null ? target : target.split('*').join(star);
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = conditionalTarget(item, star);
      if (found) return found;
    }
    return null;
  }
  const conditions = target as { readonly [key: string]: ExportTarget };
  for (const [condition, value] of Object.entries(conditions)) {
    if (!CONDITIONS.includes(condition)) continue;
    const found = conditionalTarget(value, star);
    if (found) return found;
  }
  return null;
}

/** The file an `exports` field maps `subpath` to (exact keys, then `*` patterns), or null. */
function exportedPath(exports: ExportTarget, subpath: string): string | null {
  const isSubpathMap =
    typeof exports === 'object' && exports !== null && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? conditionalTarget(exports, null) : null;
  const map = exports as { readonly [key: string]: ExportTarget };
  if (subpath in map) return conditionalTarget(map[subpath], null);
  for (const [key, target] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.length >= key.length - 1 && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      return conditionalTarget(target, subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return null;
}

function notFound(specifier: string, configDir: string, reason: string): AgentPoolError {
  return new AgentPoolError('CONFIG_INVALID', `Cannot find provider plugin "${specifier}": ${reason}.`, {
    details: { plugin: specifier, config_dir: configDir },
    hint: `cd ${configDir} && npm install ${splitPackageSpecifier(specifier).name}   (or remove it from config \`plugins:\`)`,
  });
}

/**
 * The file URL of a plugin named in config `plugins:`. A path is relative to the config folder; a
 * package name is looked up in `node_modules` from the config folder upwards (the folders
 * `createRequire(<config folder>/package.json)` searches), never beside agentpool itself, and
 * loaded through its `import` export.
 */
export function resolvePluginSpecifier(specifier: string, configDir: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return pathToFileURL(resolve(configDir, specifier)).href;
  const { name, subpath } = splitPackageSpecifier(specifier);
  const searched = createRequire(join(configDir, 'package.json')).resolve.paths(name) ?? [];
  const packageDir = searched.map((folder) => join(folder, name)).find((folder) => existsSync(join(folder, 'package.json')));
  if (!packageDir) throw notFound(specifier, configDir, `no package ${name} in node_modules of ${configDir} or a folder above it`);
  let manifest: { exports?: ExportTarget; main?: string };
  try {
    manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  } catch (error) {
    throw notFound(specifier, configDir, `${join(packageDir, 'package.json')} cannot be read: ${(error as Error).message}`);
  }
  let target: string | null;
  if (manifest.exports !== undefined) target = exportedPath(manifest.exports, subpath);
  else if (subpath === '.') target = manifest.main ?? 'index.js';
  else target = subpath;
  if (!target) throw notFound(specifier, configDir, `package ${name} exports no "${subpath}" for import`);
  return pathToFileURL(resolve(packageDir, target)).href;
}
