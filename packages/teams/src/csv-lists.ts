import { invalidRequest } from './team-errors.js';

/** `a, b,,c` → `['a', 'b', 'c']`. */
export function parseCsv(value: string | undefined | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `--owner-map option:owner,…` → a map; malformed or duplicate entries are refused. */
export function parseOwnerMap(value: string | undefined | null): Map<string, string> {
  const hint = '--owner-map "fixed-backoff:implementer-a,exponential-backoff:implementer-b"';
  const mapping = new Map<string, string>();
  for (const item of parseCsv(value)) {
    const colon = item.indexOf(':');
    if (colon < 0) throw invalidRequest("--owner-map entries must be in 'option:owner' format, separated by commas.", hint);
    const option = item.slice(0, colon).trim();
    const owner = item.slice(colon + 1).trim();
    if (!option || !owner) throw invalidRequest('--owner-map entries must include both option and owner (option:owner).', hint);
    if (mapping.has(option)) throw invalidRequest(`--owner-map contains duplicate option '${option}'. Provide one owner per option.`, hint);
    mapping.set(option, owner);
  }
  return mapping;
}
