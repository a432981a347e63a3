import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AccountPool, createAccountPool, resolvePoolSettings } from '@agentpool/account-pool';
import {
  type AccountContext,
  type AgentPoolConfig,
  AgentPoolError,
  defaultConfig,
  ensureHomeDirectory,
  findHomeProblem,
  type HomePaths,
  homePaths,
  loadConfigFile,
  type ModelInfo,
  type ProviderAdapter,
  type ProviderContext,
  type ProviderRegistry,
  providerContextFor,
  resolveHome,
  STARTER_CONFIG,
  type UsageReport,
} from '@agentpool/core';
import { claudeCodeProvider } from '@agentpool/providers-claude-code';
import { codexProvider } from '@agentpool/providers-codex';
import { copilotProvider } from '@agentpool/providers-copilot';
import { cursorProvider } from '@agentpool/providers-cursor';
import { devinProvider } from '@agentpool/providers-devin';
import { droidProvider } from '@agentpool/providers-droid';
import { fakeProviders } from '@agentpool/providers-fake';
import { geminiProvider } from '@agentpool/providers-gemini';
import { opencodeProvider } from '@agentpool/providers-opencode';
import type { SessionManager, SpawnRequest } from '@agentpool/sessions';
import type { PoolEventRecord, Store } from '@agentpool/store';
import { createTeamBoard, type TeamBoard } from '@agentpool/teams';
import { createProbeTerminal, createTmuxRuntime, type TmuxRuntime } from '@agentpool/tmux-runtime';
import { snapshotAge, type UsageBackendChoice, type UsageSnapshot } from '@agentpool/usage';
import { accountLayouts, listedAccountProviders } from './account-layouts.js';
import { type PoolSpawnRequest, type PoolSpawnResult, spawnOnPool } from './account-spawn.js';
import { type AccountStatusReport, accountStatus, statusAccounts } from './account-status.js';
import { type DoctorReport, runDoctor } from './doctor.js';
import { buildInventory, type Inventory } from './inventory.js';
import { DEFAULT_CONTINUATION, type RotationCycleReport, type RotationOptions, runRotationCycle } from './pool-rotation.js';
import { checkStatsRequest, type PoolStats, readStats, type StatsRequest } from './pool-stats.js';
import { listModels, probeUsage as probeUsageOf } from './provider-calls.js';
import { type LoadedProviders, loadProviders, type PluginFailure } from './provider-loading.js';
import { type ProviderRow, providerRows } from './provider-view.js';
import { runSmoke, type SmokeReport, type SmokeRequest } from './smoke.js';
import { createLiveTeams, type LiveTeams } from './team-live.js';
import { type TokenUsageReport, tokenUsage } from './token-usage.js';
import { backendProviders, backendViews, planUsageBackends } from './usage-backend-plan.js';
import { checkUsageGate } from './usage-gate.js';
import {
  checkRefreshTimeout,
  refreshUsage,
  USAGE_INTERACTIVE_REFRESH_TIMEOUT_MS,
  USAGE_REFRESH_TIMEOUT_MS,
  type UsageRefreshOptions,
  type UsageRefreshResult,
} from './usage-refresh.js';
import { summaryRow, type UsageSummary, type UsageSummaryRow } from './usage-summary.js';

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
  /** Providers, built-in and plugins (plugins load on first use; one that fails is left out, see pluginFailures). */
  providers(): Promise<ProviderRegistry>;
  /** Config plugins that could not be loaded or registered, each with its CONFIG_INVALID error. */
  pluginFailures(): Promise<readonly PluginFailure[]>;
  /** What `agentpool providers` lists: each registered adapter and each plugin that failed to load. */
  providerRows(options?: { includeTestProviders?: boolean }): Promise<ProviderRow[]>;
  /** The store, opened (and migrated) on first use. */
  store(): Promise<Store>;
  /** Worker sessions; opens the store on first use. */
  sessions(): Promise<SessionManager>;
  /**
   * The account pool (source homes and auth files for workers), its settings resolved from config
   * `pool:` and cap's environment variables (CAP_* win). CONFIG_INVALID for an unknown strategy; the
   * store is opened only when a pick reads or changes state.
   */
  accountPool(): AccountPool;
  /** The team board (tasks, mailbox, debates, monitor events) in the home's store; opens the store on first use. */
  teams(): Promise<TeamBoard>;
  /** Live team members: spawn a member's worker, list members with their workers' states, deliver messages into panes between turns. */
  liveTeams(): Promise<LiveTeams>;
  /**
   * Every account of a provider at once (Codex by default, or Claude): its registered accounts and
   * the auth team folder's files, each login read in a private copy of its home by the provider's
   * own probe, in parallel under one budget.
   */
  accountStatus(options?: {
    provider?: string;
    timeoutMs?: number;
    teamDir?: string;
    glob?: string;
    /** Include the provider's registered accounts (default true). */
    registered?: boolean;
  }): Promise<AccountStatusReport>;
  /**
   * One account-rotation cycle for a provider (`pool watch --once`): probe every account of the auth
   * team, decide, mark the team's new account, and move the workers on other accounts between turns
   * (stop, new home with the new login and their conversation, provider resume, continuation).
   * LEASE_CONFLICT when another watcher is rotating the same provider.
   */
  rotateAccounts(options: RotationRequest): Promise<RotationCycleReport>;
  /** The latest account-rotation steps, newest first (`pool status`). */
  rotationEvents(options?: { provider?: string; limit?: number }): Promise<PoolEventRecord[]>;
  /** The checks of a spawn request that need no store (bad input is refused before a fresh home's database exists). */
  checkSpawn(request: SpawnRequest): Promise<void>;
  /**
   * Spawns a worker after the store-free checks and the usage gate: on the provider's default home,
   * on a named pool account (`account`), or on one picked from a pool (`pool`), each in a private
   * home removed when the session ends.
   */
  spawn(request: PoolSpawnRequest): Promise<PoolSpawnResult>;
  /** Installed providers; each detect may take `detectTimeoutMs` (default 5 s). */
  inventory(options?: { includeTestProviders?: boolean; detectTimeoutMs?: number }): Promise<Inventory>;
  doctor(options?: { deep?: boolean; privacy?: boolean }): Promise<DoctorReport>;
  smoke(request: SmokeRequest): Promise<SmokeReport>;
  providerContext(id: string): ProviderContext;
  /** A provider's models, bounded in time (CAPABILITY_UNSUPPORTED when it cannot list them). */
  models(providerId: string): Promise<ModelInfo[]>;
  /** One usage probe, bounded in time; USAGE_PROBE_FAILED (retryable) when it fails or times out. */
  probeUsage(providerId: string, options?: { account?: AccountContext }): Promise<UsageReport>;
  /** Usage limits: probes, the cached snapshots and the verdict per provider. */
  readonly usage: PoolUsage;
  /**
   * Stats over the sessions started in a period (default the last 7 days): per provider and in
   * total, sessions by state and role, durations, parallelism, time blocked on limits, tokens where
   * known, usage snapshot age. Bad input is refused before the store is opened.
   */
  stats(request?: StatsRequest): Promise<PoolStats>;
  close(): Promise<void>;
}

