import { redact } from '@agentpool/core';

const MIN_SECRET_CHARS = 6;

/**
 * Redacts known secret shapes (core's `redact`) and, beyond them, every value the caller knows is
 * secret (the token it sent), since a provider's opaque token matches no pattern.
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_CHARS) out = out.split(secret).join('[REDACTED]');
  }
  return redact(out);
}

const CREDENTIAL_HEADER = /authorization|cookie|token|key|secret|session|account/i;

/** The values of credential headers, and the credential without its scheme (`Bearer x` → `x`). */
export function headerSecrets(headers: Readonly<Record<string, string>> | undefined): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!CREDENTIAL_HEADER.test(name)) continue;
    secrets.push(value);
    const credential = /^\S+\s+(\S+)$/.exec(value.trim())?.[1];
    if (credential) secrets.push(credential);
  }
  return secrets.sort((a, b) => b.length - a.length);
}
