import { newSessionId } from '@agentpool/core';
import type { NewSession } from '@agentpool/store';
import { afterEach, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** A session row exactly as spawn writes it before its tmux pane exists. */
function rowBeforePane(createdAt: Date): NewSession {
  const id = newSessionId();
  const at = createdAt.toISOString();
  return {
    id,
    provider: 'fake-idle',
    role: 'custom',
    task: 'Being started by another process.',
    repoPath: '/tmp',
    workDir: '/tmp',
    isolation: 'read_only',
    model: null,
    promptMode: 'arg',
    state: 'starting',
    stateConfidence: 1,
    stateEvidence: [],
    tmuxSession: id,
    maxRuntimeSeconds: null,
    maxTurns: null,
    deadlineAt: null,
    turnCount: 1,
    turnStartedAt: at,
    turnOffset: 0,
    baseCommit: null,
    worktreeId: null,
    exitStatus: null,
    endReason: null,
    createdAt: at,
    endedAt: null,
    accountId: null,
    metadata: {},
  };
}

it('reconcile never ends a session another process is still starting, but does end one that never started', async () => {
  harness = await createHarness();
  // Some pane must exist so reconcile really lists tmux.
  await harness.spawnAndWait('fake-idle', ['idle']);
  const inFlight = await harness.store.sessions.insertWithinCap(rowBeforePane(new Date()), 10);
  const abandoned = await harness.store.sessions.insertWithinCap(rowBeforePane(new Date(Date.now() - 5 * 60_000)), 10);

  const list = await harness.sessions.list({});
  const byId = new Map(list.map((session) => [session.id, session]));
  expect(byId.get(inFlight.id)).toMatchObject({ state: 'starting', endedAt: null });
  expect(byId.get(abandoned.id)).toMatchObject({ state: 'error', endReason: 'pane_missing' });
  const observed = await harness.sessions.observe({ sessionId: inFlight.id, waitFor: [], timeoutMs: 0 });
  expect(observed.evaluated.evaluation).toMatchObject({ state: 'starting', ended: false });
});
