import { invalidRequest } from './team-errors.js';

/** A team name is one identifier: no path separators or traversal, no whitespace, no control characters. */
export function validateTeamName(teamName: string): string {
  const hint = 'agentpool team init --team-name my-team --goal "…" --members lead,implementer-a,reviewer';
  if (!teamName) throw invalidRequest('--team-name must be a non-empty string.', hint);
  if (teamName === '.' || teamName === '..' || teamName.includes('/') || teamName.includes('\\')) {
    throw invalidRequest('--team-name must be a single identifier and cannot contain path separators or traversal segments.', hint);
  }
  if (/\s/u.test(teamName)) throw invalidRequest('--team-name cannot contain whitespace.', hint);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\u0000-\u001f\u007f]/u.test(teamName)) throw invalidRequest('--team-name cannot contain control characters.', hint);
  return teamName;
}
