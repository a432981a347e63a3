import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Devin reads its user settings from `$XDG_CONFIG_HOME/devin/config.json` (default
 * `~/.config/devin/config.json`): JSON that may hold comments. `--config <path>` replaces only that
 * user layer (project `.devin/` files still apply), so a per-worker config must start from a copy of
 * the user's own, or the worker would lose the user's model, permissions and MCP servers.
 */
export function devinUserConfigPath(env: Readonly<Record<string, string | undefined>>): string {
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(configHome, 'devin', 'config.json');
}

/** What a user config file held: an object, nothing (no file), or something agentpool must not rewrite. */
export type UserConfig =
  | { readonly kind: 'object'; readonly value: Record<string, unknown> }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unreadable' };

/** Reads the user's config without changing it; `read` returns null for a missing file. */
export function readDevinUserConfig(path: string, read: (path: string) => string | null = readIfPresent): UserConfig {
  let text: string | null;
  try {
    text = read(path);
  } catch {
    return { kind: 'unreadable' };
  }
  if (text === null) return { kind: 'absent' };
  if (text.trim() === '') return { kind: 'object', value: {} };
  const value = parseJsonWithComments(text);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? { kind: 'object', value: value as Record<string, unknown> }
    : { kind: 'unreadable' };
}

function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** JSON with `//` and `/* *\/` comments and trailing commas (what Devin's config files allow); undefined when it is not. */
export function parseJsonWithComments(text: string): unknown {
  let out = '';
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const next = text[index + 1];
    if (inString) {
      out += char;
      if (char === '\\') {
        out += next ?? '';
        index++;
      } else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && next === '/') {
      while (index < text.length && text[index] !== '\n') index++;
      out += '\n';
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      if (end < 0) return undefined;
      index = end + 1;
      out += ' ';
    } else out += char;
  }
  try {
    return JSON.parse(withoutTrailingCommas(out));
  } catch {
    return undefined;
  }
}

/** Drops a comma that only whitespace separates from a closing bracket (outside strings). */
function withoutTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (inString) {
      out += char;
      if (char === '\\') {
        out += text[index + 1] ?? '';
        index++;
      } else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    if (char === ',') {
      let ahead = index + 1;
      while (ahead < text.length && /\s/.test(text[ahead] ?? '')) ahead++;
      if (text[ahead] === '}' || text[ahead] === ']') continue;
    }
    out += char;
  }
  return out;
}
