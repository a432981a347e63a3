import { AgentPoolError } from '@agentpool/core';

/** Where in a client's config file a problem is: 1-based, as an editor shows it. */
export interface ConfigPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * The client's config file does not parse (or holds agentpool's entry in a form agentpool does not
 * edit). The message names the file and the line, never the text there (it may hold a key).
 */
export function configSyntaxError(path: string, problem: string, position: ConfigPosition | null, fix?: string): AgentPoolError {
  const where = position ? `${path}, line ${position.line}, column ${position.column}` : path;
  return new AgentPoolError('CLIENT_CONFIG_INVALID', `${where}: ${problem}. Nothing was changed.`, {
    details: { path, line: position?.line ?? null, column: position?.column ?? null },
    hint:
      fix ??
      (position ? `fix line ${position.line} of ${path}, then run the same command again` : `fix ${path}, then run the same command again`),
  });
}

/** The edit would change more than agentpool's entry: a bug, refused instead of written. */
export function editVerificationError(path: string, what: string): AgentPoolError {
  return new AgentPoolError(
    'INTERNAL',
    `Refusing to write ${path}: the edited text would ${what}. Nothing was changed; please report this with the file's layout (not its values).`,
    { details: { path } },
  );
}
