import { randomBytes } from 'node:crypto';
import { echoValue } from './echo.js';
import { AgentPoolError } from './errors.js';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** A new session id: `ses_` and 12 characters that are safe in tmux names, branches and paths. */
export function newSessionId(): string {
  return `ses_${randomToken(12)}`;
}

export function newLeaseId(): string {
  return `lea_${randomToken(12)}`;
}

/** The short form used in branch names: the first 8 characters after the prefix. */
export function shortId(id: string): string {
  const bare = id.includes('_') ? id.slice(id.indexOf('_') + 1) : id;
  return bare.slice(0, 8);
}

export const SESSION_ID_PATTERN = /^ses_[a-z0-9]{12}$/;
export const LEASE_ID_PATTERN = /^lea_[a-z0-9]{12}$/;

/**
 * Refuses a value that cannot be a session id (SESSION_NOT_FOUND, exit 2) before anything is looked
 * up; the value is echoed cut short.
 */
export function assertSessionIdFormat(value: string): void {
  if (SESSION_ID_PATTERN.test(value)) return;
  throw new AgentPoolError(
    'SESSION_NOT_FOUND',
    `"${echoValue(value)}" is not a session id: ids are ses_ and 12 lowercase letters or digits.`,
    {
      details: { session_id: echoValue(value) },
      hint: 'agentpool sessions --json',
    },
  );
}

/** Refuses a value that cannot be a lease id (LEASE_NOT_FOUND, exit 2) before anything is looked up. */
export function assertLeaseIdFormat(value: string): void {
  if (LEASE_ID_PATTERN.test(value)) return;
  throw new AgentPoolError('LEASE_NOT_FOUND', `"${echoValue(value)}" is not a lease id: ids are lea_ and 12 lowercase letters or digits.`, {
    details: { lease_id: echoValue(value) },
    hint: 'agentpool leases list --json',
  });
}
