import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type AgentPoolConfig,
  AgentPoolError,
  createProviderRegistry,
  type HomePaths,
  homePaths,
  loadConfigFile,
  type ProviderAdapter,
  type ProviderContext,
  type ProviderRegistry,
  providerContextFor,
  resolveHome,
  STARTER_CONFIG,
} from '@agentpool/core';
import { fakeProviders } from '@agentpool/providers-fake';
import type { SessionManager } from '@agentpool/sessions';
import type { Store } from '@agentpool/store';
import { createTmuxRuntime, type TmuxRuntime } from '@agentpool/tmux-runtime';
import { type DoctorReport, runDoctor } from './doctor.js';
import { buildInventory, type Inventory } from './inventory.js';
import { loadProviderPlugin } from './plugin-loader.js';
import { runSmoke, type SmokeReport, type SmokeRequest } from './smoke.js';

export interface AgentPoolOptions {
  /** The agentpool home (default `$AGENTPOOL_HOME` or `~/.agentpool`). */
  readonly home?: string | undefined;
  /** Environment (default `process.env`): PATH, HOME and provider variables. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Use this configuration instead of reading `config.yaml`. */
  readonly config?: AgentPoolConfig | undefined;
  /** Extra provider adapters, registered after the built-in ones and config plugins. */
  readonly providers?: readonly ProviderAdapter[] | undefined;
  /** Clock (epoch ms); for tests. */
  readonly now?: (() => number) | undefined;
}

export interface AgentPool {
  readonly paths: HomePaths;
  readonly config: AgentPoolConfig;
  /** Whether config.yaml exists (otherwise every default applies). */
  readonly configExists: boolean;
  readonly runtime: TmuxRuntime;
  /** Providers, built-in and plugins (plugins load on first use). */
  providers(): Promise<ProviderRegistry>;
  /** The store, opened (and migrated) on first use. */
  store(): Promise<Store>;
  /** Worker sessions; opens the store on first use. */
  sessions(): Promise<SessionManager>;
  inventory(options?: { includeTestProviders?: boolean }): Promise<Inventory>;
  doctor(options?: { deep?: boolean; privacy?: boolean }): Promise<DoctorReport>;
  smoke(request: SmokeRequest): Promise<SmokeReport>;
  providerContext(id: string): ProviderContext;
  close(): Promise<void>;
}

/** Creates the home with a small config; refuses to overwrite one unless `force` (which keeps a backup). */
export function initHome(options: { home?: string; env?: Readonly<Record<string, string | undefined>>; force?: boolean } = {}) {
  const paths = homePaths(options.home ?? resolveHome(options.env ?? process.env));
  mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  let backup: string | null = null;
  if (existsSync(paths.config)) {
    if (!options.force) {
      throw new AgentPoolError('CONFIG_EXISTS', `${paths.config} already exists; it was left as it is.`, {
        details: { config: paths.config },
        hint: 'agentpool config validate   (or agentpool init --force to replace it; a backup is kept)',
      });
    }
    backup = `${paths.config}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(paths.config, backup);
  }
  writeConfigAtomically(paths.config, STARTER_CONFIG);
  return { home: paths.home, config_path: paths.config, backup_path: backup, created: backup === null };
}

function writeConfigAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  renameSync(temp, path);
}

export async function createAgentPool(options: AgentPoolOptions = {}): Promise<AgentPool> {
  const env = options.env ?? process.env;
  const paths = homePaths(options.home ?? resolveHome(env));
  const loaded = options.config ? { config: options.config, exists: true } : await loadConfigFile(paths.config);
  const config = loaded.config;
  const now = options.now ?? Date.now;
  const runtime = createTmuxRuntime({ socketPath: paths.tmuxSocket, binary: config.tmux.binary, env });
  let registry: Promise<ProviderRegistry> | null = null;
  let store: Promise<Store> | null = null;
  let manager: Promise<SessionManager> | null = null;

  const providerContext = (id: string): ProviderContext => providerContextFor(config, env, paths.home, id);
  const providers = () => {
    registry ??= (async () => {
      const registered = createProviderRegistry(fakeProviders);
      for (const plugin of config.plugins)
        for (const adapter of await loadProviderPlugin(plugin, dirname(paths.config))) registered.register(adapter);
      for (const adapter of options.providers ?? []) registered.register(adapter);
      return registered;
    })();
    return registry;
  };
  const openHomeStore = () => {
    store ??= (async () => {
      mkdirSync(paths.home, { recursive: true, mode: 0o700 });
      // Loaded on first use: inventory, config and doctor without a store start faster.
      const { openStore } = await import('@agentpool/store');
      return openStore({ path: paths.database });
    })();
    return store;
  };
  const sessions = () => {
    manager ??= (async () => {
      const { createSessionManager } = await import('@agentpool/sessions');
      return createSessionManager({ store: await openHomeStore(), runtime, providers: await providers(), config, paths, env, now });
    })();
    return manager;
  };

  const pool: AgentPool = {
    paths,
    config,
    configExists: loaded.exists,
    runtime,
    providers,
    store: openHomeStore,
    sessions,
    providerContext,
    async inventory(inventoryOptions = {}) {
      const registered = await providers();
      return buildInventory(
        registered.list({ includeTestOnly: inventoryOptions.includeTestProviders }),
        providerContext,
        runtime,
        config,
        paths.home,
      );
    },
    doctor(doctorOptions = {}) {
      return runDoctor(
        { paths, runtime, openStore: openHomeStore },
        { deep: doctorOptions.deep ?? false, privacy: doctorOptions.privacy ?? false },
      );
    },
    async smoke(request) {
      // An unknown or `auto` provider is the caller's mistake (exit 2), not a failed smoke step.
      (await providers()).require(request.provider);
      return runSmoke(await sessions(), request);
    },
    async close() {
      if (store) await (await store).close();
      store = null;
      manager = null;
    },
  };
  return pool;
}
