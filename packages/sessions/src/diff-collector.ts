import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { headCommit, runGit } from './git.js';

export interface CollectedDiff {
  /** A patch from the spawn-time commit to the work tree as it is now: commits, staged, unstaged and untracked files. */
  readonly patch: string;
  /** `git status --porcelain=v1 --branch` of the work tree. */
  readonly status: string;
  /** Paths changed since the base commit, with git's status letter. */
  readonly changedFiles: readonly { readonly status: string; readonly path: string }[];
  /** Commits made since the base commit (`<sha> <subject>`). */
  readonly commits: readonly string[];
  readonly baseCommit: string;
  readonly headCommit: string | null;
}

/**
 * Everything the worker changed since `baseCommit`, without touching the user's index: a private
 * index file is filled from the work tree (`git add -A` honours .gitignore) and compared with the
 * base commit.
 */
export async function collectDiff(workDir: string, baseCommit: string, scratchDir: string): Promise<CollectedDiff> {
  const index = join(scratchDir, `collect-${process.pid}-${Date.now()}.index`);
  const env = { GIT_INDEX_FILE: index };
  try {
    await runGit(workDir, ['read-tree', baseCommit], { env });
    await runGit(workDir, ['add', '-A', '--', '.'], { env });
    const [patch, names, status, log, head] = await Promise.all([
      runGit(workDir, ['diff', '--cached', '--binary', '--no-color', '--no-ext-diff', baseCommit], { env }),
      runGit(workDir, ['diff', '--cached', '--name-status', '--no-color', baseCommit], { env }),
      runGit(workDir, ['status', '--porcelain=v1', '--branch', '--untracked-files=all']),
      runGit(workDir, ['log', '--format=%H %s', `${baseCommit}..HEAD`], { allowFailure: true }),
      headCommit(workDir),
    ]);
    const changedFiles = names.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [statusLetter = '', ...rest] = line.split('\t');
        return { status: statusLetter, path: rest[rest.length - 1] ?? '' };
      });
    return {
      patch: patch.stdout,
      status: status.stdout,
      changedFiles,
      commits: log.ok ? log.stdout.split('\n').filter(Boolean) : [],
      baseCommit,
      headCommit: head,
    };
  } finally {
    rmSync(index, { force: true });
  }
}
