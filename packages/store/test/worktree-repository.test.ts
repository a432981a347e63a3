import { AgentPoolError } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import type { Store, WorktreeRecord } from '../src/records.js';
import { newSession, withTempStore } from './temp-store.js';

describe('worktree repository', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  function worktree(id: string, sessionId: string | null, repoPath: string): Omit<WorktreeRecord, 'removedAt'> {
    return {
      id,
      sessionId,
      repoPath,
      path: `${repoPath}-wt/${id}`,
      branch: `agentpool/${id}`,
      baseCommit: 'abc',
      createdAt: new Date().toISOString(),
    };
  }

  it('finds a worktree by id and by session, and lists by repo', async () => {
    const session = await store.sessions.insertWithinCap(newSession(), 5);
    const inserted = await store.worktrees.insert(worktree('wt_1', session.id, '/r'));
    await store.worktrees.insert(worktree('wt_2', null, '/other'));

    expect(inserted.removedAt).toBeNull();
    expect(await store.worktrees.get('wt_1')).toEqual(inserted);
    expect(await store.worktrees.getBySession(session.id)).toEqual(inserted);
    expect(await store.worktrees.getBySession('ses_none00000000')).toBeNull();
    expect((await store.worktrees.list({ repoPath: '/r' })).map((w) => w.id)).toEqual(['wt_1']);
    expect((await store.worktrees.list()).map((w) => w.id)).toEqual(['wt_1', 'wt_2']);
  });

  it('hides removed worktrees unless asked, and keeps the first removal time', async () => {
    await store.worktrees.insert(worktree('wt_1', null, '/r'));
    await store.worktrees.insert(worktree('wt_2', null, '/r'));
    await store.worktrees.markRemoved('wt_1', '2030-01-01T00:00:00.000Z');
    await store.worktrees.markRemoved('wt_1', '2031-01-01T00:00:00.000Z');

    expect((await store.worktrees.list()).map((w) => w.id)).toEqual(['wt_2']);
    const all = await store.worktrees.list({ includeRemoved: true });
    expect(all.map((w) => [w.id, w.removedAt])).toEqual([
      ['wt_1', '2030-01-01T00:00:00.000Z'],
      ['wt_2', null],
    ]);
    const error = await store.worktrees.markRemoved('wt_missing').catch((caught: unknown) => caught);
    expect(AgentPoolError.isInstance(error) && error.code).toBe('WORKTREE_NOT_FOUND');
  });
});
