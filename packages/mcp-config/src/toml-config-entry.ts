import { parse, TomlError } from 'smol-toml';
import { configSyntaxError, editVerificationError } from './config-errors.js';
import { isPlainObject, mergedEntry, type PlainObject, sameValue, withServer } from './entry-values.js';
import type { ServerEntry } from './mcp-clients.js';
import { tomlKey, tomlTable, tomlValue } from './snippet-text.js';
import { detectLayout, splitBom } from './text-layout.js';
import { isBlankLine, isCommentLine, nextHeaderIndex, pathStartsWith, type TomlLine, tomlLines, valueEndIndex } from './toml-lines.js';

/** The table that holds the servers in Codex's config.toml. */
export const TOML_SERVERS_KEY = 'mcp_servers';

export interface TomlEditTarget {
  /** The file, for error messages. */
  readonly path: string;
  readonly serverName: string;
}

/** Parses as TOML, or throws CLIENT_CONFIG_INVALID naming the file, line and column. */
export function parseTomlConfig(text: string, target: TomlEditTarget): PlainObject {
  try {
    return parse(text) as PlainObject;
  } catch (error) {
    if (error instanceof TomlError) {
      const problem = error.message.replace(/^Invalid TOML document: /, '').split('\n')[0] ?? 'invalid TOML';
      throw configSyntaxError(target.path, `does not parse as TOML: ${problem}`, { line: error.line, column: error.column });
    }
    throw error;
  }
}

function serverEntryOf(config: PlainObject, target: TomlEditTarget): unknown {
  const servers = config[TOML_SERVERS_KEY];
  return isPlainObject(servers) ? servers[target.serverName] : undefined;
}

function entryPath(target: TomlEditTarget): readonly string[] {
  return [TOML_SERVERS_KEY, target.serverName];
}

/** The entry exists but not as `[mcp_servers.agentpool]` (dotted keys or an inline table): agentpool does not rewrite other forms. */
function otherFormError(target: TomlEditTarget, lines: readonly TomlLine[]): Error {
  const mention = lines.findIndex((line) => line.topLevel && line.text.includes(target.serverName));
  return configSyntaxError(
    target.path,
    `the "${target.serverName}" server is defined as dotted keys or an inline table, not as a [${entryPath(target).map(tomlKey).join('.')}] table, and agentpool edits only that table`,
    mention === -1 ? null : { line: mention + 1, column: 1 },
    `codex mcp remove ${target.serverName}   (then run the same command again)`,
  );
}

function joinLines(lines: readonly TomlLine[]): string {
  return lines.map((line) => line.text).join('');
}

/**
 * The config text with `[mcp_servers.agentpool]` holding agentpool's keys: values replaced where
 * they differ, missing keys added under the header, the user's other keys and sub-tables (`.env`)
 * kept; a new table goes at the end of the file. Every line outside that table is kept byte for byte.
 */
export function setTomlServerEntry(text: string, target: TomlEditTarget, entry: ServerEntry, removeKeys: readonly string[]): string {
  const { bom, body } = splitBom(text);
  const before = parseTomlConfig(body, target);
  const existing = serverEntryOf(before, target);
  const { eol } = detectLayout(body);
  const lines = tomlLines(body);
  const headerIndex = lines.findIndex((line) => line.header && !line.header.array && sameValue(line.header.path, entryPath(target)));
  let result: string;
  if (headerIndex === -1) {
    if (existing !== undefined) throw otherFormError(target, lines);
    const separator = body === '' ? '' : body.endsWith(`${eol}${eol}`) || body === eol ? '' : body.endsWith('\n') ? eol : `${eol}${eol}`;
    result = body + separator + tomlTable(entryPath(target), mergedEntry(undefined, entry, removeKeys), eol);
    assertTableFits(result, target);
  } else {
    result = joinLines(editTableKeys(lines, headerIndex, existing, entry, removeKeys, eol));
  }
  verifyTomlEdit(result, target, withServer(before, TOML_SERVERS_KEY, target.serverName, mergedEntry(existing, entry, removeKeys)));
  return bom + result;
}

/** A new table can clash with the file (`mcp_servers` written as an inline table): say so as a problem of the file, not a bug. */
function assertTableFits(result: string, target: TomlEditTarget): void {
  try {
    parse(result);
  } catch (error) {
    const problem =
      error instanceof TomlError ? (error.message.replace(/^Invalid TOML document: /, '').split('\n')[0] ?? '') : String(error);
    throw configSyntaxError(
      target.path,
      `a [${entryPath(target).map(tomlKey).join('.')}] table cannot be added to this file without rewriting other lines (${problem}; "${TOML_SERVERS_KEY}" may be written as an inline table)`,
      null,
      `codex mcp add ${target.serverName} -- agentpool mcp`,
    );
  }
}

