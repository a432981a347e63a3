import { AgentPoolError, echoValue, type Isolation, type PromptMode, redact, type SessionState, type WorkerRole } from '@agentpool/core';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { runImmediate } from './immediate-transaction.js';
import type {
  NewSession,
  SessionChange,
  SessionPatch,
  SessionQuery,
  SessionRecord,
  SessionRepository,
  SessionTurnRecord,
  TurnBaseline,
} from './records.js';
import type { Database, SessionsTable, SessionTurnsTable } from './schema.js';

const DEFAULT_LIST_LIMIT = 50;

export function createSessionRepository(db: Kysely<Database>): SessionRepository {
  async function get(id: string): Promise<SessionRecord | null> {
    const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toSessionRecord(row);
  }

  return {
    async insertWithinCap(session: NewSession, maxLive: number): Promise<SessionRecord> {
      return runImmediate(db, async (trx) => {
        const live = await countLiveSessions(trx);
        if (live >= maxLive) {
          throw new AgentPoolError(
            'PARALLEL_LIMIT_REACHED',
            `${live} sessions are live and the limit is ${maxLive}; wait for one to end or terminate one (agentpool terminate <id>).`,
            { details: { live, max: maxLive }, hint: 'agentpool sessions --state working --json' },
          );
        }
        const row = await trx
          .insertInto('sessions')
          .values(toSessionRow({ ...session, updatedAt: session.createdAt }))
          .returningAll()
          .executeTakeFirstOrThrow();
        return toSessionRecord(row);
      });
    },

    get,

    async require(id: string): Promise<SessionRecord> {
      const session = await get(id);
      if (session === null) throw sessionNotFound(id);
      return session;
    },

    async list(query: SessionQuery = {}): Promise<SessionRecord[]> {
      let select = db.selectFrom('sessions').selectAll();
      if (query.state !== undefined) select = select.where('state', '=', query.state);
      if (query.provider !== undefined) select = select.where('provider', '=', query.provider);
      if (query.includeEnded === false) select = select.where('ended_at', 'is', null);
      const rows = await select
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(query.limit ?? DEFAULT_LIST_LIMIT)
        .offset(query.offset ?? 0)
        .execute();
      return rows.map(toSessionRecord);
    },

    async listLive(): Promise<SessionRecord[]> {
      const rows = await db.selectFrom('sessions').selectAll().where('ended_at', 'is', null).orderBy('created_at').orderBy('id').execute();
      return rows.map(toSessionRecord);
    },

    async listAliveSince(since, options = {}): Promise<SessionRecord[]> {
      let select = db.selectFrom('sessions').selectAll();
      if (since !== null) {
        select = select.where((eb) => eb.or([eb('created_at', '>=', since), eb('ended_at', 'is', null), eb('ended_at', '>', since)]));
      }
      if (options.providers !== undefined) {
        if (options.providers.length === 0) return [];
        select = select.where('provider', 'in', [...options.providers]);
      }
      const rows = await select.orderBy('created_at').orderBy('id').execute();
      return rows.map(toSessionRecord);
    },

    countLive: () => countLiveSessions(db),

    async update(id: string, patch: SessionPatch): Promise<SessionRecord> {
      const row = await db
        .updateTable('sessions')
        .set((eb) => ({ ...toPatchRow(patch), updated_at: new Date().toISOString(), version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw sessionNotFound(id);
      return toSessionRecord(row);
    },

    async apply(id: string, change: SessionChange): Promise<SessionRecord | null> {
      return runImmediate(db, async (trx) => {
        let update = trx
          .updateTable('sessions')
          .set((eb) => ({ ...toPatchRow(change.patch), updated_at: new Date().toISOString(), version: eb('version', '+', 1) }))
          .where('id', '=', id);
        if (change.expectedVersion !== undefined) update = update.where('version', '=', change.expectedVersion);
        const row = await update.returningAll().executeTakeFirst();
        if (row === undefined) {
          if (
            change.expectedVersion !== undefined &&
            (await trx.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst())
          )
            return null;
          throw sessionNotFound(id);
        }
        if (change.turn) {
          await trx
            .insertInto('session_turns')
            .values(toTurnRow({ ...change.turn, sessionId: id }))
            .onConflict((conflict) => conflict.columns(['session_id', 'number']).doUpdateSet(toTurnRow({ ...change.turn!, sessionId: id })))
            .execute();
        }
        const at = new Date().toISOString();
        for (const event of change.events ?? []) {
          await trx
            .insertInto('session_events')
            .values({ session_id: id, at: event.at ?? at, type: event.type, state: event.state, data: JSON.stringify(event.data) })
            .execute();
        }
        return toSessionRecord(row);
      });
    },

    async turns(id: string): Promise<SessionTurnRecord[]> {
      const rows = await db.selectFrom('session_turns').selectAll().where('session_id', '=', id).orderBy('number').execute();
      return rows.map(toTurnRecord);
    },
  };
}

async function countLiveSessions(db: Kysely<Database>): Promise<number> {
  const { live } = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('live'))
    .where('ended_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(live);
}

/** The error for an id that names no session; other repositories use it for foreign keys too. */
export function sessionNotFound(id: string): AgentPoolError {
  return new AgentPoolError('SESSION_NOT_FOUND', `No session has the id ${echoValue(id)}.`, {
    details: { session_id: echoValue(id) },
    hint: 'agentpool sessions --json',
  });
}

function toSessionRow(session: NewSession & { updatedAt: string }): Omit<SessionsTable, 'version'> {
  return {
    id: session.id,
    provider: session.provider,
    role: session.role,
    task: session.task,
    // Shown, never used to run anything (work_dir is): a secret-looking part of the path is not kept.
    repo_path: redact(session.repoPath),
    work_dir: session.workDir,
    isolation: session.isolation,
    model: session.model,
    prompt_mode: session.promptMode,
    state: session.state,
    state_confidence: session.stateConfidence,
    state_evidence: JSON.stringify(session.stateEvidence),
    tmux_session: session.tmuxSession,
    max_runtime_seconds: session.maxRuntimeSeconds,
    max_turns: session.maxTurns,
    deadline_at: session.deadlineAt,
    turn_count: session.turnCount,
    turn_started_at: session.turnStartedAt,
    turn_offset: session.turnOffset,
    base_commit: session.baseCommit,
    worktree_id: session.worktreeId,
    exit_status: session.exitStatus,
    end_reason: session.endReason,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    ended_at: session.endedAt,
    metadata: JSON.stringify(session.metadata),
    account_id: session.accountId,
    pane_pid: session.panePid ?? null,
    screen_hash: null,
    baseline: null,
    turn_work_seen_at: null,
    provider_session_id: session.providerSessionId ?? null,
  };
}

function toTurnRow(turn: SessionTurnRecord): SessionTurnsTable {
  return {
    session_id: turn.sessionId,
    number: turn.number,
    started_at: turn.startedAt,
    stream_offset: turn.streamOffset,
    sent_text: turn.sentText,
    sent_chars: turn.sentChars,
    delivered_at: turn.deliveredAt,
  };
}

function toTurnRecord(row: Selectable<SessionTurnsTable>): SessionTurnRecord {
  return {
    sessionId: row.session_id,
    number: row.number,
    startedAt: row.started_at,
    streamOffset: row.stream_offset,
    sentText: row.sent_text,
    sentChars: row.sent_chars,
    deliveredAt: row.delivered_at,
  };
}

function toPatchRow(patch: SessionPatch): Updateable<SessionsTable> {
  const row: Updateable<SessionsTable> = {};
  if (patch.state !== undefined) row.state = patch.state;
  if (patch.stateConfidence !== undefined) row.state_confidence = patch.stateConfidence;
  if (patch.stateEvidence !== undefined) row.state_evidence = JSON.stringify(patch.stateEvidence);
  if (patch.turnCount !== undefined) row.turn_count = patch.turnCount;
  if (patch.turnStartedAt !== undefined) row.turn_started_at = patch.turnStartedAt;
  if (patch.turnOffset !== undefined) row.turn_offset = patch.turnOffset;
  if (patch.exitStatus !== undefined) row.exit_status = patch.exitStatus;
  if (patch.endReason !== undefined) row.end_reason = patch.endReason;
  if (patch.endedAt !== undefined) row.ended_at = patch.endedAt;
  if (patch.deadlineAt !== undefined) row.deadline_at = patch.deadlineAt;
  if (patch.panePid !== undefined) row.pane_pid = patch.panePid;
  if (patch.screenHash !== undefined) row.screen_hash = patch.screenHash;
  if (patch.baseline !== undefined) row.baseline = patch.baseline === null ? null : JSON.stringify(patch.baseline);
  if (patch.turnWorkSeenAt !== undefined) row.turn_work_seen_at = patch.turnWorkSeenAt;
  if (patch.providerSessionId !== undefined) row.provider_session_id = patch.providerSessionId;
  return row;
}

function toSessionRecord(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    provider: row.provider,
    role: row.role as WorkerRole,
    task: row.task,
    repoPath: row.repo_path,
    workDir: row.work_dir,
    isolation: row.isolation as Isolation,
    model: row.model,
    promptMode: row.prompt_mode as PromptMode,
    state: row.state as SessionState,
    stateConfidence: row.state_confidence,
    stateEvidence: JSON.parse(row.state_evidence) as string[],
    tmuxSession: row.tmux_session,
    maxRuntimeSeconds: row.max_runtime_seconds,
    maxTurns: row.max_turns,
    deadlineAt: row.deadline_at,
    turnCount: row.turn_count,
    turnStartedAt: row.turn_started_at,
    turnOffset: row.turn_offset,
    baseCommit: row.base_commit,
    worktreeId: row.worktree_id,
    exitStatus: row.exit_status,
    endReason: row.end_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    accountId: row.account_id,
    version: row.version,
    panePid: row.pane_pid,
    screenHash: row.screen_hash,
    baseline: row.baseline === null ? null : (JSON.parse(row.baseline) as TurnBaseline),
    turnWorkSeenAt: row.turn_work_seen_at,
    providerSessionId: row.provider_session_id,
  };
}
