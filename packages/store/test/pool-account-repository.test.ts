import { describe, expect, it } from 'vitest';
import type { Store } from '../src/records.js';
import { withTempStore } from './temp-store.js';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';

describe('pool accounts in the store', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  it('adds, reads, pauses and removes accounts; a taken label changes nothing', async () => {
    const work = { label: 'work', provider: 'codex-cli', pool: 'codex-cli', sourceHome: '/h/codex', authFile: '/a/work.json' };
    expect(await store.poolAccounts.add(work, AT)).toMatchObject({ ...work, paused: false, createdAt: AT });
    expect(await store.poolAccounts.add({ ...work, provider: 'claude-code' }, LATER)).toBeNull();
    expect(await store.poolAccounts.get('work')).toMatchObject({ provider: 'codex-cli', updatedAt: AT });
    expect(await store.poolAccounts.setPaused('work', true, LATER)).toMatchObject({ paused: true, updatedAt: LATER });
    expect((await store.poolAccounts.list()).map((account) => [account.label, account.paused])).toEqual([['work', true]]);
    expect(await store.poolAccounts.setPaused('nope', true, LATER)).toBeNull();
    expect(await store.poolAccounts.remove('work')).toMatchObject({ label: 'work' });
    expect(await store.poolAccounts.remove('work')).toBeNull();
    expect(await store.poolAccounts.list()).toEqual([]);
  });

  it('keeps the account of a live assignment', async () => {
    await store.accountPool.update(null, (state) => ({
      state: {
        ...state,
        assignments: [{ worker: 'ses_aaaaaaaaaaaa', base: null, authPath: '/a/work.json', assignedAt: AT, account: 'work' }],
      },
      result: null,
    }));
    expect((await store.accountPool.read(null)).assignments[0]?.account).toBe('work');
  });
});
