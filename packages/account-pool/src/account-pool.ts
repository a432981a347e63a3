import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { type AccountHomeLayout, AgentPoolError } from '@agentpool/core';
import type { UsageSnapshot } from '@agentpool/usage';
import { type AccountCheckOptions, type AccountRequest, checkNewAccount } from './account-checks.js';
import { accountCycleKey, liveAccountCounts, pickPoolAccount } from './account-pick.js';
import { listAuthCandidates } from './auth-candidates.js';
import { liveCounts, pickBalanced, type RandomSource } from './balanced-pick.js';
import { describeHeadroom, type Headroom, type HeadroomCandidate, headroomOf, pickByHeadroom } from './headroom.js';
import type { PoolAccount, PoolAccountStore } from './pool-account.js';
import type { AuthStrategy, PoolSettings } from './pool-settings.js';
import type { AccountPoolStateStore, AuthAssignment, PoolState, TeamCycle } from './pool-state.js';
import { pickSource, type SourceStrategy } from './source-pick.js';
import { advanceTeamAuth, currentTeamAuth, moveTeamAuthTo, syncTeamOrder } from './team-cycle.js';

export interface AccountPoolOptions {
  readonly settings: PoolSettings;
  readonly state: AccountPoolStateStore;
  /** Tie-break for `balanced` (default `Math.random`). */
  readonly random?: RandomSource;
  /** Clock for assignment times (default `Date.now`). */
  readonly now?: () => number;
  /** Lists a team folder's auth files (default: the real folder, see listAuthCandidates). */
  readonly listCandidates?: (teamDir: string, glob: string) => string[];
  /** Where accounts are kept (the store); without it the account calls fail. */
  readonly accounts?: PoolAccountStore | undefined;
  /** The providers that can run on an account, with their home layouts (`accountHome` of each adapter). */
  readonly layouts?: (() => Promise<ReadonlyMap<string, AccountHomeLayout>>) | undefined;
  /** The providers errors name as valid for an account (default: every provider of `layouts`). */
  readonly listedProviders?: (() => Promise<readonly string[]>) | undefined;
  /** The cached usage snapshot of a provider account (headroom reads it; never probes). */
  readonly snapshots?: ((providerId: string, accountId: string) => Promise<UsageSnapshot | null>) | undefined;
  /** The buffer a binding window must stay above to count as headroom (policy.min_remaining_percent, default 10). */
  readonly minRemainingPercent?: number | undefined;
  /** Whose snapshots describe the team folder's auth files: they are cached under the file's name (default `codex-cli`). */
  readonly teamProvider?: string | undefined;
  /** For resolving account paths: `~` and the current folder (default HOME and process.cwd()). */
  readonly homeDir?: string | undefined;
  readonly cwd?: string | undefined;
}

/** An account as `pool accounts list` shows it. */
export interface PoolAccountView extends PoolAccount {
  /** Workers that hold it now (spawn --pool). */
  readonly liveAssignments: number;
}

export interface AccountPickRequest extends WorkerRequest {
  /** A pool name, or a provider id (every account of that provider). */
  readonly pool: string;
}

export interface AccountPickResult {
  readonly worker: string;
  readonly account: PoolAccount;
  readonly strategy: AuthStrategy;
  /** Its headroom when the strategy read it (headroom). */
  readonly headroom: Headroom | null;
}

/** The pool's accounts: each change is one transaction; only paths are kept. */
export interface PoolAccounts {
  list(): Promise<PoolAccountView[]>;
  /** The account; UNKNOWN_ACCOUNT (listing the known labels) when there is none. */
  get(label: string): Promise<PoolAccount>;
  /** Checks and adds an account (INVALID_REQUEST / ACCOUNT_EXISTS change nothing). */
  add(request: AccountRequest): Promise<PoolAccount>;
  remove(label: string): Promise<PoolAccount>;
  pause(label: string): Promise<PoolAccount>;
  resume(label: string): Promise<PoolAccount>;
}

/** Overrides of the configured team folder and glob for one call (`--team-dir`, `--glob`). */
export interface TeamSelection {
  readonly teamDir?: string | undefined;
  readonly glob?: string | undefined;
}

export interface WorkerRequest {
  /** The worker's full name. */
  readonly worker: string;
  /** Its base name (role). */
  readonly base?: string | null | undefined;
}

export interface SourcePickResult {
  readonly worker: string;
  readonly source: string;
  readonly index: number;
  readonly strategy: SourceStrategy;
}

export interface AuthPickResult {
  readonly worker: string;
  readonly authPath: string;
  readonly strategy: AuthStrategy;
  readonly teamDir: string;
  /** Live assignments of the picked file, this one included. */
  readonly liveAssignments: number;
}

