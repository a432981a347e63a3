/** Line and column (1-based) of a key in a block-style YAML document. */
export interface YamlPosition {
  readonly line: number;
  readonly column: number;
}

const KEY_LINE = /^(\s*)(["']?)([^"'#:\s][^"'#:]*?)\2\s*:(?:\s|$)/;

/**
 * Finds where a key path (`['policy', 'max_parallel']`) is written in block-style YAML by
 * following indentation. When the full path is not written literally (a missing key, flow style),
 * returns the deepest ancestor found, or null.
 */
export function locateYamlPath(text: string, path: readonly (string | number)[]): YamlPosition | null {
  const keys = path.filter((part): part is string => typeof part === 'string');
  if (keys.length === 0) return null;
  const lines = text.split(/\r?\n/);
  let depth = 0;
  let parentIndent = -1;
  let childIndent: number | null = null;
  let found: YamlPosition | null = null;
  for (let index = 0; index < lines.length && depth < keys.length; index++) {
    const line = lines[index] ?? '';
    if (/^\s*(#|$)/.test(line) || /^(---|\.\.\.)\s*$/.test(line)) continue;
    const indent = (/^\s*/.exec(line)?.[0] ?? '').length;
    if (indent <= parentIndent) break;
    childIndent ??= indent;
    if (indent !== childIndent) continue;
    const match = KEY_LINE.exec(line);
    if (match && match[3] === keys[depth]) {
      found = { line: index + 1, column: indent + 1 };
      parentIndent = indent;
      childIndent = null;
      depth++;
    }
  }
  return found;
}
