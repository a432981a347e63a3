import { createScanner, type Node } from 'jsonc-parser';
import { indentOfLineAt, startsItsLine, type TextLayout } from './text-layout.js';

/*
 * Minimal edits to JSON (with or without comments) text: one property added, removed or its value
 * replaced, every other byte left where it was. jsonc-parser's own `modify` re-formats the
 * neighbouring properties, which would rewrite the user's layout.
 */

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its values.
const COMMA = 5;
const LINE_BREAK = 14;
const TRIVIA_KINDS = new Set([12, 13, 14, 15]);

interface Token {
  readonly kind: number;
  readonly offset: number;
  readonly end: number;
}

/** The tokens from `offset` on, comments and line breaks included. */
function* tokensFrom(text: string, offset: number): Generator<Token> {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (;;) {
    const kind = scanner.scan();
    if (kind === 17) return;
    yield { kind, offset: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength() };
  }
}

/** The first token after `offset` that is not whitespace, a comment or a line break. */
function nextSignificant(text: string, offset: number): Token | null {
  for (const token of tokensFrom(text, offset)) if (!TRIVIA_KINDS.has(token.kind)) return token;
  return null;
}

/** The end of the line break that ends the line holding `offset`, when only comments and spaces come first; else null. */
function endOfLineAfter(text: string, offset: number): number | null {
  for (const token of tokensFrom(text, offset)) {
    if (token.kind === LINE_BREAK) return token.end;
    if (!TRIVIA_KINDS.has(token.kind)) return null;
  }
  return text.length;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** `{"a": 1, "b": [2, 3]}`: one line, spaced as people write it. */
export function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${JSON.stringify(key)}: ${inlineJson(inner)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `value` laid out over lines as people write configs: objects one key a line, arrays of plain
 * values on one line; inner lines indented from `indent`.
 */
export function blockJson(value: unknown, indent: string, layout: TextLayout): string {
  const isFlat = (inner: unknown) => typeof inner !== 'object' || inner === null;
  if (Array.isArray(value)) {
    if (value.every(isFlat)) return inlineJson(value);
    const inner = indent + layout.indentUnit;
    return `[${value.map((item) => `${layout.eol}${inner}${blockJson(item, inner, layout)}`).join(',')}${layout.eol}${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = indent + layout.indentUnit;
    return `{${entries.map(([key, item]) => `${layout.eol}${inner}${JSON.stringify(key)}: ${blockJson(item, inner, layout)}`).join(',')}${layout.eol}${indent}}`;
  }
  return JSON.stringify(value);
}

/** Replaces the value `node` with `value` (on one line). */
export function replaceValue(text: string, node: Node, value: unknown): string {
  return splice(text, node.offset, node.offset + node.length, inlineJson(value));
}

/** The property nodes of an object node. */
export function propertiesOf(object: Node): readonly Node[] {
  return object.children ?? [];
}

export function propertyName(property: Node): string | undefined {
  const name = property.children?.[0]?.value;
  return typeof name === 'string' ? name : undefined;
}

/** Adds `"key": value` as the last property of `object`, laid out like its siblings. */
export function insertProperty(text: string, object: Node, key: string, value: unknown, layout: TextLayout): string {
  const open = object.offset;
  const close = object.offset + object.length - 1;
  const properties = propertiesOf(object);
  const last = properties[properties.length - 1];
  if (!last) {
    const containerIndent = indentOfLineAt(text, open);
    const indent = containerIndent + layout.indentUnit;
    const property = `${JSON.stringify(key)}: ${blockJson(value, indent, layout)}`;
    const inner = text.slice(open + 1, close);
    if (/^[ \t]*$/.test(inner)) return splice(text, open + 1, close, `${layout.eol}${indent}${property}${layout.eol}${containerIndent}`);
    // Only comments or line breaks inside: the property goes on a line of its own after the brace's line.
    const lineEnd = endOfLineAfter(text, open + 1);
    if (lineEnd !== null && lineEnd <= close) return splice(text, lineEnd, lineEnd, `${indent}${property}${layout.eol}`);
    return splice(text, open + 1, open + 1, `${layout.eol}${indent}${property}${layout.eol}${containerIndent}`);
  }
  const lastEnd = last.offset + last.length;
  const after = nextSignificant(text, lastEnd);
  const trailingComma = after?.kind === COMMA ? after : null;
  if (startsItsLine(text, last.offset)) {
    const indent = indentOfLineAt(text, last.offset);
    const property = `${JSON.stringify(key)}: ${blockJson(value, indent, layout)}`;
    // After the last property's line, comments that end it included, so they stay with their property.
    const lineEnd = endOfLineAfter(text, trailingComma ? trailingComma.end : lastEnd);
    if (lineEnd !== null && lineEnd <= close) {
      const withLine = splice(text, lineEnd, lineEnd, `${indent}${property}${trailingComma ? ',' : ''}${layout.eol}`);
      return trailingComma ? withLine : splice(withLine, lastEnd, lastEnd, ',');
    }
    const at = trailingComma ? trailingComma.end : lastEnd;
    return splice(text, at, at, `${trailingComma ? '' : ','}${layout.eol}${indent}${property}`);
  }
  // Properties on one line: the new one joins them there.
  return splice(text, lastEnd, lastEnd, `, ${JSON.stringify(key)}: ${inlineJson(value)}`);
}

/** Removes the property `property` of `object` and the comma that separated it, its own line(s) with it when it had them. */
export function deleteProperty(text: string, object: Node, property: Node): string {
  const properties = propertiesOf(object);
  const index = properties.indexOf(property);
  const previous = index > 0 ? properties[index - 1] : undefined;
  const start = property.offset;
  const end = property.offset + property.length;
  const after = nextSignificant(text, end);
  const commaAfter = after?.kind === COMMA ? after : null;
  const commaBefore = previous ? nextSignificant(text, previous.offset + previous.length) : null;
  // A comma after the previous property that no longer separates anything: the one before ours, when ours is last.
  const strandedComma = !commaAfter && commaBefore?.kind === COMMA ? commaBefore : null;

  if (startsItsLine(text, start)) {
    const lineEnd = endOfLineAfter(text, commaAfter ? commaAfter.end : end);
    if (lineEnd !== null) {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const withoutLines = splice(text, lineStart, lineEnd, '');
      return strandedComma ? splice(withoutLines, strandedComma.offset, strandedComma.end, '') : withoutLines;
    }
  }
  if (commaAfter) {
    const next = nextSignificant(text, commaAfter.end);
    return splice(text, start, next ? next.offset : commaAfter.end, '');
  }
  if (strandedComma) return splice(text, strandedComma.offset, end, '');
  return splice(text, start, end, '');
}
