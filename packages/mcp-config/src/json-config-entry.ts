import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { configSyntaxError, editVerificationError } from './config-errors.js';
import { mergedEntry, sameValue, withServer } from './entry-values.js';
import { deleteProperty, insertProperty, propertiesOf, propertyName, replaceValue } from './jsonc-text-edit.js';
import type { JsonDialect, ServerEntry } from './mcp-clients.js';
import { blockJsonDocument } from './snippet-text.js';
import { detectLayout, lineAndColumn, splitBom } from './text-layout.js';

/** The key that holds the servers in every JSON client's config. */
export const JSON_SERVERS_KEY = 'mcpServers';

/** What a JSON config edit needs to know besides the text. */
export interface JsonEditTarget {
  /** The file, for error messages. */
  readonly path: string;
  readonly dialect: JsonDialect;
  /** The client's name, for error messages ("Claude Code reads this file as plain JSON"). */
  readonly clientName: string;
  readonly serverName: string;
}

const PROBLEMS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'a number is malformed',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing brace } is expected',
  CloseBracketExpected: 'a closing bracket ] is expected',
  EndOfFileExpected: 'more text follows the end of the JSON document',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'a \\u escape is malformed',
  InvalidEscapeCharacter: 'an escape sequence is malformed',
  InvalidCharacter: 'a control character is inside a string',
};

const ALLOWS: Readonly<Record<JsonDialect, { readonly comments: boolean; readonly trailingCommas: boolean }>> = {
  json: { comments: false, trailingCommas: false },
  'json-with-comments': { comments: true, trailingCommas: false },
  jsonc: { comments: true, trailingCommas: true },
};

function problemText(text: string, error: ParseError, target: JsonEditTarget): string {
  const name = printParseErrorCode(error.error);
  const refused = `which ${target.clientName} does not accept in this file`;
  if (name === 'InvalidCommentToken') return `a comment, ${refused} (it reads it as plain JSON)`;
  if (!ALLOWS[target.dialect].trailingCommas) {
    const lenient: ParseError[] = [];
    parseTree(text, lenient, { disallowComments: !ALLOWS[target.dialect].comments, allowTrailingComma: true, allowEmptyContent: true });
    if (lenient.length === 0) return `a trailing comma, ${refused}`;
  }
  return PROBLEMS[name] ?? name;
}

interface ParsedJson {
  readonly root: Node | undefined;
  readonly value: unknown;
}

/** Parses as the client would, or throws CLIENT_CONFIG_INVALID naming the file, line and column. */
export function parseJsonConfig(text: string, target: JsonEditTarget): ParsedJson {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: !ALLOWS[target.dialect].comments,
    allowTrailingComma: ALLOWS[target.dialect].trailingCommas,
    allowEmptyContent: true,
  });
  const first = errors[0];
  if (first) throw configSyntaxError(target.path, `does not parse: ${problemText(text, first, target)}`, lineAndColumn(text, first.offset));
  if (root && root.type !== 'object') {
    throw configSyntaxError(target.path, `the file holds a JSON ${root.type}, not an object`, lineAndColumn(text, root.offset));
  }
  return { root, value: root ? nodeValue(root) : {} };
}

/** A node's value; unlike jsonc-parser's getNodeValue, a duplicate key keeps its last value, as JSON.parse does. */
function nodeValue(node: Node): unknown {
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const property of propertiesOf(node)) {
      const name = propertyName(property);
      const value = property.children?.[1];
      if (name !== undefined && value) out[name] = nodeValue(value);
    }
    return out;
  }
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  return node.value;
}

/** The one property `name` of `object`; a name given twice is refused, since clients disagree on which one counts. */
function onlyProperty(text: string, object: Node, name: string, target: JsonEditTarget, where: string): Node | undefined {
  const found = propertiesOf(object).filter((property) => propertyName(property) === name);
  if (found.length > 1) {
    const lines = found.map((property) => lineAndColumn(text, property.offset).line);
    throw configSyntaxError(
      target.path,
      `${where} "${name}" is given ${found.length} times (lines ${lines.join(', ')}); keep one`,
      lineAndColumn(text, found[1]!.offset),
    );
  }
  return found[0];
}

