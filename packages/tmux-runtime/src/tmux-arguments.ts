/**
 * tmux splits its argument list into commands at any argument that ends with `;`. Escaping that
 * last `;` as `\;` makes tmux keep it literally (it turns a trailing `\;` back into `;`), so task
 * text, paths and values always arrive as written.
 */
export function escapeTmuxArgument(argument: string): string {
  return argument.endsWith(';') ? `${argument.slice(0, -1)}\\;` : argument;
}

/** Joins several tmux commands into one invocation (one process instead of several). */
export function tmuxCommandList(commands: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  commands.forEach((command, index) => {
    if (index > 0) out.push(';');
    out.push(...command.map(escapeTmuxArgument));
  });
  return out;
}

/** tmux session names may not contain `.` or `:`; keep them to a safe, readable alphabet. */
export function sanitizeSessionName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned.length > 0 ? cleaned.slice(0, 64) : 'agentpool';
}

/** Quotes a value for the POSIX shell that tmux's pipe-pane runs, and escapes tmux's `#` formats. */
export function quoteForPipeCommand(value: string): string {
  return `'${value.replace(/'/g, `'\\''`).replace(/#/g, '##')}'`;
}

const NAMED_KEY =
  /^(Enter|Escape|Tab|BTab|Space|BSpace|Up|Down|Left|Right|Home|End|PageUp|PageDown|PPage|NPage|DC|IC|F([1-9]|1[0-2])|[CM]-[a-z0-9]|C-M-[a-z]|[A-Za-z0-9])$/;

/** Whether `key` is a single tmux key name agentpool allows (`Enter`, `C-c`, `y`, `Up`…), never free text. */
export function isNamedKey(key: string): boolean {
  return NAMED_KEY.test(key);
}
