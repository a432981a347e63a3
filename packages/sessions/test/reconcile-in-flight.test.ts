import { createProviderRegistry, defaultConfig, homePaths, newSessionId } from '@agentpool/core';
import { fakeProviders } from '@agentpool/providers-fake';
import type { NewSession } from '@agentpool/store';
import { createTmuxRuntime } from '@agentpool/tmux-runtime';
import { afterEach, expect, it } from 'vitest';
import { createSessionManager } from '../src/index.js';
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

it('a pane missing from a listing taken before the worker started is looked at again before the session is ended', async () => {
  harness = await createHarness();
  const running = await harness.spawnAndWait('fake-idle', ['idle']);
  // Another process listed the panes just before this worker's pane existed, and read the row after
  // the spawn recorded its pane: the listing says "no pane", the row says "started".
  const paths = homePaths(harness.temp.home);
  const runtime = createTmuxRuntime({ socketPath: paths.tmuxSocket, env: harness.temp.env });
  const other = createSessionManager({
    store: harness.store,
    runtime: { ...runtime, listPanes: async () => [], attachCommand: runtime.attachCommand, commandCount: 0 },
    providers: createProviderRegistry(fakeProviders),
    config: { ...defaultConfig(), observe: { quiescence_ms: 1500 } },
    paths,
    env: harness.temp.env,
    now: Date.now,
  });
  await other.list({});
  expect(await harness.store.sessions.require(running.id)).toMatchObject({ endedAt: null, endReason: null });
  expect(await harness.waitFor(running.id, ['idle'], 5000)).toBe('idle');
});
