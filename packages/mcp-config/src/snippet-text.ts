import { blockJson } from './jsonc-text-edit.js';
import type { TextLayout } from './text-layout.js';

/** A whole JSON document laid out with the file's indentation and line ends, ending in a line end. */
export function blockJsonDocument(value: unknown, layout: TextLayout): string {
  return `${blockJson(value, '', layout)}${layout.eol}`;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A TOML key: bare when it can be, else a basic string. */
export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key);
}

/**
 * A TOML value for the plain data agentpool writes (strings, numbers, booleans, arrays, tables).
 * JSON's string escapes are TOML basic-string escapes; the edited file is parsed again before it
 * is written, so anything TOML would read differently is caught there.
 */
export function tomlValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value)
      .map(([key, inner]) => `${tomlKey(key)} = ${tomlValue(inner)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  throw new TypeError(`No TOML form for ${typeof value}.`);
}

/** `[table]` and its `key = value` lines. */
export function tomlTable(path: readonly string[], entries: Readonly<Record<string, unknown>>, eol = '\n'): string {
  const lines = [
    `[${path.map(tomlKey).join('.')}]`,
    ...Object.entries(entries).map(([key, value]) => `${tomlKey(key)} = ${tomlValue(value)}`),
  ];
  return `${lines.join(eol)}${eol}`;
}