/** What `rotateAccounts` takes: the provider, and any rule to change from its default. */
export type RotationRequest = Partial<Omit<RotationOptions, 'provider'>> & {
  readonly provider: string;
  /** The probes' budget for all accounts together (default 20 s). */
  readonly probeTimeoutMs?: number | undefined;
};

/** Rotation's defaults: rotate below 10 % (policy.min_remaining_percent), targets above 15 %, 30 min apart, two probes confirm. */
export const ROTATION_DEFAULTS = { marginPercent: 5, cooldownMs: 30 * 60_000, confirmations: 2, drainTimeoutMs: 0 } as const;

/** Which providers a usage call covers: the named ones (each must exist), else every registered one. */
export interface UsageSelection {
  readonly providers?: readonly string[] | undefined;
  /** Without `providers`: also the fake providers used in tests. */
  readonly includeTestProviders?: boolean | undefined;
}

export interface PoolUsage {
  /**
   * Runs the probes in parallel under one budget (default 20 s) and caches what each gave; never
   * waits longer than the budget: late providers are marked and the result is `partial`.
   */
  refresh(
    options?: UsageSelection & {
      timeoutMs?: number;
      backend?: UsageBackendChoice;
      onProviderDone?: UsageRefreshOptions['onProviderDone'];
      /** Let probes start a provider's own TUI (Claude's `/usage` screen); the default budget is then 60 s. */
      interactive?: boolean;
    },
  ): Promise<UsageRefreshResult>;
  /** The cached snapshot of a provider's default account, or null. Never probes. */
  cached(providerId: string): Promise<UsageSnapshot | null>;
  /**
   * The verdict per provider, keyed by provider id. Reads the cache; probes only the providers never
   * probed or due for `policy.usage_auto_refresh_after_seconds`, or all of them with `refresh`.
   */
  summary(
    options?: UsageSelection & {
      refresh?: boolean;
      cachedOnly?: boolean;
      timeoutMs?: number;
      minRemainingPercent?: number;
      /**
       * What the probes read: `native` (default), `codexbar`, `ccusage` (only the providers it reads;
       * USAGE_BACKEND_NOT_INSTALLED when it is missing) or `combined` (native plus every installed backend).
       */
      backend?: UsageBackendChoice;
      /** Called as each provider probed for this summary has answered (or run out of time). */
      onProviderDone?: UsageRefreshOptions['onProviderDone'];
      /** Called once with the providers about to be probed (none when all are read from the cache). */
      onRefreshStart?: (providerIds: readonly string[]) => void;
      /**
       * Let the probes of this summary start a provider's own TUI in a private terminal (Claude's
       * `/usage` screen, where its endpoint gave no figures). Never without it. The default budget is then 60 s.
       */
      interactive?: boolean;
    },
  ): Promise<UsageSummary>;
  /**
   * The spawn gate, from the cache only: USAGE_POLICY_BLOCKED when the provider's binding window is
   * at or below the buffer or its limit is reached, unless `allowLowUsage` or `policy.allow_low_usage`.
   * Returns warnings (unknown usage, a spawn allowed anyway).
   */
  checkSpawn(providerId: string, options?: { allowLowUsage?: boolean; accountId?: string }): Promise<string[]>;
  /**
   * Tokens per provider and local day from the providers' own logs (Claude's session logs, Codex's
   * rollouts), read incrementally: only what was appended since the last call is read.
   */
  tokens(options?: UsageSelection & { since?: string; timeZone?: string }): Promise<TokenUsageReport>;
}

