import { describe, expect, it } from 'vitest';
import { headerSecrets, scrubSecrets } from '../src/secret-scrub.js';

describe('scrubSecrets', () => {
  it.each([
    ['a named opaque token', 'token abcdef123456 rejected', ['abcdef123456'], 'token [REDACTED] rejected'],
    ['every occurrence', 'a=abcdef123456 b=abcdef123456', ['abcdef123456'], 'a=[REDACTED] b=[REDACTED]'],
    ['a known shape without being named', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', [], 'Bearer [REDACTED]'],
    ['too short to be a secret is left alone', 'id abc', ['abc'], 'id abc'],
    ['nothing to scrub', 'HTTP 500', ['abcdef123456'], 'HTTP 500'],
  ])('%s', (_label, text, secrets, expected) => {
    expect(scrubSecrets(text, secrets)).toBe(expected);
  });
});

describe('headerSecrets', () => {
  it('takes credential headers, with and without their scheme, and leaves the rest', () => {
    const secrets = headerSecrets({
      Authorization: 'Bearer tok123456',
      'ChatGPT-Account-Id': 'acct-42',
      'x-api-key': 'key-987654',
      'anthropic-beta': 'oauth-2025-04-20',
      accept: 'application/json',
    });
    expect(secrets).toEqual(expect.arrayContaining(['Bearer tok123456', 'tok123456', 'acct-42', 'key-987654']));
    expect(secrets).not.toContain('oauth-2025-04-20');
    expect(secrets).not.toContain('application/json');
  });
});
