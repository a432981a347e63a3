import { execFile } from 'node:child_process';
import { AgentPoolError } from '@agentpool/core';

export interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs git with an argv array in `cwd`. */
export function runGit(
  cwd: string,
  args: readonly string[],
  options: { env?: Record<string, string>; allowFailure?: boolean } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd, env: { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0' }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (
          error &&
          (error as NodeJS.ErrnoException).code === 'ENOENT' &&
          typeof (error as NodeJS.ErrnoException).errno !== 'undefined' &&
          !stderr
        ) {
          reject(
            new AgentPoolError('GIT_FAILED', 'git was not found.', {
              hint: 'Install git (Debian/Ubuntu: sudo apt-get install git)',
              cause: error,
            }),
          );
          return;
        }
        if (error && !options.allowFailure) {
          reject(
            new AgentPoolError('GIT_FAILED', `git ${args[0] ?? ''} failed in ${cwd}: ${stderr.trim() || error.message}`, {
              details: { cwd, command: args.slice(0, 3), stderr: stderr.trim() },
              cause: error,
            }),
          );
          return;
        }
        resolve({ ok: !error, stdout, stderr });
      },
    );
  });
}

/** The top folder of the git work tree containing `dir`, or null when it is not in one. */
export async function gitTopLevel(dir: string): Promise<string | null> {
  const result = await runGit(dir, ['rev-parse', '--show-toplevel'], { allowFailure: true });
  return result.ok ? result.stdout.trim() : null;
}

/** The repository's shared git folder (`.git` of the main work tree; absolute), or null when `dir` is not in a repository. */
export async function gitCommonDir(dir: string): Promise<string | null> {
  const result = await runGit(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir'], { allowFailure: true });
  return result.ok && result.stdout.trim() ? result.stdout.trim() : null;
}

/** The commit HEAD points at, or null (no commits yet, or not a repo). */
export async function headCommit(dir: string): Promise<string | null> {
  const result = await runGit(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'], { allowFailure: true });
  return result.ok ? result.stdout.trim() : null;
}

/** Whether the work tree has any change: staged, unstaged or untracked (ignored files do not count). */
export async function isDirty(dir: string): Promise<boolean> {
  const result = await runGit(dir, ['status', '--porcelain', '--untracked-files=all']);
  return result.stdout.trim().length > 0;
}
