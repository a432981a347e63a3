import type { AccountPoolStateStore, AuthAssignment, PoolState, TeamCycle } from '@agentpool/account-pool';
import type { Kysely } from 'kysely';
import { runImmediate } from './immediate-transaction.js';
import type { Database } from './schema.js';

const SOURCE_COUNTER = 'source_round_robin';

async function readState(db: Kysely<Database>, teamDir: string | null): Promise<PoolState> {
  const counter = await db.selectFrom('pool_counters').select('value').where('name', '=', SOURCE_COUNTER).executeTakeFirst();
  const rows = await db.selectFrom('pool_assignments').selectAll().orderBy('assigned_at').orderBy('worker').execute();
  let teamCycle: TeamCycle | null = null;
  if (teamDir !== null) {
    const order = await db
      .selectFrom('pool_team_order')
      .select(['auth_path', 'position'])
      .where('team_dir', '=', teamDir)
      .orderBy('position')
      .execute();
    const cycle = await db.selectFrom('pool_team_cycles').select('pointer').where('team_dir', '=', teamDir).executeTakeFirst();
    teamCycle = {
      teamDir,
      order: order.map((row) => ({ authPath: row.auth_path, position: row.position })),
      pointer: cycle?.pointer ?? null,
    };
  }
  return {
    sourceCounter: counter?.value ?? 0,
    assignments: rows.map((row) => ({
      worker: row.worker,
      base: row.base,
      authPath: row.auth_path,
      assignedAt: row.assigned_at,
      account: row.account,
    })),
    teamCycle,
  };
}

const sameAssignment = (a: AuthAssignment, b: AuthAssignment): boolean =>
  a.base === b.base && a.authPath === b.authPath && a.assignedAt === b.assignedAt && (a.account ?? null) === (b.account ?? null);

/** Writes what changed between `before` and `after`; positions already stored are never rewritten. */
async function writeChanges(trx: Kysely<Database>, before: PoolState, after: PoolState): Promise<void> {
  const now = new Date().toISOString();
  if (after.sourceCounter !== before.sourceCounter) {
    await trx
      .insertInto('pool_counters')
      .values({ name: SOURCE_COUNTER, value: after.sourceCounter, updated_at: now })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ value: after.sourceCounter, updated_at: now }))
      .execute();
  }
  const kept = new Map(after.assignments.map((assignment) => [assignment.worker, assignment]));
  const gone = before.assignments.filter((assignment) => !kept.has(assignment.worker)).map((assignment) => assignment.worker);
  if (gone.length > 0) await trx.deleteFrom('pool_assignments').where('worker', 'in', gone).execute();
  const previous = new Map(before.assignments.map((assignment) => [assignment.worker, assignment]));
  for (const assignment of after.assignments) {
    const old = previous.get(assignment.worker);
    if (old && sameAssignment(old, assignment)) continue;
    const row = {
      worker: assignment.worker,
      base: assignment.base,
      auth_path: assignment.authPath,
      assigned_at: assignment.assignedAt,
      account: assignment.account ?? null,
    };
    await trx
      .insertInto('pool_assignments')
      .values(row)
      .onConflict((conflict) =>
        conflict
          .column('worker')
          .doUpdateSet({ base: row.base, auth_path: row.auth_path, assigned_at: row.assigned_at, account: row.account }),
      )
      .execute();
  }
  const cycle = after.teamCycle;
  if (cycle === null || before.teamCycle === null || cycle.teamDir !== before.teamCycle.teamDir) return;
  const known = new Set(before.teamCycle.order.map((entry) => entry.authPath));
  for (const entry of cycle.order) {
    if (known.has(entry.authPath)) continue;
    await trx
      .insertInto('pool_team_order')
      .values({ team_dir: cycle.teamDir, auth_path: entry.authPath, position: entry.position })
      .onConflict((conflict) => conflict.columns(['team_dir', 'auth_path']).doNothing())
      .execute();
  }
  if (cycle.pointer !== before.teamCycle.pointer) {
    await trx
      .insertInto('pool_team_cycles')
      .values({ team_dir: cycle.teamDir, pointer: cycle.pointer, updated_at: now })
      .onConflict((conflict) => conflict.column('team_dir').doUpdateSet({ pointer: cycle.pointer, updated_at: now }))
      .execute();
  }
}

/**
 * `AccountPoolStateStore` over the pool_* tables. Each update reads, decides and writes inside one
 * BEGIN IMMEDIATE transaction: two processes picking at once take turns, so neither reads a counter
 * or a live count the other is about to change.
 */
export function createAccountPoolStateRepository(db: Kysely<Database>): AccountPoolStateStore {
  return {
    read: (teamDir) => readState(db, teamDir),
    update: (teamDir, change) =>
      runImmediate(db, async (trx) => {
        const before = await readState(trx, teamDir);
        const { state, result } = change(before);
        await writeChanges(trx, before, state);
        return result;
      }),
  };
}
