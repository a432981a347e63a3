import { describe, expect, it } from 'vitest';
import { assertLeaseIdFormat, assertSessionIdFormat, newLeaseId, newSessionId, SESSION_ID_PATTERN, shortId } from '../src/ids.js';
import { catchAgentPoolError } from './catch-agentpool-error.js';

describe('ids', () => {
  it('newSessionId matches SESSION_ID_PATTERN and is unique', () => {
    const ids = Array.from({ length: 500 }, () => newSessionId());
    for (const id of ids) expect(id).toMatch(SESSION_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ids avoid look-alike characters (l, o, 0, 1) and are safe in tmux names, branches and paths', () => {
    const ids = Array.from({ length: 200 }, () => newSessionId()).join('');
    expect(ids.replace(/ses_/g, '')).toMatch(/^[a-km-np-z2-9]+$/);
  });

  it('newLeaseId has its own prefix and length', () => {
    const id = newLeaseId();
    expect(id).toMatch(/^lea_[a-z0-9]{12}$/);
    expect(SESSION_ID_PATTERN.test(id)).toBe(false);
  });

  it.each([
    ['ses_abcdefghjkmn', 'abcdefgh'],
    ['lea_23456789abcd', '23456789'],
    ['abcdefghjkmn', 'abcdefgh'],
    ['ses_abc', 'abc'],
  ])('shortId(%j) is %j', (id, expected) => {
    expect(shortId(id)).toBe(expected);
  });

  it('shortId of a new session id is 8 characters', () => {
    expect(shortId(newSessionId())).toHaveLength(8);
  });

  it.each(['ses_ABCDEFGHJKMN', 'ses_abc', 'ses_abcdefghjkmnp', 'lea_abcdefghjkmn', ' ses_abcdefghjkmn'])(
    'SESSION_ID_PATTERN rejects %j',
    (id) => {
      expect(SESSION_ID_PATTERN.test(id)).toBe(false);
    },
  );

  it('a value that cannot be an id is refused as not found, echoed cut short', () => {
    expect(() => assertSessionIdFormat(newSessionId())).not.toThrow();
    expect(() => assertLeaseIdFormat(newLeaseId())).not.toThrow();
    const session = catchAgentPoolError(() => assertSessionIdFormat(`ses_${'a'.repeat(10_000)}`));
    expect(session.code).toBe('SESSION_NOT_FOUND');
    expect(session.message.length).toBeLessThan(200);
    expect(session.details.session_id).toMatch(/… \(10004 characters\)$/);
    expect(catchAgentPoolError(() => assertLeaseIdFormat('ses_abcdefghjkmn')).code).toBe('LEASE_NOT_FOUND');
  });
});
