import { describe, expect, it } from 'vitest';
import { excerptOf, findUnsafeInput, MAX_WORKER_INPUT_BYTES, validateWorkerInput } from '../src/worker-input.js';
import { catchAgentPoolError } from './catch-agentpool-error.js';

const RULES = { what: 'text', code: 'INVALID_REQUEST', hint: 'agentpool send <id> --stdin' } as const;

describe('findUnsafeInput', () => {
  it.each([
    ['plain text', 'Inspect the repo and summarise the build.'],
    ['newlines, tabs and carriage returns', 'line 1\n\tline 2\r\nline 3\r'],
    ['non-ASCII letters, symbols and emoji', 'Größe → 変更 ✓ 🚀 « » € ÿ'],
    ['a literal backslash-e', 'printf "\\e[31m"'],
    ['the empty string', ''],
  ])('accepts %s', (_name, text) => {
    expect(findUnsafeInput(text)).toBeNull();
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['NUL', 'ab\0c', { name: 'NUL', codePoint: 'U+0000', offset: 2, line: 1, column: 3 }],
    ['BEL', 'x\u0007', { name: 'BEL', codePoint: 'U+0007', offset: 1 }],
    ['backspace', 'x\b', { name: 'BS' }],
    ['Ctrl-C', 'stop\u0003', { name: 'ETX' }],
    ['Ctrl-Z', '\u001a', { name: 'SUB', offset: 0 }],
    ['vertical tab', 'a\u000bb', { name: 'VT' }],
    ['form feed', 'a\u000cb', { name: 'FF' }],
    ['DEL', 'abc\u007f', { name: 'DEL', codePoint: 'U+007F' }],
    ['a C1 CSI', 'x\u009b31m', { name: 'C1 control CSI', codePoint: 'U+009B' }],
    ['a C1 NEL', 'x\u0085', { name: 'C1 control NEL' }],
    ['a colour sequence', 'red \u001b[31mtext', { name: 'ESC', sequence: 'ESC[31m', offset: 4 }],
    ['the bracketed-paste end', 'ok\u001b[201~\rnext turn\r', { sequence: 'ESC[201~', offset: 2 }],
    ['the bracketed-paste start', '\u001b[200~', { sequence: 'ESC[200~' }],
    ['an OSC title', '\u001b]0;owned\u0007', { sequence: 'ESC]0;owned\\x07' }],
    ['a lone ESC at the end', 'bye\u001b', { sequence: 'ESC' }],
  ])('finds %s', (_name, text, expected) => {
    expect(findUnsafeInput(text)).toMatchObject(expected);
  });

  it('counts lines and columns in characters, after astral characters and line breaks', () => {
    expect(findUnsafeInput('🚀🚀\nab\n\tc\u001b[2J')).toMatchObject({ offset: 8, line: 3, column: 3, sequence: 'ESC[2J' });
  });

  it('says that the bracketed-paste end would turn one input into several', () => {
    expect(findUnsafeInput('a\u001b[201~b')?.effect).toMatch(/bracketed paste/);
  });

  it('shows at most a short part of a long escape string', () => {
    const found = findUnsafeInput(`\u001b]8;;${'x'.repeat(500)}\u0007`);
    expect(found?.sequence?.length).toBeLessThanOrEqual(17);
  });
});

describe('validateWorkerInput', () => {
  it('refuses text over the limit, naming its size and the limit, quoting a short redacted excerpt only', () => {
    const text = `sk-ant-abcdefghijklmnopqrstuvwxyz ${'y'.repeat(MAX_WORKER_INPUT_BYTES)}`;
    const error = catchAgentPoolError(() => validateWorkerInput(text, RULES));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('256 KiB (262144 bytes)');
    expect(error.details).toMatchObject({ max_bytes: MAX_WORKER_INPUT_BYTES });
    expect(JSON.stringify(error.toJSON()).length).toBeLessThan(1000);
    expect(JSON.stringify(error.toJSON())).not.toContain('abcdefghijklmnop');
  });

  it('counts bytes, not characters: 100k three-byte characters are over 256 KiB', () => {
    expect(catchAgentPoolError(() => validateWorkerInput('€'.repeat(100_000), RULES)).details.bytes).toBe(300_000);
    expect(() => validateWorkerInput('€'.repeat(80_000), RULES)).not.toThrow();
  });

  it('accepts text exactly at the limit', () => {
    expect(() => validateWorkerInput('a'.repeat(MAX_WORKER_INPUT_BYTES), RULES)).not.toThrow();
  });

  it('names the control character, its code point and its 1-based position, and never the text', () => {
    const error = catchAgentPoolError(() => validateWorkerInput('secret plan\u0000 rest', RULES));
    expect(error.message).toContain('NUL (U+0000) at character 12 (line 1, column 12)');
    expect(error.message).not.toContain('secret plan');
    expect(error.details).toMatchObject({ character: 'NUL', code_point: 'U+0000', offset: 11, line: 1, column: 12 });
    expect(error.hint).toBe(RULES.hint);
  });

  it('names the escape sequence', () => {
    const error = catchAgentPoolError(() => validateWorkerInput('x\u001b[201~\r', RULES));
    expect(error.message).toContain('the escape sequence ESC[201~');
    expect(error.details.sequence).toBe('ESC[201~');
  });
});

describe('excerptOf', () => {
  it('is short, on one line, redacted and free of control characters', () => {
    expect(excerptOf(`token=abcdefghijkl\n\u001b[31m${'z'.repeat(200)}`, 30)).toBe(`token=[REDACTED] �[31m${'z'.repeat(8)}…`);
  });
});