export interface TeamAuthResult {
  readonly teamDir: string;
  readonly authPath: string;
  /** Its position in the team's cycle. */
  readonly position: number;
  /** After an advance: the auth the team used before. */
  readonly previous?: string;
}

export interface AuthFileView {
  readonly authPath: string;
  readonly liveAssignments: number;
  readonly position: number | null;
  readonly current: boolean;
}

export interface PoolListing {
  readonly sources: readonly { readonly path: string; readonly exists: boolean }[];
  readonly sourceCounter: number;
  /** The auth files when a team folder is configured (null otherwise). */
  readonly authFiles: readonly AuthFileView[] | null;
  readonly assignments: readonly AuthAssignment[];
}

export interface AccountPool {
  readonly settings: PoolSettings;
  /** Sources, the team's auth files with their live counts, and every live assignment. */
  list(): Promise<PoolListing>;
  /** The team folder and its auth files (paths only), as pick-auth sees them. */
  teamFiles(selection?: TeamSelection): { readonly teamDir: string; readonly candidates: string[] };
  /** A source home for a worker: round_robin or hash over the sources. */
  pick(request: WorkerRequest): Promise<SourcePickResult>;
  /** An auth file for a worker, recorded as its live assignment (replacing one it held). */
  pickAuth(request: WorkerRequest & TeamSelection): Promise<AuthPickResult>;
  /** The team_cycle current auth of a team folder. */
  authCurrent(selection?: TeamSelection): Promise<TeamAuthResult>;
  /** Moves a team folder's cycle to its next auth file; with `toHeadroom`, to the next one whose cached usage shows headroom. */
  authAdvance(selection?: TeamSelection & { readonly toHeadroom?: boolean }): Promise<TeamAuthResult>;
  /** Registered accounts (label, provider, source home and/or auth file, paused). */
  readonly accounts: PoolAccounts;
  /**
   * Picks an unpaused account of a pool with the configured auth strategy and records it as the
   * worker's live assignment, in one transaction. ACCOUNTS_PAUSED / NO_HEADROOM / UNKNOWN_ACCOUNT.
   */
  pickAccount(request: AccountPickRequest): Promise<AccountPickResult>;
  /** Moves a team folder's cycle onto one of its auth files (rotation's checked choice); INVALID_REQUEST for another path. */
  authMoveTo(authPath: string, selection?: TeamSelection): Promise<TeamAuthResult>;
  /**
   * Records `worker`'s live assignment on a given login (rotation moving a worker that held one onto
   * the account it chose), replacing one it held, in one transaction.
   */
  assign(assignment: {
    readonly worker: string;
    readonly authPath: string;
    readonly base?: string | null;
    readonly account?: string | null;
  }): Promise<AuthAssignment>;
  /** What an account's cached usage snapshot says is left (`pool status` refreshes it; never probes). */
  headroomOf(account: Pick<PoolAccount, 'provider' | 'label'>): Promise<Headroom>;
  /** Ends a worker's assignment; null when it held none. */
  release(worker: string): Promise<AuthAssignment | null>;
  /** Clears the round_robin counter and every assignment; keeps the team cycles' order and pointers. */
  resetState(): Promise<{ readonly releasedAssignments: number }>;
}

function requireName(value: string | null | undefined, option: string): string {
  const trimmed = value?.trim();
  if (!trimmed) {
    throw new AgentPoolError('INVALID_REQUEST', `${option} is required and must not be blank.`, {
      details: { option },
      hint: 'agentpool pool pick-auth --worker coder-20260101-120000-4242 --base coder',
    });
  }
  return trimmed;
}

