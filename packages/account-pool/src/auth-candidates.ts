import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AgentPoolError } from '@agentpool/core';
import { nameGlobToRegExp } from './name-glob.js';

/** Files in an auth team folder that are never auth files: locks, temp files, Finder metadata. */
export function isNeverAuthFile(name: string): boolean {
  return name.endsWith('.lock') || name.endsWith('.tmp') || name === '.DS_Store';
}

/**
 * The auth files of a team folder: regular files (a symlink counts when it points at one) whose
 * name matches `glob`, minus locks, temp files and `.DS_Store`, sorted by absolute path. Reads
 * names and file types only, never a file's content. A missing folder or no match is a usage error.
 */
export function listAuthCandidates(teamDir: string, glob: string): string[] {
  if (glob.includes('/')) {
    throw new AgentPoolError('INVALID_REQUEST', `The auth glob "${glob}" matches file names in the team folder; it cannot contain "/".`, {
      details: { glob },
      hint: 'agentpool pool auth-current --glob "auth*.json"',
    });
  }
  const dir = resolve(teamDir);
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir);
  } catch (error) {
    throw new AgentPoolError('AUTH_TEAM_NOT_FOUND', `The auth team folder ${dir} does not exist or is not a folder.`, {
      details: { team_dir: dir, reason: error instanceof Error ? error.message : String(error) },
      hint: 'Create it and put one auth file per account in it, or set pool.auth_team_dir in config.yaml (or CAP_AUTH_TEAM_DIR).',
    });
  }
  const pattern = nameGlobToRegExp(glob);
  const candidates = names
    .filter((name) => pattern.test(name) && !isNeverAuthFile(name))
    .map((name) => resolve(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false; // a dangling symlink is not an auth file
      }
    })
    .sort();
  if (candidates.length === 0) {
    throw new AgentPoolError('AUTH_TEAM_EMPTY', `No auth file in ${dir} matches "${glob}".`, {
      details: { team_dir: dir, glob },
      hint: `Copy an account's auth file into ${dir} (e.g. cp ~/.codex/auth.json ${dir}/auth-1.json), or change pool.auth_team_glob.`,
    });
  }
  return candidates;
}
