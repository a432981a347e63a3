import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, git } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** A finished worker's worktree (clean, session ended) in a real repository. */
async function endedWorktree(repo: string) {
  harness ??= await createHarness((config) => config, repo);
  const spawned = await harness.sessions.spawn({ provider: 'fake-completed', task: 'Look around.', repo, isolation: 'worktree' });
  expect(await harness.waitFor(spawned.session.id, ['completed', 'error'])).toBe('completed');
  await harness.sessions.terminate(spawned.session.id);
  const record = await harness.store.worktrees.getBySession(spawned.session.id);
  if (!record) throw new Error('no worktree recorded');
  return { sessionId: spawned.session.id, path: record.path, branch: record.branch };
}

function commitIn(dir: string, file: string): string {
  writeFileSync(join(dir, file), `${file}\n`);
  git(dir, ['add', file]);
  git(dir, ['commit', '-q', '-m', `add ${file}`]);
  return git(dir, ['rev-parse', 'HEAD']);
}

describe('worktrees cleanup never deletes the only copy of a commit', () => {
  it('refuses a branch with a commit no other ref holds; removes it once main has the commit', async () => {
    const repo = createGitRepo();
    const worktree = await endedWorktree(repo);
    const commit = commitIn(worktree.path, 'only-here.txt');
    if (!harness) throw new Error('no harness');
    const { sessions } = harness;

    const [view] = await sessions.worktrees.list();
    expect(view?.unmerged_commits).toBe(1);
    await expect(sessions.worktrees.cleanup({ sessionId: worktree.sessionId, force: false, dryRun: false })).rejects.toMatchObject({
      code: 'WORKTREE_DIRTY',
      message: expect.stringContaining('1 commit(s)'),
    });
    const sweep = await sessions.worktrees.cleanup({ force: false, dryRun: false });
    expect(sweep.removed).toEqual([]);
    expect(sweep.refused.map((item) => item.code)).toEqual(['WORKTREE_DIRTY']);
    expect(git(repo, ['branch', '--list', worktree.branch])).not.toBe('');
    expect(existsSync(worktree.path)).toBe(true);

    git(repo, ['merge', '-q', '--ff-only', worktree.branch]);
    expect((await sessions.worktrees.list())[0]?.unmerged_commits).toBe(0);
    const removed = await sessions.worktrees.cleanup({ sessionId: worktree.sessionId, force: false, dryRun: false });
    expect(removed.removed.length).toBe(1);
    expect(existsSync(worktree.path)).toBe(false);
    expect(git(repo, ['branch', '--list', worktree.branch])).toBe('');
    expect(git(repo, ['cat-file', '-t', commit])).toBe('commit');
  });

  it('a commit a tag also holds survives the branch, so the worktree is removable', async () => {
    const repo = createGitRepo();
    const worktree = await endedWorktree(repo);
    const commit = commitIn(worktree.path, 'tagged.txt');
    git(repo, ['tag', 'keep-me', commit]);
    const report = await harness?.sessions.worktrees.cleanup({ sessionId: worktree.sessionId, force: false, dryRun: false });
    expect(report?.removed.length).toBe(1);
    expect(git(repo, ['rev-parse', 'keep-me'])).toBe(commit);
  });

  it('counts commits on a detached HEAD in the worktree, which removing it would lose', async () => {
    const repo = createGitRepo();
    const worktree = await endedWorktree(repo);
    git(worktree.path, ['checkout', '-q', '--detach']);
    commitIn(worktree.path, 'detached.txt');
    const [view] = (await harness?.sessions.worktrees.list()) ?? [];
    expect(view?.unmerged_commits).toBe(1);
    await expect(harness?.sessions.worktrees.cleanup({ sessionId: worktree.sessionId, force: false, dryRun: false })).rejects.toMatchObject(
      { code: 'WORKTREE_DIRTY' },
    );
    expect(existsSync(worktree.path)).toBe(true);
  });
});
