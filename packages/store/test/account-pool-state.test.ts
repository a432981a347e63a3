import { describe, expect, it } from 'vitest';
import type { Store } from '../src/records.js';
import { withTempStore } from './temp-store.js';

describe('account pool state in the store', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  it('starts empty and keeps what an update writes', async () => {
    expect(await store.accountPool.read('/team')).toEqual({
      sourceCounter: 0,
      assignments: [],
      teamCycle: { teamDir: '/team', order: [], pointer: null },
    });
    const result = await store.accountPool.update('/team', (state) => ({
      state: {
        sourceCounter: state.sourceCounter + 1,
        assignments: [{ worker: 'w1', base: 'coder', authPath: '/team/a.json', assignedAt: '2026-01-01T00:00:00.000Z' }],
        teamCycle: { teamDir: '/team', order: [{ authPath: '/team/a.json', position: 0 }], pointer: 0 },
      },
      result: 'done',
    }));
    expect(result).toBe('done');
    const after = await store.accountPool.read('/team');
    expect(after.sourceCounter).toBe(1);
    expect(after.assignments).toEqual([
      { worker: 'w1', base: 'coder', authPath: '/team/a.json', assignedAt: '2026-01-01T00:00:00.000Z', account: null },
    ]);
    expect(after.teamCycle).toEqual({ teamDir: '/team', order: [{ authPath: '/team/a.json', position: 0 }], pointer: 0 });
    expect((await store.accountPool.read('/other')).teamCycle).toEqual({ teamDir: '/other', order: [], pointer: null });
  });

  it('deletes released assignments and replaces a worker’s earlier one', async () => {
    const at = '2026-01-01T00:00:00.000Z';
    await store.accountPool.update(null, (state) => ({
      state: {
        ...state,
        assignments: [
          { worker: 'w1', base: null, authPath: '/t/a', assignedAt: at },
          { worker: 'w2', base: null, authPath: '/t/b', assignedAt: at },
        ],
      },
      result: null,
    }));
    await store.accountPool.update(null, (state) => ({
      state: { ...state, assignments: [{ worker: 'w2', base: null, authPath: '/t/c', assignedAt: at }] },
      result: null,
    }));
    expect((await store.accountPool.read(null)).assignments.map((a) => [a.worker, a.authPath])).toEqual([['w2', '/t/c']]);
  });

  it('never rewrites a stored position', async () => {
    await store.accountPool.update('/team', (state) => ({
      state: { ...state, teamCycle: { teamDir: '/team', order: [{ authPath: '/team/a', position: 0 }], pointer: null } },
      result: null,
    }));
    await store.accountPool.update('/team', (state) => ({
      state: { ...state, teamCycle: { teamDir: '/team', order: [{ authPath: '/team/a', position: 7 }], pointer: null } },
      result: null,
    }));
    expect((await store.accountPool.read('/team')).teamCycle?.order).toEqual([{ authPath: '/team/a', position: 0 }]);
  });

  it('writes nothing when the change throws', async () => {
    await expect(
      store.accountPool.update(null, () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect((await store.accountPool.read(null)).sourceCounter).toBe(0);
  });
});
