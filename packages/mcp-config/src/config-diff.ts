import { redact } from '@agentpool/core';
import { createTwoFilesPatch } from 'diff';

/** Key names whose values are masked in a shown diff wherever they appear (env maps, headers, auth blocks). */
const SECRET_KEY = /(key|token|secret|passw|auth|credential|cookie|bearer|session)/i;

/** `"NAME": "value"` or `NAME = "value"` with a secret-sounding name: the value masked. */
const ASSIGNMENT = /((["']?)([A-Za-z0-9_.-]+)\2\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*')/g;

/** One line of a config file as it may be shown: known secret shapes and secret-named values masked. */
export function redactConfigLine(line: string): string {
  const masked = line.replace(ASSIGNMENT, (whole, prefix: string, _quote: string, name: string, value: string) =>
    SECRET_KEY.test(name) && value.length > 2 ? `${prefix}"[REDACTED]"` : whole,
  );
  return redact(masked);
}

/**
 * A unified diff of a config file before and after an edit, with secrets masked on every line (the
 * lines around agentpool's entry may hold other servers' keys). Empty when nothing changes.
 */
export function configDiff(path: string, before: string | null, after: string | null): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(
    before === null ? '/dev/null' : path,
    after === null ? '/dev/null' : path,
    before ?? '',
    after ?? '',
    '',
    '',
    {
      context: 3,
    },
  );
  return patch
    .split('\n')
    .filter((line) => !line.startsWith('===') && !line.startsWith('Index: '))
    .map(redactConfigLine)
    .join('\n');
}
