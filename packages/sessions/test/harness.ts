import {
  type AgentPoolConfig,
  createProviderRegistry,
  defaultConfig,
  homePaths,
  type ProviderAdapter,
  type SessionState,
} from '@agentpool/core';
import { fakeProviders } from '@agentpool/providers-fake';
import { openStore, type Store } from '@agentpool/store';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { createTmuxRuntime } from '@agentpool/tmux-runtime';
import { createSessionManager, type SessionManager } from '../src/index.js';

export interface Harness {
  readonly temp: TempHome;
  readonly store: Store;
  readonly sessions: SessionManager;
  /** Spawns and waits until the worker reaches one of `states`. */
  spawnAndWait(
    provider: string,
    states: SessionState[],
    extra?: Partial<Parameters<SessionManager['spawn']>[0]>,
  ): Promise<{ id: string; state: SessionState }>;
  waitFor(id: string, states: SessionState[], timeoutMs?: number): Promise<SessionState>;
  close(): Promise<void>;
}

export async function createHarness(
  configure: (config: AgentPoolConfig) => AgentPoolConfig = (config) => config,
  repo?: string,
  extraEnv: Record<string, string> = {},
  extraProviders: readonly ProviderAdapter[] = [],
): Promise<Harness> {
  const temp = createTempHome();
  Object.assign(temp.env, extraEnv);
  const paths = homePaths(temp.home);
  const store = await openStore({ path: paths.database });
  const base = defaultConfig();
  const config = configure({ ...base, observe: { quiescence_ms: 1500 } });
  const runtime = createTmuxRuntime({ socketPath: paths.tmuxSocket, env: temp.env });
  const sessions = createSessionManager({
    store,
    runtime,
    providers: createProviderRegistry([...fakeProviders, ...extraProviders]),
    config,
    paths,
    env: temp.env,
    now: Date.now,
  });
  const harness: Harness = {
    temp,
    store,
    sessions,
    async waitFor(id, states, timeoutMs = 20_000) {
      const result = await sessions.observe({ sessionId: id, waitFor: states, timeoutMs });
      return result.evaluated.evaluation.state;
    },
    async spawnAndWait(provider, states, extra = {}) {
      const spawned = await sessions.spawn({ provider, task: 'Inspect the folder and report.', repo: repo ?? temp.home, ...extra });
      return { id: spawned.session.id, state: await harness.waitFor(spawned.session.id, states) };
    },
    async close() {
      await store.close();
      temp.cleanup();
    },
  };
  return harness;
}
