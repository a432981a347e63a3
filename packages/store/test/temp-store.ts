import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSessionId } from '@agentpool/core';
import { afterEach, beforeEach } from 'vitest';
import { openStore } from '../src/open-store.js';
import type { NewSession, Store } from '../src/records.js';

/** A temp folder for one test's database; never the real home. */
export function createTempDir(): { dir: string; dbPath: string; cleanup(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-store-')));
  return { dir, dbPath: join(dir, 'home', 'agentpool.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function newSession(overrides: Partial<NewSession> = {}): NewSession {
  const createdAt = overrides.createdAt ?? new Date().toISOString();
  return {
    id: newSessionId(),
    provider: 'fake',
    role: 'explorer',
    task: 'map the repository',
    repoPath: '/r',
    workDir: '/r',
    isolation: 'read_only',
    model: null,
    promptMode: 'arg',
    state: 'starting',
    stateConfidence: 0.5,
    stateEvidence: [],
    tmuxSession: 'ap-test',
    maxRuntimeSeconds: null,
    maxTurns: null,
    deadlineAt: null,
    turnCount: 1,
    turnStartedAt: createdAt,
    turnOffset: 0,
    baseCommit: null,
    worktreeId: null,
    exitStatus: null,
    endReason: null,
    accountId: null,
    createdAt,
    endedAt: null,
    metadata: {},
    ...overrides,
  };
}

/** Opens a fresh store in a temp folder before each test of the surrounding block and removes it after. */
export function withTempStore(onOpen: (store: Store) => void): void {
  let temp: ReturnType<typeof createTempDir>;
  let store: Store;
  beforeEach(async () => {
    temp = createTempDir();
    store = await openStore({ path: temp.dbPath });
    onOpen(store);
  });
  afterEach(async () => {
    await store.close();
    temp.cleanup();
  });
}
