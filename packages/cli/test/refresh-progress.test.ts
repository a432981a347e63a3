import { describe, expect, it } from 'vitest';
import { refreshProgressLine } from '../src/refresh-progress.js';

describe('the refresh progress line', () => {
  it('names each provider with … until it answers, then its outcome, with the time and the count', () => {
    const done = new Map([
      ['claude-code', { status: 'ok' as const, late: false }],
      ['gemini-cli', { status: 'error' as const, late: true }],
      ['cursor-cli', { status: 'limit_reached' as const, late: false }],
    ]);
    const line = refreshProgressLine(
      { providers: ['claude-code', 'codex-cli', 'gemini-cli', 'cursor-cli'], done, startedAt: 1000 },
      4200,
      200,
    );
    expect(line).toBe('usage: claude-code ✓  codex-cli …  gemini-cli late  cursor-cli ✗ limit (3 s, 3/4)');
    expect(refreshProgressLine({ providers: ['claude-code', 'codex-cli'], done, startedAt: 0 }, 0, 20)).toBe('usage: claude-code…');
  });
});
