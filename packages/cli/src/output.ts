import { AgentPoolError, exitCodeFor, toAgentPoolError } from '@agentpool/core';

export interface OutputOptions {
  readonly json: boolean;
}

/** Writes a result: JSON for agents, readable text for people. */
export function printResult(options: OutputOptions, value: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else {
    const text = human();
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** Prints an error (`{"error":{code,message,details}}` with --json) and returns its exit code: 2 for usage errors, 1 otherwise. */
export function printError(options: OutputOptions, error: unknown): number {
  const failure = toAgentPoolError(error);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ error: failure.toJSON() }, null, 2)}\n`);
  } else {
    const lines = [`error [${failure.code}]: ${failure.message}`];
    if (failure.hint) lines.push(`  next: ${failure.hint}`);
    if (failure.code === 'INTERNAL' && failure.cause instanceof Error && failure.cause.stack) lines.push(failure.cause.stack);
    process.stderr.write(`${lines.join('\n')}\n`);
  }
  return exitCodeFor(failure);
}

/** A fixed-width table; cells are cut at `maxWidth`. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
  maxWidth = 48,
): string {
  const cells = rows.map((row) =>
    row.map((cell) => {
      const text = cell === null || cell === undefined ? '-' : String(cell).replace(/\s+/g, ' ');
      return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
    }),
  );
  const widths = headers.map((header, index) => Math.max(header.length, ...cells.map((row) => (row[index] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers.map((header) => header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `key: value` lines for one object. */
export function keyValues(entries: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  return entries
    .filter(([, value]) => value !== undefined)
    .map(
      ([key, value]) => `${key.padEnd(width)}  ${value === null ? '-' : typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    )
    .join('\n');
}

export function usageError(
  message: string,
  hint?: string,
  code: 'INVALID_REQUEST' | 'INVALID_TIMEOUT' | 'INVALID_TRANSCRIPT_RANGE' = 'INVALID_REQUEST',
): AgentPoolError {
  return new AgentPoolError(code, message, hint ? { hint } : {});
}