function serversObject(text: string, root: Node, target: JsonEditTarget): Node | undefined {
  const servers = onlyProperty(text, root, JSON_SERVERS_KEY, target, 'the key')?.children?.[1];
  if (servers && servers.type !== 'object') {
    throw configSyntaxError(
      target.path,
      `"${JSON_SERVERS_KEY}" is a ${servers.type}, not an object of servers`,
      lineAndColumn(text, servers.offset),
    );
  }
  return servers;
}

/** One step of the entry edit on the current text, or null when nothing is left to change. */
function nextEntryEdit(text: string, target: JsonEditTarget, entry: ServerEntry, removeKeys: readonly string[]): string | null {
  const layout = detectLayout(text);
  const { root } = parseJsonConfig(text, target);
  const complete = mergedEntry(undefined, entry, removeKeys);
  if (!root) return blockJsonDocument({ [JSON_SERVERS_KEY]: { [target.serverName]: complete } }, layout);
  const servers = serversObject(text, root, target);
  if (!servers) return insertProperty(text, root, JSON_SERVERS_KEY, { [target.serverName]: complete }, layout);
  const property = onlyProperty(text, servers, target.serverName, target, `the server`);
  const current = property?.children?.[1];
  if (!property || !current) return insertProperty(text, servers, target.serverName, complete, layout);
  if (current.type !== 'object') return replaceValue(text, current, complete);
  for (const [key, value] of Object.entries(entry.owned)) {
    const own = onlyProperty(text, current, key, target, `the key`);
    const ownValue = own?.children?.[1];
    if (!own || !ownValue) return insertProperty(text, current, key, value, layout);
    if (!sameValue(nodeValue(ownValue), value)) return replaceValue(text, ownValue, value);
  }
  for (const [key, value] of Object.entries(entry.defaults)) {
    if (!onlyProperty(text, current, key, target, 'the key')) return insertProperty(text, current, key, value, layout);
  }
  for (const key of removeKeys) {
    const remote = onlyProperty(text, current, key, target, 'the key');
    if (remote) return deleteProperty(text, current, remote);
  }
  return null;
}

/**
 * The config text with agentpool's server entry set: its own keys in place, every other byte of
 * the file as it was. Returns the text unchanged when the entry is already right.
 */
export function setJsonServerEntry(text: string, target: JsonEditTarget, entry: ServerEntry, removeKeys: readonly string[]): string {
  const { bom, body } = splitBom(text);
  const { value: before } = parseJsonConfig(body, target);
  let current = body;
  // A handful of single-property steps at most (owned keys, defaults, remote keys); the bound guards a loop.
  for (let step = 0; step < 32; step++) {
    const next = nextEntryEdit(current, target, entry, removeKeys);
    if (next === null) break;
    current = next;
  }
  const existing = (before as Record<string, Record<string, unknown> | undefined>)[JSON_SERVERS_KEY]?.[target.serverName];
  verifyJsonEdit(current, target, withServer(before, JSON_SERVERS_KEY, target.serverName, mergedEntry(existing, entry, removeKeys)));
  return bom + current;
}

/** The config text without agentpool's server entry (the `mcpServers` object stays, possibly empty). */
export function removeJsonServerEntry(text: string, target: JsonEditTarget): string {
  const { bom, body } = splitBom(text);
  const { root, value: before } = parseJsonConfig(body, target);
  if (!root) return text;
  const servers = serversObject(body, root, target);
  const property = servers ? onlyProperty(body, servers, target.serverName, target, 'the server') : undefined;
  if (!servers || !property) return text;
  const result = deleteProperty(body, servers, property);
  verifyJsonEdit(result, target, withServer(before, JSON_SERVERS_KEY, target.serverName, undefined));
  return bom + result;
}

/** The edited text must parse as the client parses it and hold exactly `expected`. */
function verifyJsonEdit(body: string, target: JsonEditTarget, expected: unknown): void {
  let value: unknown;
  try {
    value = parseJsonConfig(body, target).value;
    if (target.dialect === 'json') value = JSON.parse(body);
  } catch {
    throw editVerificationError(target.path, 'not parse');
  }
  if (!sameValue(value, expected)) throw editVerificationError(target.path, `change more than the "${target.serverName}" entry`);
}
