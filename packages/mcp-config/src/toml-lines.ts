/*
 * A TOML file as lines, each knowing whether it starts at the top level (not inside a multi-line
 * string, array or inline table) and, if it is a table header, the header's key path. Enough to
 * splice one table in or out line by line, so comments and layout elsewhere stay byte for byte.
 */

export interface TomlHeader {
  readonly path: readonly string[];
  /** `[[array.of.tables]]` rather than `[table]`. */
  readonly array: boolean;
}

export interface TomlLine {
  /** The line with its line end. */
  readonly text: string;
  /** Whether the line starts outside any multi-line string, array or inline table. */
  readonly topLevel: boolean;
  readonly header: TomlHeader | null;
  /** The single key of a `key = value` line at the top level (`null` for dotted keys and other lines). */
  readonly key: string | null;
}

type StringState = 'none' | 'basic' | 'literal';

interface ScanState {
  multiline: StringState;
  depth: number;
}

/** Advances the scan state over one line. */
function scanLine(line: string, state: ScanState): void {
  let index = 0;
  while (index < line.length) {
    if (state.multiline !== 'none') {
      const quote = state.multiline === 'basic' ? '"' : "'";
      if (state.multiline === 'basic' && line[index] === '\\') {
        index += 2;
        continue;
      }
      if (line.startsWith(quote.repeat(3), index)) {
        // Up to two quotes may end the content right before the closing three.
        let run = 3;
        while (run < 5 && line[index + run] === quote) run++;
        index += run;
        state.multiline = 'none';
        continue;
      }
      index++;
      continue;
    }
    const char = line[index];
    if (char === '#') return;
    if (char === '"' || char === "'") {
      if (line.startsWith(char.repeat(3), index)) {
        state.multiline = char === '"' ? 'basic' : 'literal';
        index += 3;
        continue;
      }
      index++;
      while (index < line.length && line[index] !== char && line[index] !== '\n') {
        if (char === '"' && line[index] === '\\') index++;
        index++;
      }
      index++;
      continue;
    }
    if (char === '[' || char === '{') state.depth++;
    else if (char === ']' || char === '}') state.depth = Math.max(0, state.depth - 1);
    index++;
  }
}

/** Reads one key segment (bare, "basic" or 'literal') at `index`; returns it and the index after it. */
function readKeySegment(text: string, index: number): { readonly segment: string; readonly next: number } | null {
  const char = text[index];
  if (char === '"') {
    let end = index + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) return null;
    try {
      return { segment: JSON.parse(text.slice(index, end + 1)) as string, next: end + 1 };
    } catch {
      return { segment: text.slice(index + 1, end), next: end + 1 };
    }
  }
  if (char === "'") {
    const end = text.indexOf("'", index + 1);
    return end === -1 ? null : { segment: text.slice(index + 1, end), next: end + 1 };
  }
  const bare = /^[A-Za-z0-9_-]+/.exec(text.slice(index))?.[0];
  return bare ? { segment: bare, next: index + bare.length } : null;
}

/** Reads a dotted key at `index`: its segments and the index after it. */
function readKey(text: string, start: number): { readonly path: string[]; readonly next: number } | null {
  const path: string[] = [];
  let index = start;
  for (;;) {
    while (text[index] === ' ' || text[index] === '\t') index++;
    const read = readKeySegment(text, index);
    if (!read) return null;
    path.push(read.segment);
    index = read.next;
    while (text[index] === ' ' || text[index] === '\t') index++;
    if (text[index] !== '.') return { path, next: index };
    index++;
  }
}

export function parseHeader(line: string): TomlHeader | null {
  const match = /^[ \t]*(\[\[?)/.exec(line);
  if (!match) return null;
  const array = match[1] === '[[';
  const key = readKey(line, match[0].length);
  if (!key) return null;
  const close = array ? ']]' : ']';
  if (!line.startsWith(close, key.next)) return null;
  const rest = line.slice(key.next + close.length);
  return /^[ \t]*(#.*)?\r?\n?$/.test(rest) ? { path: key.path, array } : null;
}

function parseKeyLine(line: string): string | null {
  if (!/^[ \t]*[A-Za-z0-9_"'-]/.test(line)) return null;
  const key = readKey(line, 0);
  return key && key.path.length === 1 && line[key.next] === '=' ? key.path[0]! : null;
}

export function tomlLines(text: string): TomlLine[] {
  const state: ScanState = { multiline: 'none', depth: 0 };
  const lines: TomlLine[] = [];
  for (const text_ of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const topLevel = state.multiline === 'none' && state.depth === 0;
    const header = topLevel ? parseHeader(text_) : null;
    const key = topLevel && !header ? parseKeyLine(text_) : null;
    lines.push({ text: text_, topLevel, header, key });
    scanLine(text_, state);
  }
  return lines;
}

/** A top-level line with nothing but spaces, or a comment. */
export function isBlankLine(line: TomlLine): boolean {
  return line.topLevel && /^[ \t]*\r?\n?$/.test(line.text);
}

export function isCommentLine(line: TomlLine): boolean {
  return line.topLevel && /^[ \t]*#/.test(line.text);
}

/** Whether a header's path is `prefix` or below it. */
export function pathStartsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((segment, index) => path[index] === segment);
}

/** The index of the next header line after `index`, or the number of lines. */
export function nextHeaderIndex(lines: readonly TomlLine[], index: number): number {
  for (let next = index + 1; next < lines.length; next++) if (lines[next]!.header) return next;
  return lines.length;
}

/** The lines a `key = value` starting at `index` spans: up to the next line that starts at the top level. */
export function valueEndIndex(lines: readonly TomlLine[], index: number): number {
  let end = index + 1;
  while (end < lines.length && !lines[end]!.topLevel) end++;
  return end;
}
