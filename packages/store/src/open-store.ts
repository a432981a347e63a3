import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AgentPoolError } from '@agentpool/core';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { createAccountPoolStateRepository } from './account-pool-state-repository.js';
import { createArtifactRepository } from './artifact-repository.js';
import { createEventRepository } from './event-repository.js';
import { runImmediate } from './immediate-transaction.js';
import { createLeaseRepository } from './lease-repository.js';
import { inCodeMigrationProvider, migrations } from './migrations.js';
import { createPoolAccountRepository } from './pool-account-repository.js';
import { createPoolEventRepository } from './pool-event-repository.js';
import { createProbeStateRepository } from './probe-state-repository.js';
import type { Store } from './records.js';
import type { Database } from './schema.js';
import { createSessionRepository } from './session-repository.js';
import { createTeamStore } from './team-repository.js';
import { createUsageSnapshotRepository } from './usage-snapshot-repository.js';
import { createWorktreeRepository } from './worktree-repository.js';
import { WRITE_LOCK_TIMEOUT_MS } from './write-lock-wait.js';

export interface OpenStoreOptions {
  /** Path of the SQLite file; its folder is created (0700) when missing. */
  readonly path: string;
}

/**
 * Opens (creating if needed) the SQLite store: WAL, foreign keys on, a 10 s busy timeout, and every
 * pending migration applied. Safe to call from several processes at once on the same fresh file.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const path = resolve(options.path);
  let sqlite: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    sqlite = new BetterSqlite3(path, { timeout: WRITE_LOCK_TIMEOUT_MS });
  } catch (error) {
    throw storeFailed(`Cannot open the store at ${path}: ${messageOf(error)}`, { path }, error);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    configureConnection(sqlite);
    await migrate(db, sqlite, path);
    restrictPermissions(path);
  } catch (error) {
    await db.destroy();
    if (AgentPoolError.isInstance(error)) throw error;
    throw storeFailed(`Cannot prepare the store at ${path}: ${messageOf(error)}`, { path }, error);
  }

  let closed = false;
  return {
    path,
    sessions: createSessionRepository(db),
    events: createEventRepository(db),
    artifacts: createArtifactRepository(db),
    worktrees: createWorktreeRepository(db),
    leases: createLeaseRepository(db),
    usage: createUsageSnapshotRepository(db),
    probeState: createProbeStateRepository(db),
    accountPool: createAccountPoolStateRepository(db),
    poolAccounts: createPoolAccountRepository(db),
    teams: createTeamStore(db),
    poolEvents: createPoolEventRepository(db),
    async schemaVersion(): Promise<number> {
      const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db);
      return rows[0]?.user_version ?? 0;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

function configureConnection(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
}

async function migrate(db: Kysely<Database>, sqlite: BetterSqlite3.Database, path: string): Promise<void> {
  const known = Object.keys(migrations).length;
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  // The common case: nothing to do, and no write lock taken.
  if (current === known) return;
  if (current > known) {
    throw storeFailed(
      `The store at ${path} has schema version ${current}, newer than this agentpool knows (${known}); upgrade agentpool.`,
      { path, schemaVersion: current, knownVersion: known },
    );
  }
  // BEGIN IMMEDIATE serialises processes that open a fresh file at the same moment: the second one
  // waits (busy timeout), then finds every migration applied.
  await runImmediate(db, async (trx) => {
    const migrator = new Migrator({ db: trx, provider: inCodeMigrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'migration setup';
      throw storeFailed(`Migration ${failed} failed on ${path}: ${messageOf(error)}`, { path, migration: failed }, error);
    }
    const applied = (await migrator.getMigrations()).filter((migration) => migration.executedAt !== undefined).length;
    await sql`PRAGMA user_version = ${sql.raw(String(applied))}`.execute(trx);
  });
}

/** The database and its WAL hold tasks and artifact paths: readable by the owner only. */
function restrictPermissions(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

function storeFailed(message: string, details: Record<string, unknown>, cause?: unknown): AgentPoolError {
  return new AgentPoolError('STORE_FAILED', message, { details, hint: 'agentpool doctor --json', cause });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
