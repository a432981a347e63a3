/** How a config file lays out its text, so that lines agentpool adds look like the lines around them. */
export interface TextLayout {
  /** `\r\n` when the file already uses it, else `\n`. */
  readonly eol: string;
  /** One level of indentation: the file's own (a tab, or its smallest run of spaces), else two spaces. */
  readonly indentUnit: string;
}

const BOM = '\uFEFF';

export function detectLayout(text: string): TextLayout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let unit: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const indent = /^[ \t]+(?=\S)/.exec(line)?.[0];
    if (!indent) continue;
    if (indent.startsWith('\t')) {
      unit = '\t';
      break;
    }
    if (unit === null || indent.length < unit.length) unit = indent;
  }
  return { eol, indentUnit: unit ?? '  ' };
}

/** Splits off a leading byte-order mark, which the parsers do not expect and the file must keep. */
export function splitBom(text: string): { readonly bom: string; readonly body: string } {
  return text.startsWith(BOM) ? { bom: BOM, body: text.slice(1) } : { bom: '', body: text };
}

/** The 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text[index] === '\n') {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The whitespace that starts the line holding `offset`. */
export function indentOfLineAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** Whether only spaces and tabs stand between the start of the line and `offset`. */
export function startsItsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}
