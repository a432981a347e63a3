/** Names a POSIX shell can export. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes a value for a POSIX shell: single quotes, with each `'` written as `'\''`. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface EnvFile {
  /** `export NAME='value'` lines (and `unset NAME` lines) for the pane entry to source. */
  readonly content: string;
  /** Names a shell cannot export (they contain `-`, `.`, …), left out. */
  readonly skipped: readonly string[];
}

/**
 * The worker's environment as a file the pane entry sources, so values (API keys among them) are
 * never on a command line. `unset` lists names the pane inherited from the tmux server that the
 * worker must not see.
 */
export function formatEnvFile(env: Readonly<Record<string, string>>, unset: readonly string[] = []): EnvFile {
  const lines: string[] = [];
  const skipped: string[] = [];
  for (const name of unset) if (SHELL_NAME.test(name) && !(name in env)) lines.push(`unset ${name}`);
  for (const [name, value] of Object.entries(env)) {
    if (!SHELL_NAME.test(name) || value.includes('\0')) {
      skipped.push(name);
      continue;
    }
    lines.push(`export ${name}=${shellQuote(value)}`);
  }
  return { content: `${lines.join('\n')}\n`, skipped };
}
