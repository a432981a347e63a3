import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AgentPoolError } from '@agentpool/core';
import { listAuthCandidates } from './auth-candidates.js';
import { liveCounts, pickBalanced, type RandomSource } from './balanced-pick.js';
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
  /** Moves a team folder's cycle to its next auth file. */
  authAdvance(selection?: TeamSelection): Promise<TeamAuthResult>;
  /** Moves a team folder's cycle onto one of its auth files (rotation's checked choice); INVALID_REQUEST for another path. */
  authMoveTo(authPath: string, selection?: TeamSelection): Promise<TeamAuthResult>;
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
      const { teamDir, candidates } = team(request);
      return state.update(teamDir, (current) => {
        const others = current.assignments.filter((assignment) => assignment.worker !== worker);
        let cycle = cycleOf(current);
        let authPath: string;
        if (settings.authStrategy === 'team_cycle') {
          ({ cycle, authPath } = currentTeamAuth(cycle, candidates));
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
      const { teamDir, candidates } = team(selection);
      return state.update(teamDir, (current) => {
        const { cycle, authPath, previous } = advanceTeamAuth(cycleOf(current), candidates);
        return { state: { ...current, teamCycle: cycle }, result: { teamDir, authPath, position: cycle.pointer as number, previous } };
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
