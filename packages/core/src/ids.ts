import { randomBytes } from 'node:crypto';

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