/** Assembles the pool: pure pick rules over the state store, candidates listed from the team folder. */
export function createAccountPool(options: AccountPoolOptions): AccountPool {
  const { settings, state } = options;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const listCandidates = options.listCandidates ?? listAuthCandidates;

  const team = (selection: TeamSelection = {}): { teamDir: string; candidates: string[] } => {
    const dir = selection.teamDir ?? settings.authTeamDir;
    if (dir === null || dir.trim() === '') {
      throw new AgentPoolError('AUTH_TEAM_NOT_FOUND', 'No auth team folder is configured.', {
        details: { setting: 'pool.auth_team_dir', variables: ['CAP_AUTH_TEAM_DIR', 'AUTH_TEAM_DIR'] },
        hint: 'Set pool.auth_team_dir in config.yaml, or CAP_AUTH_TEAM_DIR=/abs/path/to/AUTH_TEAM, or pass --team-dir.',
      });
    }
    const teamDir = resolve(dir);
    return { teamDir, candidates: listCandidates(teamDir, selection.glob ?? settings.authTeamGlob) };
  };

  const cycleOf = (current: PoolState): TeamCycle => current.teamCycle as TeamCycle;
  const minRemainingPercent = options.minRemainingPercent ?? 10;
  const teamProvider = options.teamProvider ?? 'codex-cli';

  const accountStore = (): PoolAccountStore => {
    if (!options.accounts) throw new Error('createAccountPool: no account store was given');
    return options.accounts;
  };
  const headroomFor = async (providerId: string, accountId: string): Promise<Headroom> =>
    headroomOf((await options.snapshots?.(providerId, accountId)) ?? null, minRemainingPercent, new Date(now()));
  /** Each team file's headroom: its snapshot is cached under the file's name (see `pool status`). */
  const teamHeadroom = async (_teamDir: string, candidates: readonly string[]): Promise<HeadroomCandidate[]> =>
    Promise.all(candidates.map(async (key) => ({ key, headroom: await headroomFor(teamProvider, basename(key)) })));
  const noHeadroom = (where: string, candidates: readonly HeadroomCandidate[], rule: string): AgentPoolError =>
    new AgentPoolError('NO_HEADROOM', `No account of ${where} has headroom: ${rule}.`, {
      details: {
        min_remaining_percent: minRemainingPercent,
        candidates: candidates.map((candidate) => ({ account: basename(candidate.key), standing: describeHeadroom(candidate.headroom) })),
      },
      hint: "agentpool pool status --json   (reads every account's usage), or wait for a window to reset",
    });
  const headroomPickOrFail = (candidates: readonly HeadroomCandidate[], teamDir: string): HeadroomCandidate => {
    const best = pickByHeadroom(candidates);
    if (best === null) throw noHeadroom(teamDir, candidates, 'pick-auth by headroom never picks a file whose cached usage shows it spent');
    return best;
  };
  /** The team folder's files, less those that are the auth file of a paused account. */
  const unpausedTeam = async (selection: TeamSelection = {}): Promise<{ teamDir: string; candidates: string[] }> => {
    const listed = team(selection);
    if (!options.accounts) return listed;
    const paused = new Set(
      (await options.accounts.list()).filter((account) => account.paused && account.authFile).map((account) => account.authFile),
    );
    const candidates = listed.candidates.filter((path) => !paused.has(path));
    if (candidates.length === 0) {
      throw new AgentPoolError('ACCOUNTS_PAUSED', `Every auth file in ${listed.teamDir} belongs to a paused account.`, {
        details: { team_dir: listed.teamDir },
        hint: 'agentpool pool accounts list   then   agentpool pool resume <label>',
      });
    }
    return { teamDir: listed.teamDir, candidates };
  };

  const unknownAccount = async (label: string): Promise<AgentPoolError> => {
    const known = (await accountStore().list()).map((account) => account.label);
    return new AgentPoolError('UNKNOWN_ACCOUNT', `No account "${label.slice(0, 64)}"; known: ${known.join(', ') || 'none'}.`, {
      details: { account: label.slice(0, 64), known },
      hint:
        known.length > 0
          ? 'agentpool pool accounts list'
          : 'agentpool pool accounts add --provider codex-cli --label work --auth-file <login file>',
    });
  };
  const existing = async (label: string): Promise<PoolAccount> => {
    const name = requireName(label, '<account>');
    return (await accountStore().get(name)) ?? Promise.reject(await unknownAccount(name));
  };
  const setPaused = async (label: string, paused: boolean): Promise<PoolAccount> => {
    const name = requireName(label, '<account>');
    return (await accountStore().setPaused(name, paused, new Date(now()).toISOString())) ?? Promise.reject(await unknownAccount(name));
  };
  const accountsApi: PoolAccounts = {
    async list() {
      const [accounts, current] = await Promise.all([accountStore().list(), state.read(null)]);
      const counts = liveAccountCounts(
        accounts.map((account) => account.label),
        current.assignments,
      );
      return accounts.map((account) => ({ ...account, liveAssignments: counts.get(account.label) ?? 0 }));
    },
    get: existing,
    async add(request) {
      const checkOptions: AccountCheckOptions = {
        layouts: (await options.layouts?.()) ?? new Map(),
        listed: await options.listedProviders?.(),
        homeDir: options.homeDir ?? process.env.HOME ?? '/',
        cwd: options.cwd ?? process.cwd(),
      };
      const account = checkNewAccount(request, checkOptions);
      const added = await accountStore().add(account, new Date(now()).toISOString());
      if (added === null) {
        throw new AgentPoolError('ACCOUNT_EXISTS', `An account labelled "${account.label}" exists already; nothing was changed.`, {
          details: { account: account.label },
          hint: `agentpool pool accounts remove ${account.label}   (then add it again), or choose another --label`,
        });
      }
      return added;
    },
    async remove(label) {
      const name = requireName(label, '<account>');
      return (await accountStore().remove(name)) ?? Promise.reject(await unknownAccount(name));
    },
    pause: (label) => setPaused(label, true),
    resume: (label) => setPaused(label, false),
  };

  return {
    settings,
    teamFiles: team,
    async list() {
      let teamDir: string | null = null;
      let candidates: string[] = [];
      if (settings.authTeamDir !== null) ({ teamDir, candidates } = team());
      const current = await state.read(teamDir);
      let authFiles: AuthFileView[] | null = null;
      if (teamDir !== null && current.teamCycle) {
        const counts = liveCounts(candidates, current.assignments);
        const cycle = syncTeamOrder(current.teamCycle, candidates);
        const positions = new Map(cycle.order.map((entry) => [entry.authPath, entry.position]));
        const currentPath = settings.authStrategy === 'team_cycle' ? currentTeamAuth(cycle, candidates).authPath : null;
        authFiles = candidates.map((authPath) => ({
          authPath,
          liveAssignments: counts.get(authPath) ?? 0,
          position: positions.get(authPath) ?? null,
          current: authPath === currentPath,
        }));
      }
      return {
        sources: settings.sources.map((path) => ({ path, exists: existsSync(path) })),
        sourceCounter: current.sourceCounter,
        authFiles,
        assignments: current.assignments,
      };
    },
    async pick(request) {
      const worker = requireName(request.worker, '--worker');
      return state.update(null, (current) => {
        const picked = pickSource(settings.sources, settings.strategy, worker, current.sourceCounter);
        return {
          state: { ...current, sourceCounter: picked.nextCounter },
          result: { worker, source: picked.source, index: picked.index, strategy: settings.strategy },
        };
      });
    },
    async pickAuth(request) {
      const worker = requireName(request.worker, '--worker');
      const base = request.base?.trim() || null;
      const { teamDir, candidates } = await unpausedTeam(request);
      const headroom = settings.authStrategy === 'headroom' ? await teamHeadroom(teamDir, candidates) : null;
      return state.update(teamDir, (current) => {
        const others = current.assignments.filter((assignment) => assignment.worker !== worker);
        let cycle = cycleOf(current);
        let authPath: string;
        if (settings.authStrategy === 'team_cycle') {
          ({ cycle, authPath } = currentTeamAuth(cycle, candidates));
        } else if (headroom !== null) {
          authPath = headroomPickOrFail(headroom, teamDir).key;
        } else {
          authPath = pickBalanced(candidates, others, random);
        }
        const assignment: AuthAssignment = { worker, base, authPath, assignedAt: new Date(now()).toISOString() };
        const assignments = [...others, assignment];
        return {
          state: { ...current, assignments, teamCycle: cycle },
          result: {
            worker,
            authPath,
            strategy: settings.authStrategy,
            teamDir,
            liveAssignments: liveCounts([authPath], assignments).get(authPath) ?? 1,
          },
        };
      });
    },
    async authCurrent(selection) {
      const { teamDir, candidates } = team(selection);
      return state.update(teamDir, (current) => {
        const { cycle, authPath } = currentTeamAuth(cycleOf(current), candidates);
        return { state: { ...current, teamCycle: cycle }, result: { teamDir, authPath, position: cycle.pointer as number } };
      });
    },
    async authAdvance(selection) {
      const { teamDir, candidates } = await unpausedTeam(selection);
      if (!selection?.toHeadroom) {
        return state.update(teamDir, (current) => {
          const { cycle, authPath, previous } = advanceTeamAuth(cycleOf(current), candidates);
          return { state: { ...current, teamCycle: cycle }, result: { teamDir, authPath, position: cycle.pointer as number, previous } };
        });
      }
      const headroom = new Map((await teamHeadroom(teamDir, candidates)).map((candidate) => [candidate.key, candidate.headroom]));
      return state.update(teamDir, (current) => {
        // Step through the cycle from the current file; the first one with checked headroom takes over.
        const start = currentTeamAuth(cycleOf(current), candidates);
        let cycle = start.cycle;
        for (let step = 0; step < candidates.length; step++) {
          const next = advanceTeamAuth(cycle, candidates);
          cycle = next.cycle;
          if (headroom.get(next.authPath)?.kind === 'known') {
            return {
              state: { ...current, teamCycle: cycle },
              result: { teamDir, authPath: next.authPath, position: cycle.pointer as number, previous: start.authPath },
            };
          }
        }
        throw noHeadroom(
          teamDir,
          candidates.map((key) => ({ key, headroom: headroom.get(key) as Headroom })),
          'auth-advance --to-headroom moves only to a file whose cached usage shows headroom',
        );
      });
    },
    accounts: accountsApi,
    async pickAccount(request) {
      const worker = requireName(request.worker, '--worker');
      const base = request.base?.trim() || null;
      const poolName = requireName(request.pool, '--pool');
      const all = await accountStore().list();
      const members = all.filter((account) => account.pool === poolName || account.provider === poolName);
      if (members.length === 0) {
        const pools = [...new Set(all.flatMap((account) => [account.pool, account.provider]))].sort();
        throw new AgentPoolError(
          'UNKNOWN_ACCOUNT',
          `No account belongs to pool "${poolName.slice(0, 64)}"; pools: ${pools.join(', ') || 'none'}.`,
          {
            details: { pool: poolName.slice(0, 64), known_pools: pools },
            hint: 'agentpool pool accounts add --provider codex-cli --label work --auth-file <login file>',
          },
        );
      }
      const accounts = members.filter((account) => !account.paused);
      if (accounts.length === 0) {
        throw new AgentPoolError(
          'ACCOUNTS_PAUSED',
          `Every account of pool "${poolName}" is paused: ${members.map((a) => a.label).join(', ')}.`,
          {
            details: { pool: poolName, paused: members.map((account) => account.label) },
            hint: `agentpool pool resume ${members[0]?.label}`,
          },
        );
      }
      const headroom = new Map<string, Headroom>();
      if (settings.authStrategy === 'headroom') {
        for (const account of accounts) headroom.set(account.label, await headroomFor(account.provider, account.label));
      }
      return state.update(accountCycleKey(poolName), (current) => {
        const picked = pickPoolAccount({
          accounts,
          assignments: current.assignments.filter((assignment) => assignment.worker !== worker),
          strategy: settings.authStrategy,
          cycle: cycleOf(current),
          headroom,
          random,
        });
        if (picked === null) {
          throw noHeadroom(
            `pool ${poolName}`,
            accounts.map((account) => ({ key: account.label, headroom: headroom.get(account.label) as Headroom })),
            'spawn --pool picks by headroom only an account whose cached usage does not show it spent',
          );
        }
        const assignment: AuthAssignment = {
          worker,
          base,
          authPath: picked.account.authFile ?? (picked.account.sourceHome as string),
          assignedAt: new Date(now()).toISOString(),
          account: picked.account.label,
        };
        return {
          state: {
            ...current,
            assignments: [...current.assignments.filter((a) => a.worker !== worker), assignment],
            teamCycle: picked.cycle,
          },
          result: { worker, account: picked.account, strategy: settings.authStrategy, headroom: picked.headroom },
        };
      });
    },
    async authMoveTo(authPath, selection) {
      const { teamDir, candidates } = team(selection);
      if (!candidates.includes(authPath)) {
        throw new AgentPoolError('INVALID_REQUEST', `${authPath} is not one of the auth files of ${teamDir}.`, {
          details: { auth_path: authPath, team_dir: teamDir },
          hint: 'agentpool pool list',
        });
      }
      return state.update(teamDir, (current) => {
        const { cycle, previous } = moveTeamAuthTo(cycleOf(current), candidates, authPath);
        return { state: { ...current, teamCycle: cycle }, result: { teamDir, authPath, position: cycle.pointer as number, previous } };
      });
    },
    headroomOf: (account) => headroomFor(account.provider, account.label),
    async assign(request) {
      const worker = requireName(request.worker, '--worker');
      const assignment: AuthAssignment = {
        worker,
        base: request.base ?? null,
        authPath: request.authPath,
        assignedAt: new Date(now()).toISOString(),
        ...(request.account ? { account: request.account } : {}),
      };
      return state.update(null, (current) => ({
        state: { ...current, assignments: [...current.assignments.filter((held) => held.worker !== worker), assignment] },
        result: assignment,
      }));
    },
    async release(worker) {
      const name = requireName(worker, '--worker');
      return state.update(null, (current) => {
        const held = current.assignments.find((assignment) => assignment.worker === name) ?? null;
        return {
          state: { ...current, assignments: current.assignments.filter((assignment) => assignment.worker !== name) },
          result: held,
        };
      });
    },
    async resetState() {
      return state.update(null, (current) => ({
        state: { ...current, sourceCounter: 0, assignments: [] },
        result: { releasedAssignments: current.assignments.length },
      }));
    },
  };
}
