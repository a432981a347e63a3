import { describe, expect, it } from 'vitest';
import { echoValue, MAX_ECHO_CHARS } from '../src/echo.js';

describe('echoValue', () => {
  it('keeps a short value whole', () => {
    expect(echoValue('ses_0123456789ab')).toBe('ses_0123456789ab');
    expect(echoValue('x'.repeat(MAX_ECHO_CHARS))).toBe('x'.repeat(MAX_ECHO_CHARS));
  });

  it('cuts a long value and says how long it was', () => {
    const echoed = echoValue('y'.repeat(100_000));
    expect(echoed).toBe(`${'y'.repeat(MAX_ECHO_CHARS)}… (100000 characters)`);
  });
});