function editTableKeys(
  lines: readonly TomlLine[],
  headerIndex: number,
  existing: unknown,
  entry: ServerEntry,
  removeKeys: readonly string[],
  eol: string,
): TomlLine[] {
  const out = [...lines];
  const current = isPlainObject(existing) ? existing : {};
  const bodyEnd = nextHeaderIndex(lines, headerIndex);
  const keyLine = (key: string) => {
    for (let index = headerIndex + 1; index < bodyEnd; index++) if (lines[index]!.key === key) return index;
    return -1;
  };
  const line = (text: string): TomlLine => ({ text, topLevel: true, header: null, key: null });
  // Work from the bottom up so the indexes above stay valid.
  const replacements: { start: number; end: number; lines: TomlLine[] }[] = [];
  const added: TomlLine[] = [];
  for (const [key, value] of Object.entries(entry.owned)) {
    const index = keyLine(key);
    if (index === -1) added.push(line(`${tomlKey(key)} = ${tomlValue(value)}${eol}`));
    else if (!sameValue(current[key], value)) {
      replacements.push({ start: index, end: valueEndIndex(lines, index), lines: [line(`${tomlKey(key)} = ${tomlValue(value)}${eol}`)] });
    }
  }
  for (const [key, value] of Object.entries(entry.defaults)) {
    if (!(key in current)) added.push(line(`${tomlKey(key)} = ${tomlValue(value)}${eol}`));
  }
  for (const key of removeKeys) {
    const index = keyLine(key);
    if (index !== -1) replacements.push({ start: index, end: valueEndIndex(lines, index), lines: [] });
  }
  replacements.sort((left, right) => right.start - left.start);
  for (const replacement of replacements) out.splice(replacement.start, replacement.end - replacement.start, ...replacement.lines);
  out.splice(headerIndex + 1, 0, ...added);
  return out;
}

/**
 * The config text without `[mcp_servers.agentpool]` and its sub-tables. A removed table takes its
 * blank separator line with it; comment lines that end it stay, since they usually introduce what follows.
 */
export function removeTomlServerEntry(text: string, target: TomlEditTarget): string {
  const { bom, body } = splitBom(text);
  const before = parseTomlConfig(body, target);
  if (serverEntryOf(before, target) === undefined) return text;
  let lines = tomlLines(body);
  const ours = (line: TomlLine) => line.header !== null && pathStartsWith(line.header.path, entryPath(target));
  if (!lines.some((line) => line.header && !line.header.array && sameValue(line.header.path, entryPath(target)))) {
    throw otherFormError(target, lines);
  }
  for (;;) {
    const headerIndex = lines.findLastIndex(ours);
    if (headerIndex === -1) break;
    lines = withoutTable(lines, headerIndex);
  }
  const result = joinLines(lines);
  verifyTomlEdit(result, target, withServer(before, TOML_SERVERS_KEY, target.serverName, undefined));
  return bom + result;
}

function withoutTable(lines: readonly TomlLine[], headerIndex: number): TomlLine[] {
  const end = nextHeaderIndex(lines, headerIndex);
  let last = end - 1;
  while (last > headerIndex && (isBlankLine(lines[last]!) || isCommentLine(lines[last]!))) last--;
  let from = headerIndex;
  let to = last + 1;
  if (end === lines.length && lines.slice(to).every(isBlankLine)) to = end;
  const previous = lines[from - 1];
  if (previous && isBlankLine(previous) && (to === lines.length || isBlankLine(lines[to]!))) from--;
  return [...lines.slice(0, from), ...lines.slice(to)];
}

/** An empty `mcp_servers` table left behind counts as none: removing the last table removes the implicit parent. */
function withoutEmptyServers(config: unknown): unknown {
  if (!isPlainObject(config)) return config;
  const servers = config[TOML_SERVERS_KEY];
  if (!isPlainObject(servers) || Object.keys(servers).length > 0) return config;
  const { [TOML_SERVERS_KEY]: _empty, ...rest } = config;
  return rest;
}

/** The edited text must parse as TOML and hold exactly `expected`. */
function verifyTomlEdit(text: string, target: TomlEditTarget, expected: unknown): void {
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    throw editVerificationError(target.path, 'not parse as TOML');
  }
  if (!sameValue(withoutEmptyServers(value), withoutEmptyServers(expected))) {
    throw editVerificationError(target.path, `change more than the [${entryPath(target).map(tomlKey).join('.')}] table`);
  }
}
