const PLACEHOLDER = '[REDACTED]';

/** Patterns for secrets that must never reach the store, artifacts, logs or MCP responses. */
const SECRET_PATTERNS: readonly { readonly name: string; readonly pattern: RegExp; readonly keep?: number }[] = [
  { name: 'pem', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g },
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: 'bearer', pattern: /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{12,}/gi, keep: 1 },
  { name: 'openai_anthropic_key', pattern: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g },
  { name: 'github_token', pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g },
  { name: 'github_pat', pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g },
  { name: 'aws_access_key', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { name: 'google_api_key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: 'slack_token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { name: 'uri_password', pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(@)/gi, keep: 2 },
  {
    name: 'assigned_secret',
    pattern: /\b((?:api[_-]?key|secret|token|password|passwd|access[_-]?key)["']?\s*[:=]\s*["']?)[^\s"']{8,}/gi,
    keep: 1,
  },
];

/** Replaces every secret found in `text` with `[REDACTED]`, keeping the words around it. */
export function redact(text: string): string {
  let out = text;
  for (const { pattern, keep } of SECRET_PATTERNS) {
    out = out.replace(pattern, (...groups: unknown[]) => {
      if (!keep) return PLACEHOLDER;
      if (keep === 1) return `${String(groups[1])}${PLACEHOLDER}`;
      return `${String(groups[1])}${PLACEHOLDER}${String(groups[2])}`;
    });
  }
  return out;
}

/** Names of the kinds of secret found in `text` (for `doctor --privacy`); the secrets themselves are not returned. */
export function findSecretKinds(text: string): string[] {
  const kinds: string[] = [];
  for (const { name, pattern } of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    if (pattern.test(text)) kinds.push(name);
    pattern.lastIndex = 0;
  }
  return kinds;
}
