import { describe, expect, it } from 'vitest';
import { createMemorySnapshotCache, createSnapshot } from '../src/index.js';
import { NOW, win } from './window-fixtures.js';

describe('createMemorySnapshotCache', () => {
  it('gets what was put, by provider and account', async () => {
    const cache = createMemorySnapshotCache();
    const home = createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, windows: [win('5h', 50, 1)] });
    const work = createSnapshot({ providerId: 'codex-cli', accountId: 'work', fetchedAt: NOW, windows: [win('5h', 10, 1)] });
    await cache.put(home);
    await cache.put(work);
    expect(await cache.get('codex-cli', null)).toBe(home);
    expect(await cache.get('codex-cli', 'work')).toBe(work);
    expect(await cache.get('claude-code', null)).toBeNull();
    expect(await cache.get('codex-cli', 'other')).toBeNull();
    expect(cache.size).toBe(2);
  });

  it('replaces the earlier snapshot of the same account', async () => {
    const cache = createMemorySnapshotCache();
    await cache.put(createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, windows: [win('5h', 50, 1)] }));
    const failed = createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, status: 'error', reason: 'timeout' });
    await cache.put(failed);
    expect((await cache.get('codex-cli', null))?.status).toBe('error');
    expect(cache.size).toBe(1);
  });

  it('does not confuse an account named "null" with the default home', async () => {
    const cache = createMemorySnapshotCache();
    await cache.put(createSnapshot({ providerId: 'p', accountId: 'null', fetchedAt: NOW }));
    expect(await cache.get('p', null)).toBeNull();
  });
});
