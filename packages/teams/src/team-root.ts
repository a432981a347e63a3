import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { invalidRequest } from './team-errors.js';

/** Where teams live: a root (team_ops' `<workspace>/.codex/teams`) and how it was chosen. */
export interface TeamLocation {
  readonly root: string;
  /** Chosen by `--team-root` or a variable: never auto-switched. */
  readonly explicit: boolean;
  /** `<dir>/.codex/teams` for the working folder and each of its parents, nearest first. */
  readonly ancestorRoots: readonly string[];
}

/** The variables that name a team root, strongest first. */
export const TEAM_ROOT_VARIABLES = ['AGENTPOOL_TEAM_ROOT', 'TEAM_OPS_ROOT'] as const;

const expandHome = (path: string): string => (path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);

/**
 * `--team-root`, else `AGENTPOOL_TEAM_ROOT`, else `TEAM_OPS_ROOT`, else the nearest ancestor of `cwd`
 * holding a `.codex` folder (or `cwd` itself) plus `.codex/teams` — team_ops' rule. A root that is a
 * file is refused.
 */
export function resolveTeamLocation(input: {
  teamRoot?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}): TeamLocation {
  const cwd = resolve(input.cwd);
  const ancestors: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    ancestors.push(dir);
    if (dirname(dir) === dir) break;
  }
  const ancestorRoots = ancestors.map((dir) => join(dir, '.codex', 'teams'));
  const configured = input.teamRoot || TEAM_ROOT_VARIABLES.map((name) => input.env[name]).find((value) => value);
  let root: string;
  if (configured) root = resolve(cwd, expandHome(configured));
  else {
    const workspace = ancestors.find((dir) => isDirectory(join(dir, '.codex'))) ?? cwd;
    root = join(workspace, '.codex', 'teams');
  }
  if (existsSync(root) && !isDirectory(root)) {
    throw invalidRequest(
      `Team root '${root}' is not a directory. Set --team-root (or AGENTPOOL_TEAM_ROOT / TEAM_OPS_ROOT) to a directory path.`,
      '--team-root ./.codex/teams',
      {
        team_root: root,
      },
    );
  }
  return { root, explicit: Boolean(configured), ancestorRoots };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
