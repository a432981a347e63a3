import { describe, expect, it } from 'vitest';
import { versionFromLine } from '../src/version-line.js';

const SEMVER = /\b(\d+\.\d+\.\d+)/;

describe('versionFromLine', () => {
  it.each([
    { line: 'GitHub Copilot CLI 1.0.102.', expected: '1.0.102' },
    { line: '  devin 3000.10.21 (611c1cba)  ', expected: '3000.10.21' },
    { line: 'a build without a number', expected: 'a build without a number' },
    { line: '  padded  ', expected: 'padded' },
    { line: '', expected: null },
    { line: '   ', expected: null },
    { line: null, expected: null },
  ])('$line → $expected', ({ line, expected }) => {
    expect(versionFromLine(line, SEMVER)).toBe(expected);
  });
});
