import type { RandomSource } from './balanced-pick.js';
import { type Headroom, type HeadroomCandidate, pickByHeadroom } from './headroom.js';
import type { PoolAccount } from './pool-account.js';
import type { AuthStrategy } from './pool-settings.js';
import type { AuthAssignment, TeamCycle } from './pool-state.js';
import { currentTeamAuth } from './team-cycle.js';

/** The team-cycle key of a pool of accounts (kept beside team folders' cycles, which are absolute paths). */
export const accountCycleKey = (pool: string): string => `accounts:${pool}`;

export interface AccountPickInput {
  /** The pool's unpaused accounts, in label order. */
  readonly accounts: readonly PoolAccount[];
  readonly assignments: readonly AuthAssignment[];
  readonly strategy: AuthStrategy;
  /** The pool's cycle (team_cycle), its entries keyed by label. */
  readonly cycle: TeamCycle;
  /** Each account's headroom by label (headroom). */
  readonly headroom: ReadonlyMap<string, Headroom>;
  readonly random: RandomSource;
}

export interface AccountPick {
  readonly account: PoolAccount;
  readonly cycle: TeamCycle;
  /** The picked account's headroom when the strategy read it. */
  readonly headroom: Headroom | null;
}

/** Live assignments per account label. */
export function liveAccountCounts(labels: readonly string[], assignments: readonly AuthAssignment[]): Map<string, number> {
  const counts = new Map(labels.map((label) => [label, 0]));
  for (const assignment of assignments) {
    const count = assignment.account ? counts.get(assignment.account) : undefined;
    if (count !== undefined && assignment.account) counts.set(assignment.account, count + 1);
  }
  return counts;
}

/**
 * Chooses an account of a pool: balanced = fewest live assignments (ties at random), team_cycle =
 * the pool's current one, headroom = most left in its binding window (unknown ranks below known,
 * none is never chosen). Null when headroom finds no account with room. Pure.
 */
export function pickPoolAccount(input: AccountPickInput): AccountPick | null {
  const { accounts } = input;
  if (accounts.length === 0) throw new RangeError('pickPoolAccount needs at least one account');
  const byLabel = new Map(accounts.map((account) => [account.label, account]));
  const labels = accounts.map((account) => account.label);
  if (input.strategy === 'team_cycle') {
    const { cycle, authPath } = currentTeamAuth(input.cycle, labels);
    return { account: byLabel.get(authPath) as PoolAccount, cycle, headroom: null };
  }
  if (input.strategy === 'headroom') {
    const candidates: HeadroomCandidate[] = labels.map((key) => ({
      key,
      headroom: input.headroom.get(key) ?? { kind: 'unknown', reason: 'no usage snapshot cached' },
    }));
    const best = pickByHeadroom(candidates);
    return best ? { account: byLabel.get(best.key) as PoolAccount, cycle: input.cycle, headroom: best.headroom } : null;
  }
  const counts = liveAccountCounts(labels, input.assignments);
  const fewest = Math.min(...counts.values());
  const tied = labels.filter((label) => counts.get(label) === fewest);
  const index = Math.min(tied.length - 1, Math.floor(input.random() * tied.length));
  return { account: byLabel.get(tied[index] as string) as PoolAccount, cycle: input.cycle, headroom: null };
}
