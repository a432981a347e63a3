import { isDeepStrictEqual } from 'node:util';
import type { ServerEntry } from './mcp-clients.js';

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * A parsed config value as plain data, for comparing two parses: null-prototype objects (smol-toml)
 * become ordinary ones and dates their text, so only content counts.
 */
export function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Date) return { date: String(value.toISOString?.() ?? value) };
  if (typeof value === 'object' && value !== null) {
    const out: PlainObject = {};
    for (const [key, inner] of Object.entries(value)) out[key] = plainValue(inner);
    return out;
  }
  return value;
}

export function sameValue(left: unknown, right: unknown): boolean {
  return isDeepStrictEqual(plainValue(left), plainValue(right));
}

/**
 * The entry a client ends up with: the user's own keys kept (env, timeouts, trust, disabled…),
 * agentpool's owned keys set, its defaults filled in where absent, remote-transport keys dropped.
 */
export function mergedEntry(existing: unknown, entry: ServerEntry, removeKeys: readonly string[]): PlainObject {
  const merged: PlainObject = isPlainObject(existing) ? { ...(plainValue(existing) as PlainObject) } : {};
  for (const key of removeKeys) delete merged[key];
  for (const [key, value] of Object.entries(entry.owned)) merged[key] = value;
  for (const [key, value] of Object.entries(entry.defaults)) if (!(key in merged)) merged[key] = value;
  return merged;
}

/** `config` with `servers[name]` set to `value` (or removed when `value` is undefined); `config` itself is not changed. */
export function withServer(config: unknown, serversKey: string, name: string, value: unknown): PlainObject {
  const root = isPlainObject(config) ? (plainValue(config) as PlainObject) : {};
  const servers = isPlainObject(root[serversKey]) ? { ...(root[serversKey] as PlainObject) } : {};
  if (value === undefined) delete servers[name];
  else servers[name] = plainValue(value);
  return { ...root, [serversKey]: servers };
}