/** Creates the home with a small config; refuses to overwrite one unless `force` (which keeps a backup). */
export function initHome(options: { home?: string; env?: Readonly<Record<string, string | undefined>>; force?: boolean } = {}) {
  const paths = homePaths(options.home ?? resolveHome(options.env ?? process.env));
  ensureHomeDirectory(paths.home);
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
  // A home under /proc or shaped like a file is refused before anything reads or creates it.
  const misplaced = findHomeProblem(paths.home, { writable: false });
  if (misplaced) throw misplaced;
  const loaded = options.config ? { config: options.config, exists: true } : await loadConfigFile(paths.config);
  const config = loaded.config;
  const now = options.now ?? Date.now;
  const runtime = createTmuxRuntime({ socketPath: paths.tmuxSocket, binary: config.tmux.binary, env });
  let loadedProviders: Promise<LoadedProviders> | null = null;
  let store: Promise<Store> | null = null;
  let accounts: AccountPool | null = null;
  let teamBoard: TeamBoard | null = null;
  let liveTeams: LiveTeams | null = null;
  let manager: Promise<SessionManager> | null = null;

  const providerContext = (id: string): ProviderContext => providerContextFor(config, env, paths.home, id);
  const loadAllProviders = () => {
    loadedProviders ??= loadProviders({
      builtIn: [
        claudeCodeProvider,
        codexProvider,
        copilotProvider,
        cursorProvider,
        devinProvider,
        droidProvider,
        geminiProvider,
        opencodeProvider,
        ...fakeProviders,
      ],
      plugins: config.plugins,
      custom: config.custom_providers,
      configDir: dirname(paths.config),
      extra: options.providers ?? [],
    });
    return loadedProviders;
  };
  const providers = async () => (await loadAllProviders()).registry;
  const openHomeStore = () => {
    store ??= (async () => {
      ensureHomeDirectory(paths.home);
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

  const usageAdapters = async (selection: UsageSelection & { backend?: UsageBackendChoice }): Promise<ProviderAdapter[]> => {
    const registry = await providers();
    // A single backend covers only the providers it reads: asking it for another is a usage error.
    const reads = backendProviders(selection.backend ?? 'native');
    if (selection.providers && selection.providers.length > 0) {
      const adapters = selection.providers.map((id) => registry.require(id));
      const unread = reads ? adapters.filter((adapter) => !reads.includes(adapter.id)).map((adapter) => adapter.id) : [];
      if (unread.length > 0) {
        throw new AgentPoolError(
          'INVALID_REQUEST',
          `The ${selection.backend} usage backend does not read ${unread.join(', ')}; it reads ${reads?.join(', ')}.`,
          {
            details: {
              backend: selection.backend,
              providers: unread,
              reads,
              example: `agentpool usage --provider ${unread[0]} --backend combined`,
            },
            hint: `agentpool usage --provider ${unread[0]} --backend combined`,
          },
        );
      }
      return adapters;
    }
    const all = registry.list({ includeTestOnly: selection.includeTestProviders === true });
    return reads ? all.filter((adapter) => reads.includes(adapter.id)) : all;
  };
  const usageCache = async () => (await openHomeStore()).usage;
  const probeContext = async (interactive: boolean) => {
    const probeState = (await openHomeStore()).probeState;
    // Only an explicit interactive request hands probes a terminal: without one no probe can start a TUI.
    const probeTerminal = interactive ? createProbeTerminal({ env, tmuxBinary: config.tmux.binary }) : undefined;
    return (id: string): ProviderContext => ({ ...providerContext(id), probeState, ...(probeTerminal ? { probeTerminal } : {}) });
  };
  const backendPlan = (choice: UsageBackendChoice | undefined) => planUsageBackends(choice ?? 'native', env, config.usage.backends);
  const refreshUsageOf = async (
    adapters: readonly ProviderAdapter[],
    timeoutMs: number | undefined,
    plan: ReturnType<typeof backendPlan>,
    onProviderDone?: UsageRefreshOptions['onProviderDone'],
    interactive = false,
  ) =>
    refreshUsage(
      { adapters, contextFor: await probeContext(interactive), cache: await usageCache(), now, backends: plan },
      { timeoutMs: timeoutMs ?? (interactive ? USAGE_INTERACTIVE_REFRESH_TIMEOUT_MS : undefined), onProviderDone },
    );
  const usage: PoolUsage = {
    async refresh(refreshOptions = {}) {
      const plan = backendPlan(refreshOptions.backend);
      return refreshUsageOf(
        await usageAdapters(refreshOptions),
        refreshOptions.timeoutMs,
        plan,
        refreshOptions.onProviderDone,
        refreshOptions.interactive === true,
      );
    },
    async cached(providerId) {
      (await providers()).require(providerId);
      return (await usageCache()).get(providerId, null);
    },
    async summary(summaryOptions = {}) {
      const minRemainingPercent = summaryOptions.minRemainingPercent ?? config.policy.min_remaining_percent;
      const plan = backendPlan(summaryOptions.backend);
      const adapters = await usageAdapters(summaryOptions);
      const cache = await usageCache();
      const cached = new Map<string, UsageSnapshot | null>();
      for (const adapter of adapters) cached.set(adapter.id, await cache.get(adapter.id, null));
      const due = summaryOptions.cachedOnly
        ? []
        : summaryOptions.refresh
          ? adapters
          : adapters.filter((adapter) => {
              const snapshot = cached.get(adapter.id) ?? null;
              return (
                snapshot === null ||
                snapshotAge(snapshot, { now: new Date(now()), refreshAfterSeconds: config.policy.usage_auto_refresh_after_seconds })
                  .refreshDue
              );
            });
      let late: readonly string[] = [];
      if (due.length > 0) {
        summaryOptions.onRefreshStart?.(due.map((adapter) => adapter.id));
        const refreshed = await refreshUsageOf(
          due,
          summaryOptions.timeoutMs,
          plan,
          summaryOptions.onProviderDone,
          summaryOptions.interactive === true,
        );
        for (const snapshot of refreshed.snapshots) cached.set(snapshot.providerId, snapshot);
        late = refreshed.late;
      }
      const at = new Date(now());
      const rows: Record<string, UsageSummaryRow> = {};
      for (const adapter of adapters) {
        rows[adapter.id] = summaryRow(adapter.id, cached.get(adapter.id) ?? null, {
          now: at,
          minRemainingPercent,
          staleAfterSeconds: config.policy.usage_stale_after_seconds,
          late: late.includes(adapter.id),
        });
      }
      return {
        generated_at: at.toISOString(),
        min_remaining_percent: minRemainingPercent,
        refreshed: due.length > 0,
        partial: late.length > 0,
        late_providers: late,
        backend: plan.choice,
        backends: backendViews(plan),
        providers: rows,
      };
    },
    async checkSpawn(providerId, gateOptions = {}) {
      const snapshot = await (await usageCache()).get(providerId, gateOptions.accountId ?? null);
      const subject = gateOptions.accountId ? `${providerId} account ${gateOptions.accountId}` : providerId;
      return checkUsageGate(subject, snapshot, {
        now: new Date(now()),
        minRemainingPercent: config.policy.min_remaining_percent,
        allowLowUsage: gateOptions.allowLowUsage === true || config.policy.allow_low_usage,
        neverAllowOverage: config.policy.never_allow_overage,
      });
    },
    async tokens(tokenOptions = {}) {
      const store = await openHomeStore();
      return tokenUsage({
        adapters: await usageAdapters(tokenOptions),
        contextFor: providerContext,
        state: store.probeState,
        since: tokenOptions.since,
        timeZone: tokenOptions.timeZone,
      });
    },
  };

  const pool: AgentPool = {
    usage,
    paths,
    config,
    configExists: loaded.exists,
    runtime,
    providers,
    async pluginFailures() {
      return (await loadAllProviders()).pluginFailures;
    },
    async providerRows(rowOptions = {}) {
      return providerRows(await loadAllProviders(), { includeTestOnly: rowOptions.includeTestProviders });
    },
    store: openHomeStore,
    sessions,
    accountPool() {
      accounts ??= createAccountPool({
        settings: resolvePoolSettings(config.pool, env),
        state: {
          read: async (teamDir) => (await openHomeStore()).accountPool.read(teamDir),
          update: async (teamDir, change) => (await openHomeStore()).accountPool.update(teamDir, change),
        },
        accounts: {
          list: async () => (await openHomeStore()).poolAccounts.list(),
          get: async (label) => (await openHomeStore()).poolAccounts.get(label),
          add: async (account, at) => (await openHomeStore()).poolAccounts.add(account, at),
          remove: async (label) => (await openHomeStore()).poolAccounts.remove(label),
          setPaused: async (label, paused, at) => (await openHomeStore()).poolAccounts.setPaused(label, paused, at),
        },
        layouts: async () => accountLayouts(await providers()),
        listedProviders: async () => listedAccountProviders(await providers()),
        snapshots: async (providerId, accountId) => (await usageCache()).get(providerId, accountId),
        minRemainingPercent: config.policy.min_remaining_percent,
        homeDir: env.HOME,
        now,
      });
      return accounts;
    },
    async teams() {
      teamBoard ??= createTeamBoard((await openHomeStore()).teams);
      return teamBoard;
    },
    async liveTeams() {
      liveTeams ??= createLiveTeams({
        board: await pool.teams(),
        sessions,
        spawn: (request) => pool.spawn(request),
        providers,
        env,
        home: paths.home,
      });
      return liveTeams;
    },
    async accountStatus(statusOptions = {}) {
      const accountPool = pool.accountPool();
      const adapter = (await providers()).require(statusOptions.provider ?? 'codex-cli');
      const registered =
        statusOptions.registered === false ? [] : (await accountPool.accounts.list()).filter((account) => account.provider === adapter.id);
      // The auth team folder when one is named or configured; without one, registered accounts alone
      // (and with neither, the team folder's own AUTH_TEAM_NOT_FOUND says what to set).
      const teamNamed = statusOptions.teamDir !== undefined || accountPool.settings.authTeamDir !== null;
      const { candidates } =
        teamNamed || registered.length === 0
          ? accountPool.teamFiles({ teamDir: statusOptions.teamDir, glob: statusOptions.glob })
          : { candidates: [] };
      const scratchDir = join(paths.home, 'tmp');
      mkdirSync(scratchDir, { recursive: true, mode: 0o700 });
      return accountStatus({
        adapter,
        accounts: statusAccounts(registered, candidates, accountPool.settings.sources[0] ?? null),
        scratchDir,
        contextFor: providerContext,
        cache: await usageCache(),
        timeoutMs: checkRefreshTimeout(statusOptions.timeoutMs ?? USAGE_REFRESH_TIMEOUT_MS),
        now,
        minRemainingPercent: config.policy.min_remaining_percent,
        staleAfterSeconds: config.policy.usage_stale_after_seconds,
      });
    },
    async rotateAccounts(request) {
      const adapter = (await providers()).require(request.provider);
      const accountPool = pool.accountPool();
      const store = await openHomeStore();
      return runRotationCycle(
        {
          store,
          sessions: await sessions(),
          accountPool,
          adapter,
          // Rotation moves the auth team's cycle: it reads the team's files, not registered accounts.
          probe: () =>
            pool.accountStatus({
              provider: adapter.id,
              timeoutMs: request.probeTimeoutMs,
              teamDir: request.teamDir,
              glob: request.glob,
              registered: false,
            }),
          homesDir: join(paths.home, 'homes'),
          now,
        },
        {
          provider: adapter.id,
          teamDir: request.teamDir,
          glob: request.glob,
          thresholdPercent: request.thresholdPercent ?? config.policy.min_remaining_percent,
          marginPercent: request.marginPercent ?? ROTATION_DEFAULTS.marginPercent,
          cooldownMs: request.cooldownMs ?? ROTATION_DEFAULTS.cooldownMs,
          confirmations: request.confirmations ?? ROTATION_DEFAULTS.confirmations,
          drainTimeoutMs: request.drainTimeoutMs ?? ROTATION_DEFAULTS.drainTimeoutMs,
          continuation: request.continuation ?? DEFAULT_CONTINUATION,
          holder: request.holder ?? `watcher:${process.pid}`,
        },
      );
    },
    async rotationEvents(eventOptions = {}) {
      return (await openHomeStore()).poolEvents.list({ provider: eventOptions.provider, limit: eventOptions.limit ?? 20 });
    },
    async checkSpawn(request) {
      const { checkSpawnRequest } = await import('@agentpool/sessions');
      checkSpawnRequest({ providers: await providers(), config, env, paths }, request);
    },
    spawn: (request) =>
      spawnOnPool(
        {
          accountPool: pool.accountPool(),
          sessions,
          checkSpawn: (checked) => pool.checkSpawn(checked),
          usageGate: (providerId, gateOptions) => usage.checkSpawn(providerId, gateOptions),
        },
        request,
      ),
    providerContext,
    async inventory(inventoryOptions = {}) {
      const loaded = await loadAllProviders();
      return buildInventory({
        adapters: loaded.registry.list({ includeTestOnly: inventoryOptions.includeTestProviders }),
        providers: loaded,
        contextFor: providerContext,
        runtime,
        config,
        home: paths.home,
        detectTimeoutMs: inventoryOptions.detectTimeoutMs,
      });
    },
    doctor(doctorOptions = {}) {
      return runDoctor(
        {
          paths,
          runtime,
          openStore: openHomeStore,
          plugins: config.plugins,
          pluginFailures: async () => (await loadAllProviders()).pluginFailures,
          providers: async () => (await loadAllProviders()).registry.list({ includeTestOnly: true }),
        },
        { deep: doctorOptions.deep ?? false, privacy: doctorOptions.privacy ?? false },
      );
    },
    async models(providerId) {
      return listModels((await providers()).require(providerId), providerContext(providerId));
    },
    async probeUsage(providerId, probeOptions = {}) {
      return probeUsageOf((await providers()).require(providerId), providerContext(providerId), probeOptions);
    },
    async smoke(request) {
      // An unknown or `auto` provider is the caller's mistake (exit 2), not a failed smoke step.
      (await providers()).require(request.provider);
      return runSmoke(await sessions(), request);
    },
    async stats(request = {}) {
      // One instant for the whole report: the period's end and what "7d" reaches back from.
      const at = new Date(now());
      const query = checkStatsRequest(request, at, await providers());
      const warnings: string[] = [];
      try {
        // Sessions whose pane died since anyone last looked are ended first, as `sessions` does.
        await (await sessions()).reconcile();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        warnings.push(`Live sessions were not checked against tmux (${reason}); they are counted as last recorded.`);
      }
      return readStats(await openHomeStore(), query, at, warnings);
    },
    async close() {
      if (store) await (await store).close();
      store = null;
      manager = null;
    },
  };
  return pool;
}

/**
 * Runs doctor for a home even when its config.yaml is broken: the config check then fails with the
 * file's error (file, line, column) and every other check still runs, with the defaults.
 */
export async function doctorHome(
  options: AgentPoolOptions,
  doctorOptions: { deep?: boolean; privacy?: boolean } = {},
): Promise<DoctorReport> {
  let pool: AgentPool;
  try {
    pool = await createAgentPool(options);
  } catch (error) {
    if (!AgentPoolError.isInstance(error) || error.code !== 'CONFIG_INVALID') throw error;
    pool = await createAgentPool({ ...options, config: defaultConfig() });
  }
  try {
    return await pool.doctor(doctorOptions);
  } finally {
    await pool.close();
  }
}
