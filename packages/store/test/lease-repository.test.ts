import { AgentPoolError, newLeaseId } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';
import type { AcquireLease, LeaseMode, Store } from '../src/records.js';
import { createTempDir, withTempStore } from './temp-store.js';

describe('lease repository', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  function acquire(resource: string, mode: LeaseMode, extra: Partial<AcquireLease> = {}) {
    return store.leases.acquire({ id: newLeaseId(), resource, mode, holder: 'ses_holder000000', ttlSeconds: 600, ...extra });
  }

  async function conflictOf(attempt: Promise<unknown>): Promise<AgentPoolError> {
    const error = await attempt.catch((caught: unknown) => caught);
    if (!AgentPoolError.isInstance(error)) throw new Error(`expected an AgentPoolError, got ${String(error)}`);
    return error;
  }

  it('stores a secret-looking holder redacted, and still finds its leases by the holder as given', async () => {
    const holder = 'ci password=hunter2hunter2';
    expect((await acquire('/r/src', 'read', { holder })).holder).toBe('ci password=[REDACTED]');
    expect(await store.leases.list({ holder })).toHaveLength(1);
    expect(await store.leases.releaseByHolder(holder)).toBe(1);
  });

  it('lets read leases on the same path share', async () => {
    await acquire('/r/src', 'read');
    await acquire('/r/src', 'read', { holder: 'other' });
    expect(await store.leases.list()).toHaveLength(2);
  });

  it('refuses a write over a read with LEASE_CONFLICT naming the conflicting lease', async () => {
    const read = await acquire('/r/src', 'read');
    const error = await conflictOf(acquire('/r/src', 'write'));
    expect(error.code).toBe('LEASE_CONFLICT');
    expect(error.hint).toBe('agentpool leases list --json');
    expect((error.details.conflicts as { id: string }[]).map((lease) => lease.id)).toEqual([read.id]);
    expect(await store.leases.list()).toHaveLength(1);
  });

  it('treats a folder as covering everything under it, but not a sibling with a longer name', async () => {
    await acquire('/r/src/a.ts', 'read');
    expect((await conflictOf(acquire('/r/src', 'write'))).code).toBe('LEASE_CONFLICT');

    const other = createTempDir();
    const store2 = await openStore({ path: other.dbPath });
    try {
      await store2.leases.acquire({ id: newLeaseId(), resource: '/r', mode: 'read', holder: 'h', ttlSeconds: 60 });
      const error = await conflictOf(
        store2.leases.acquire({ id: newLeaseId(), resource: '/r/src', mode: 'write', holder: 'h', ttlSeconds: 60 }),
      );
      expect(error.code).toBe('LEASE_CONFLICT');
    } finally {
      await store2.close();
      other.cleanup();
    }

    await expect(acquire('/r/srcx', 'write')).resolves.toMatchObject({ resource: '/r/srcx', mode: 'write' });
  });

  it('ignores expired leases', async () => {
    const past = new Date('2020-01-01T00:00:00.000Z');
    await acquire('/r/src', 'write', { now: past, ttlSeconds: 60 });
    const granted = await acquire('/r/src', 'write');
    expect(granted.expiresAt > granted.createdAt).toBe(true);
    expect((await store.leases.list()).map((lease) => lease.id)).toEqual([granted.id]);
    expect(await store.leases.list({ includeInactive: true })).toHaveLength(2);
  });

  it('rejects a ttl that is not a positive finite number with INVALID_REQUEST', async () => {
    for (const ttlSeconds of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect((await conflictOf(acquire('/r', 'read', { ttlSeconds }))).code).toBe('INVALID_REQUEST');
    }
  });

  it('releases once; a second release is a no-op; an unknown id is LEASE_NOT_FOUND', async () => {
    const lease = await acquire('/r/src', 'write');
    const released = await store.leases.release(lease.id, new Date('2030-01-01T00:00:00.000Z'));
    expect(released.releasedAt).toBe('2030-01-01T00:00:00.000Z');
    expect(await store.leases.release(lease.id)).toEqual(released);
    await expect(acquire('/r/src', 'write')).resolves.toMatchObject({ releasedAt: null });

    const error = await conflictOf(store.leases.release('lea_unknown00000'));
    expect(error.code).toBe('LEASE_NOT_FOUND');
    expect(error.hint).toBe('agentpool leases list --json');
  });

  it('releases every active lease of a holder', async () => {
    await acquire('/r/a', 'write', { holder: 'ses_a' });
    await acquire('/r/b', 'read', { holder: 'ses_a' });
    await acquire('/r/c', 'write', { holder: 'ses_b' });

    expect(await store.leases.releaseByHolder('ses_a')).toBe(2);
    expect(await store.leases.releaseByHolder('ses_a')).toBe(0);
    expect((await store.leases.list()).map((lease) => lease.holder)).toEqual(['ses_b']);
    expect(await store.leases.list({ holder: 'ses_a', includeInactive: true })).toHaveLength(2);
  });
});
