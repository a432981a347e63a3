import { createSnapshot, normaliseWindow, snapshotAge, type UsageSnapshot } from '@agentpool/usage';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';
import type { Store } from '../src/records.js';
import { createTempDir, withTempStore } from './temp-store.js';

function fiveHour(remainingPercent: number, observedAt: string) {
  const result = normaliseWindow({
    name: '5h limit',
    durationSeconds: 18_000,
    remainingPercent,
    resetsAt: '2030-01-01T05:00:00.000Z',
    source: 'test-endpoint',
    confidence: 'official',
    observedAt,
  });
  if (!result.ok) throw new Error(result.problem);
  return result.window;
}

function snapshot(fetchedAt: string, remainingPercent: number, accountId: string | null = null): UsageSnapshot {
  return createSnapshot({ providerId: 'codex-cli', accountId, windows: [fiveHour(remainingPercent, fetchedAt)], fetchedAt });
}

describe('usage snapshot repository', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  it('gives back what was put, per provider and account, with its own fetch time', async () => {
    await store.usage.put(snapshot('2030-01-01T01:00:00.000Z', 0));
    await store.usage.put(snapshot('2030-01-01T01:00:00.000Z', 55, 'work'));
    const home = await store.usage.get('codex-cli', null);
    expect(home?.status).toBe('limit_reached');
    expect(home?.windows[0]?.remainingPercent).toBe(0);
    expect(home?.fetchedAt).toBe('2030-01-01T01:00:00.000Z');
    expect((await store.usage.get('codex-cli', 'work'))?.windows[0]?.remainingPercent).toBe(55);
    expect(await store.usage.get('codex-cli', 'other')).toBeNull();
    expect(await store.usage.get('claude-code', null)).toBeNull();
  });

  it('replaces a snapshot with a later one, failed ones included', async () => {
    await store.usage.put(snapshot('2030-01-01T01:00:00.000Z', 40));
    await store.usage.put(
      createSnapshot({ providerId: 'codex-cli', status: 'error', reason: 'HTTP 429', fetchedAt: '2030-01-01T02:00:00.000Z' }),
    );
    const kept = await store.usage.get('codex-cli', null);
    expect(kept?.status).toBe('error');
    expect(kept?.reason).toBe('HTTP 429');
  });

  it('never lets an older reading replace a newer one, so a stale figure is never returned as fresh', async () => {
    await store.usage.put(snapshot('2030-01-01T02:00:00.000Z', 10));
    await store.usage.put(snapshot('2030-01-01T01:00:00.000Z', 90));
    const kept = await store.usage.get('codex-cli', null);
    expect(kept?.windows[0]?.remainingPercent).toBe(10);
    const age = snapshotAge(kept!, { now: new Date('2030-01-01T03:00:00.000Z'), staleAfterSeconds: 1800 });
    expect(age).toMatchObject({ ageSeconds: 3600, stale: true });
  });

  it('refuses a snapshot without a fetch time', async () => {
    await expect(store.usage.put({ ...snapshot('2030-01-01T01:00:00.000Z', 5), fetchedAt: 'yesterday' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });
});

describe('usage snapshots on disk', () => {
  it('survive a reopen, and a corrupt row reads as nothing cached', async () => {
    const temp = createTempDir();
    try {
      const first = await openStore({ path: temp.dbPath });
      await first.usage.put(snapshot('2030-01-01T01:00:00.000Z', 0));
      await first.usage.put(snapshot('2030-01-01T01:00:00.000Z', 20, 'work'));
      await first.close();

      const raw = new BetterSqlite3(temp.dbPath);
      raw.prepare('UPDATE usage_snapshots SET snapshot = \'{"providerId": "codex-cli", trunc\' WHERE account_key = \'work\'').run();
      raw.close();

      const second = await openStore({ path: temp.dbPath });
      expect((await second.usage.get('codex-cli', null))?.windows[0]?.remainingPercent).toBe(0);
      expect(await second.usage.get('codex-cli', 'work')).toBeNull();
      await second.close();
    } finally {
      temp.cleanup();
    }
  });
});
