import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AgentPoolError } from '@agentpool/core';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type Migration, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations.js';
import { openStore } from '../src/open-store.js';
import { raceChildren } from './child-processes.js';
import { createTempDir, newSession } from './temp-store.js';

/** The schema version a fresh store reaches: one per in-code migration. */
const LATEST = Object.keys(migrations).length;

describe('openStore', () => {
  let temp: ReturnType<typeof createTempDir>;
  beforeEach(() => {
    temp = createTempDir();
  });
  afterEach(() => temp.cleanup());

  it('creates a private folder and file with every table, WAL and foreign keys on, at schema version 1', async () => {
    const store = await openStore({ path: temp.dbPath });
    try {
      expect(store.path).toBe(temp.dbPath);
      expect(await store.schemaVersion()).toBe(LATEST);
      expect(statSync(temp.dbPath).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(temp.dbPath)).mode & 0o777).toBe(0o700);
    } finally {
      await store.close();
    }

    const raw = new BetterSqlite3(temp.dbPath, { readonly: true });
    try {
      const tables = raw.prepare("select name from sqlite_master where type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['sessions', 'session_events', 'artifacts', 'worktrees', 'leases', 'session_turns']));
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(LATEST);
    } finally {
      raw.close();
    }
  });

  it('enforces foreign keys (foreign_keys = 1): an event or artifact for an unknown session is refused', async () => {
    const store = await openStore({ path: temp.dbPath });
    try {
      const event = await store.events
        .append({ sessionId: 'ses_nobody000000', type: 'spawned', state: null, data: {} })
        .catch((e: unknown) => e);
      expect(AgentPoolError.isInstance(event) && event.code).toBe('SESSION_NOT_FOUND');
      const artifact = await store.artifacts
        .put({ sessionId: 'ses_nobody000000', kind: 'prompt', path: '/x', sha256: 'a', sizeBytes: 1 })
        .catch((e: unknown) => e);
      expect(AgentPoolError.isInstance(artifact) && artifact.code).toBe('SESSION_NOT_FOUND');
    } finally {
      await store.close();
    }
  });

  it('upgrades a version-1 store in place: sessions keep their data and get their current turn', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dirname(temp.dbPath), { recursive: true });
    const raw = new BetterSqlite3(temp.dbPath);
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const result = await new Migrator({
      db: old,
      provider: { getMigrations: async () => ({ '0001_initial': migrations['0001_initial'] as Migration }) },
    }).migrateToLatest();
    expect(result.error).toBeUndefined();
    raw.pragma('user_version = 1');
    raw
      .prepare(
        `insert into sessions (id, provider, role, task, repo_path, work_dir, isolation, prompt_mode, state, tmux_session,
         turn_count, turn_started_at, turn_offset, created_at, updated_at) values
         ('ses_old000000001', 'fake', 'custom', 'old task', '/r', '/r', 'read_only', 'arg', 'idle', 'ses_old000000001',
         2, '2026-01-01T00:00:00.000Z', 512, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
      )
      .run();
    await old.destroy();

    const store = await openStore({ path: temp.dbPath });
    try {
      expect(await store.schemaVersion()).toBe(LATEST);
      expect(await store.sessions.require('ses_old000000001')).toMatchObject({ task: 'old task', version: 1, accountId: null });
      expect(await store.sessions.turns('ses_old000000001')).toEqual([
        expect.objectContaining({ number: 2, streamOffset: 512, startedAt: '2026-01-01T00:00:00.000Z' }),
      ]);
    } finally {
      await store.close();
    }
  });

  it('keeps data and does not re-run migrations when reopened', async () => {
    const first = await openStore({ path: temp.dbPath });
    const session = await first.sessions.insertWithinCap(newSession(), 5);
    await first.close();

    const second = await openStore({ path: temp.dbPath });
    try {
      expect(await second.schemaVersion()).toBe(LATEST);
      expect((await second.sessions.require(session.id)).task).toBe(session.task);
    } finally {
      await second.close();
    }
    const raw = new BetterSqlite3(temp.dbPath, { readonly: true });
    try {
      expect(raw.prepare('select name from kysely_migration').pluck().all()).toEqual(Object.keys(migrations));
    } finally {
      raw.close();
    }
  });

  it('refuses a database written by a newer schema with STORE_FAILED', async () => {
    const store = await openStore({ path: temp.dbPath });
    await store.close();
    const raw = new BetterSqlite3(temp.dbPath);
    raw.pragma('user_version = 99');
    raw.close();

    const error = await openStore({ path: temp.dbPath }).catch((caught: unknown) => caught);
    expect(AgentPoolError.isInstance(error) && error.code).toBe('STORE_FAILED');
  });

  it('reports a path it cannot open as STORE_FAILED', async () => {
    const error = await openStore({ path: temp.dir }).catch((caught: unknown) => caught);
    expect(AgentPoolError.isInstance(error) && error.code).toBe('STORE_FAILED');
  });

  it('lets several processes open the same fresh file at the same moment', async () => {
    const results = await raceChildren({ dir: temp.dir, dbPath: temp.dbPath, count: 4, mode: 'open' });
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ ok: true, schemaVersion: LATEST })));
  }, 60_000);
});
