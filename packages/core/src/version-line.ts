/**
 * The version in the line a CLI printed for `--version` (as `readVersion` returns it): the first
 * capture group of `pattern`, else the whole line, trimmed (a format not foreseen is still worth
 * showing); null when nothing was read.
 */
export function versionFromLine(line: string | null, pattern: RegExp): string | null {
  const trimmed = line?.trim();
  if (!trimmed) return null;
  return pattern.exec(trimmed)?.[1] ?? trimmed;
}
