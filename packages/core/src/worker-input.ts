import { AgentPoolError } from './errors.js';
import { redact } from './redaction.js';

/**
 * The most text agentpool delivers to a worker at once (a task, or one `send`). Text reaches a
 * worker pasted through tmux (or as a file on stdin); 256 KiB pastes into a TUI in well under a
 * second, is about 64k tokens (a large share of any model's context), and keeps the session row,
 * which stores the recent sent texts, small. Anything longer belongs in a file the worker reads.
 */
export const MAX_WORKER_INPUT_BYTES = 256 * 1024;

/** A character that must not reach a worker's terminal, and where it is. */
export interface UnsafeInput {
  /** Zero-based position in characters (code points). */
  readonly offset: number;
  /** One-based line and column (in characters). */
  readonly line: number;
  readonly column: number;
  /** `U+001B` */
  readonly codePoint: string;
  /** Readable name: `NUL`, `ESC`, `DEL`, `C1 control CSI`, … */
  readonly name: string;
  /** For ESC: the escape sequence it starts, made printable (`ESC[201~`). */
  readonly sequence?: string;
  /** Why it is dangerous, in a few words. */
  readonly effect: string;
}

// biome-ignore format: a table reads better on two lines
const C0_NAMES = [
  'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI',
  'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US',
];
const C1_NAMES: Record<number, string> = { 133: 'NEL', 144: 'DCS', 155: 'CSI', 156: 'ST', 157: 'OSC', 158: 'PM', 159: 'APC' };
const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0d]);
// CSI (ESC [ … final byte), OSC/DCS/APC/PM strings up to their terminator, or ESC and one character.
// biome-ignore lint/suspicious/noControlCharactersInRegex: recognising escape sequences is the point
const ESCAPE_SEQUENCE = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|[\]P_^X][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[\s\S])?/;
const SEQUENCE_SHOWN = 16;

function isUnsafe(codePoint: number): boolean {
  if (ALLOWED_CONTROLS.has(codePoint)) return false;
  return codePoint < 0x20 || codePoint === 0x7f || (codePoint >= 0x80 && codePoint <= 0x9f);
}

/** `ESC[201~`: the sequence with every control character shown by name or as `\xNN`. */
function printable(sequence: string): string {
  const shown = [...sequence].map((char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0x1b) return 'ESC';
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) return `\\x${code.toString(16).padStart(2, '0')}`;
    return char;
  });
  const text = shown.join('');
  return text.length > SEQUENCE_SHOWN ? `${text.slice(0, SEQUENCE_SHOWN)}…` : text;
}

function effectOf(codePoint: number, sequence: string | undefined): string {
  if (sequence?.startsWith('\u001b[201~'))
    return 'it ends the bracketed paste early, so the rest would be typed as keystrokes (a second turn)';
  if (sequence?.startsWith('\u001b[200~')) return 'it starts a bracketed paste inside the paste';
  if (codePoint === 0x00) return 'a NUL byte cannot be passed to a program or a terminal';
  if (codePoint === 0x1b) return 'terminal escape sequences are read by the worker as keys or screen commands';
  if (codePoint >= 0x80) return 'C1 controls are read by terminals as escape sequences';
  return 'control characters are read by the worker as keys (erase, interrupt, suspend, …)';
}

/**
 * The first character of `text` that would act on the worker's terminal instead of being read as
 * text: NUL, ESC (and the sequence it starts), DEL, C1 controls and C0 controls other than
 * newline, carriage return and tab. Null when the text is safe to paste.
 */
export function findUnsafeInput(text: string): UnsafeInput | null {
  let position = 0;
  let line = 1;
  let column = 1;
  let offset = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (isUnsafe(code)) {
      const sequence = code === 0x1b ? printable(ESCAPE_SEQUENCE.exec(text.slice(offset))?.[0] ?? char) : undefined;
      const name = code < 0x20 ? (C0_NAMES[code] ?? 'C0') : code === 0x7f ? 'DEL' : `C1 control ${C1_NAMES[code] ?? ''}`.trim();
      return {
        offset: position,
        line,
        column,
        codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
        name,
        ...(sequence ? { sequence } : {}),
        effect: effectOf(code, code === 0x1b ? text.slice(offset, offset + 6) : undefined),
      };
    }
    position++;
    offset += char.length;
    if (char === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return null;
}

/** At most `max` characters of `text`, redacted, on one line: enough to recognise it, never all of it. */
export function excerptOf(text: string, max = 60): string {
  const flat = redact(text).replace(/\s+/g, ' ').trim();
  const visible = [...flat].map((char) => (isUnsafe(char.codePointAt(0) ?? 0) ? '�' : char));
  return visible.length > max ? `${visible.slice(0, max).join('')}…` : visible.join('');
}

function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

export interface WorkerInputRules {
  /** What the text is, for messages: `task`, `text to send`. */
  readonly what: string;
  readonly code: 'INVALID_TASK' | 'INVALID_REQUEST';
  /** The next command to suggest. */
  readonly hint: string;
  /** Byte limit (default MAX_WORKER_INPUT_BYTES). */
  readonly maxBytes?: number;
  /** Says why the limit is what it is, when it is not the default. */
  readonly limitReason?: string;
}

/** Refuses text that is too large or holds terminal control characters; quotes at most a short excerpt. */
export function validateWorkerInput(text: string, rules: WorkerInputRules): void {
  const maxBytes = rules.maxBytes ?? MAX_WORKER_INPUT_BYTES;
  // A string of n UTF-16 units has at most 3n UTF-8 bytes: skip the count for short text.
  const bytes = text.length * 3 <= maxBytes ? 0 : Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new AgentPoolError(
      rules.code,
      `The ${rules.what} is ${sizeLabel(bytes)} (${bytes} bytes); the limit is ${sizeLabel(maxBytes)} (${maxBytes} bytes)${rules.limitReason ? ` ${rules.limitReason}` : ''}. ` +
        'Put the details in a file the worker can read and refer to it.',
      { details: { bytes, max_bytes: maxBytes, excerpt: excerptOf(text) }, hint: rules.hint },
    );
  }
  const unsafe = findUnsafeInput(text);
  if (unsafe) {
    const what = unsafe.sequence ? `the escape sequence ${unsafe.sequence}` : `the control character ${unsafe.name} (${unsafe.codePoint})`;
    throw new AgentPoolError(
      rules.code,
      `The ${rules.what} contains ${what} at character ${unsafe.offset + 1} (line ${unsafe.line}, column ${unsafe.column}): ${unsafe.effect}. ` +
        'Remove terminal control characters; newlines and tabs are fine.',
      {
        details: {
          character: unsafe.name,
          code_point: unsafe.codePoint,
          ...(unsafe.sequence ? { sequence: unsafe.sequence } : {}),
          offset: unsafe.offset,
          line: unsafe.line,
          column: unsafe.column,
        },
        hint: rules.hint,
      },
    );
  }
}
