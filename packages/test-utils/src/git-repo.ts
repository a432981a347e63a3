import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'agentpool test',
  GIT_AUTHOR_EMAIL: 'test@agentpool.invalid',
  GIT_COMMITTER_NAME: 'agentpool test',
  GIT_COMMITTER_EMAIL: 'test@agentpool.invalid',
};

export function git(cwd: string, args: readonly string[]): string {
  return execFileSync('git', [...args], { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
}

/** A real git repository with one commit holding `files` (default: a README). */
export function createGitRepo(files: Record<string, string> = { 'README.md': '# test repo\n' }, root?: string): string {
  const dir = root ?? realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-repo-')));
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'initial commit']);
  return dir;
}

/** A plain folder that is not a git repository. */
export function createPlainDir(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-plain-')));
}
