import { type Kysely, type Selectable, sql } from 'kysely';
import { runImmediate } from './immediate-transaction.js';
import type { Database, DebatesTable, MonitorEventsTable, TeamsTable } from './schema.js';
import type {
  DebateRow,
  DeliveryRow,
  MemberRow,
  MessageRow,
  MonitorEventRow,
  PositionRow,
  TaskNoteRow,
  TaskRow,
  TeamRow,
  TeamStore,
  TeamTransaction,
} from './team-records.js';

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const jsonOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

function eventRow(row: Selectable<MonitorEventsTable>): MonitorEventRow {
  return {
    id: row.id,
    at: row.at,
    eventType: row.event_type,
    command: row.command,
    actor: row.actor,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: parseJson(row.before),
    after: parseJson(row.after),
    metadata: (parseJson(row.metadata) ?? {}) as Record<string, unknown>,
    correlationId: row.correlation_id,
  };
}

function teamTransaction(db: Kysely<Database>): TeamTransaction {
  const teamRow = async (row: Selectable<TeamsTable>): Promise<TeamRow> => {
    const members = await db.selectFrom('team_members').select('member').where('team_id', '=', row.id).orderBy('position').execute();
    return {
      key: row.id,
      root: row.root,
      name: row.name,
      goal: row.goal,
      members: members.map((m) => m.member),
      hooks: (parseJson(row.hooks) ?? {}) as Record<string, string>,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  };

  const tasksOf = async (team: TeamRow, id?: string): Promise<TaskRow[]> => {
    let query = db.selectFrom('tasks').selectAll().where('team_id', '=', team.key);
    if (id !== undefined) query = query.where('id', '=', id);
    const rows = await query.orderBy('number').execute();
    if (rows.length === 0) return [];
    let depsQuery = db.selectFrom('task_dependencies').selectAll().where('team_id', '=', team.key);
    let notesQuery = db.selectFrom('task_notes').selectAll().where('team_id', '=', team.key);
    if (id !== undefined) {
      depsQuery = depsQuery.where('task_id', '=', id);
      notesQuery = notesQuery.where('task_id', '=', id);
    }
    const deps = await depsQuery.orderBy('position').execute();
    const notes = await notesQuery.orderBy('id').execute();
    const depsBy = new Map<string, string[]>();
    for (const dep of deps) depsBy.set(dep.task_id, [...(depsBy.get(dep.task_id) ?? []), dep.depends_on]);
    const notesBy = new Map<string, TaskNoteRow[]>();
    for (const note of notes) notesBy.set(note.task_id, [...(notesBy.get(note.task_id) ?? []), { at: note.at, text: note.text }]);
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      title: row.title,
      owner: row.owner,
      status: row.status,
      dependsOn: depsBy.get(row.id) ?? [],
      notes: notesBy.get(row.id) ?? [],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  };

  const debatesOf = async (team: TeamRow, id?: string): Promise<DebateRow[]> => {
    let query = db.selectFrom('debates').selectAll().where('team_id', '=', team.key);
    if (id !== undefined) query = query.where('id', '=', id);
    const rows: Selectable<DebatesTable>[] = await query.orderBy('number').execute();
    if (rows.length === 0) return [];
    let positionsQuery = db.selectFrom('debate_positions').selectAll().where('team_id', '=', team.key);
    if (id !== undefined) positionsQuery = positionsQuery.where('debate_id', '=', id);
    const positions = await positionsQuery.orderBy('id').execute();
    const positionsBy = new Map<string, PositionRow[]>();
    for (const p of positions) {
      const row: PositionRow = { at: p.at, member: p.member, option: p.option, confidence: p.confidence, rationale: p.rationale };
      positionsBy.set(p.debate_id, [...(positionsBy.get(p.debate_id) ?? []), row]);
    }
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      topic: row.topic,
      taskId: row.task_id,
      options: JSON.parse(row.options) as string[],
      members: JSON.parse(row.members) as string[],
      decider: row.decider,
      status: row.status,
      positions: positionsBy.get(row.id) ?? [],
      decision: parseJson(row.decision) as Record<string, unknown> | null,
      applied: parseJson(row.applied) as Record<string, unknown> | null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  };

  return {
    async findTeam(root, name) {
      const row = await db.selectFrom('teams').selectAll().where('root', '=', root).where('name', '=', name).executeTakeFirst();
      return row ? teamRow(row) : null;
    },
    async rootsOfTeam(name) {
      const rows = await db.selectFrom('teams').select('root').where('name', '=', name).orderBy('root').execute();
      return rows.map((row) => row.root);
    },
    async insertTeam(team) {
      const inserted = await db
        .insertInto('teams')
        .values({ root: team.root, name: team.name, goal: team.goal, created_at: team.createdAt, updated_at: team.createdAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (team.members.length > 0) {
        await db
          .insertInto('team_members')
          .values(team.members.map((member, position) => ({ team_id: inserted.id, member, position })))
          .execute();
      }
      const row = await db.selectFrom('teams').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
      return teamRow(row);
    },
    async deleteTeam(team) {
      await db.deleteFrom('teams').where('id', '=', team.key).execute();
    },
    async takeNumber(team, kind) {
      const column = kind === 'task' ? 'next_task_number' : 'next_debate_number';
      const row = await db
        .updateTable('teams')
        .set((eb) => ({ [column]: eb(column, '+', 1) }))
        .where('id', '=', team.key)
        .returning(column)
        .executeTakeFirstOrThrow();
      return ((row as Record<string, number>)[column] as number) - 1;
    },
    async setNextNumbers(team, numbers) {
      const patch: Partial<Record<'next_task_number' | 'next_debate_number', number>> = {};
      if (numbers.task !== undefined) patch.next_task_number = numbers.task;
      if (numbers.debate !== undefined) patch.next_debate_number = numbers.debate;
      if (Object.keys(patch).length > 0) await db.updateTable('teams').set(patch).where('id', '=', team.key).execute();
    },

    listTasks: (team) => tasksOf(team),
    async getTask(team, id) {
      return (await tasksOf(team, id))[0] ?? null;
    },
    async listTaskIds(team) {
      const rows = await db.selectFrom('tasks').select('id').where('team_id', '=', team.key).orderBy('number').execute();
      return rows.map((row) => row.id);
    },
    async taskStatuses(team, ids) {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('tasks')
        .select(['id', 'status'])
        .where('team_id', '=', team.key)
        .where('id', 'in', [...ids])
        .execute();
      return new Map(rows.map((row) => [row.id, row.status] as const));
    },
    async nextClaimableTaskId(team, member, unassigned) {
      const row = await db
        .selectFrom('tasks as t')
        .select('t.id')
        .where('t.team_id', '=', team.key)
        .where('t.status', '=', 'pending')
        .where('t.owner', 'in', [member, unassigned])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('task_dependencies as d')
                .leftJoin('tasks as dep', (join) => join.onRef('dep.team_id', '=', 'd.team_id').onRef('dep.id', '=', 'd.depends_on'))
                .select('d.depends_on')
                .whereRef('d.team_id', '=', 't.team_id')
                .whereRef('d.task_id', '=', 't.id')
                .where((eb) => eb.or([eb('dep.status', 'is', null), eb('dep.status', '!=', 'completed')])),
            ),
          ),
        )
        .orderBy(sql`t.owner = ${member}`, 'desc')
        .orderBy('t.number')
        .limit(1)
        .executeTakeFirst();
      return row?.id ?? null;
    },
    async insertTask(team, task) {
      await db
        .insertInto('tasks')
        .values({
          team_id: team.key,
          id: task.id,
          number: task.number,
          title: task.title,
          owner: task.owner,
          status: task.status,
          created_at: task.createdAt,
          updated_at: task.updatedAt,
        })
        .execute();
      await this.setDependencies(team, task.id, task.dependsOn);
      for (const note of task.notes) await this.addNote(team, task.id, note);
    },
    async updateTask(team, id, patch) {
      await db
        .updateTable('tasks')
        .set({
          ...(patch.owner === undefined ? {} : { owner: patch.owner }),
          ...(patch.status === undefined ? {} : { status: patch.status }),
          updated_at: patch.updatedAt,
        })
        .where('team_id', '=', team.key)
        .where('id', '=', id)
        .execute();
    },
    async swapTaskState(team, id, expected, next) {
      const result = await db
        .updateTable('tasks')
        .set({ owner: next.owner, status: next.status, updated_at: next.updatedAt })
        .where('team_id', '=', team.key)
        .where('id', '=', id)
        .where('owner', '=', expected.owner)
        .where('status', '=', expected.status)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async setDependencies(team, id, dependsOn) {
      await db.deleteFrom('task_dependencies').where('team_id', '=', team.key).where('task_id', '=', id).execute();
      if (dependsOn.length > 0) {
        await db
          .insertInto('task_dependencies')
          .values(dependsOn.map((dep, position) => ({ team_id: team.key, task_id: id, depends_on: dep, position })))
          .execute();
      }
    },
    async addNote(team, id, note) {
      await db.insertInto('task_notes').values({ team_id: team.key, task_id: id, at: note.at, text: note.text }).execute();
    },

    async insertMessage(team, message) {
      const counter = await db
        .updateTable('teams')
        .set((eb) => ({ next_message_seq: eb('next_message_seq', '+', 1) }))
        .where('id', '=', team.key)
        .returning('next_message_seq')
        .executeTakeFirstOrThrow();
      const seq = counter.next_message_seq - 1;
      await db
        .insertInto('messages')
        .values({
          team_id: team.key,
          seq,
          at: message.at,
          type: message.type,
          sender: message.from,
          recipient: message.to,
          body: message.body,
        })
        .execute();
      return { ...message, seq };
    },
    async listMessages(team, options = {}) {
      let query = db.selectFrom('messages').selectAll().where('team_id', '=', team.key);
      if (options.member !== undefined) {
        const member = options.member;
        query = query.where((eb) => eb.or([eb('type', '=', 'broadcast'), eb('recipient', '=', member)]));
      }
      if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
      const rows = await query.orderBy('seq').execute();
      return rows.map((row) => ({
        seq: row.seq,
        at: row.at,
        type: row.type as MessageRow['type'],
        from: row.sender,
        to: row.recipient,
        body: row.body,
      }));
    },
    async readCursor(team, member) {
      const row = await db
        .selectFrom('message_receipts')
        .select('last_read_seq')
        .where('team_id', '=', team.key)
        .where('member', '=', member)
        .executeTakeFirst();
      return row?.last_read_seq ?? 0;
    },
    async setReadCursor(team, member, seq, at) {
      await db
        .insertInto('message_receipts')
        .values({ team_id: team.key, member, last_read_seq: seq, updated_at: at })
        .onConflict((oc) => oc.columns(['team_id', 'member']).doUpdateSet({ last_read_seq: seq, updated_at: at }))
        .execute();
    },

    listDebates: (team) => debatesOf(team),
    async getDebate(team, id) {
      return (await debatesOf(team, id))[0] ?? null;
    },
    async insertDebate(team, debate) {
      await db
        .insertInto('debates')
        .values({
          team_id: team.key,
          id: debate.id,
          number: debate.number,
          topic: debate.topic,
          task_id: debate.taskId,
          options: JSON.stringify(debate.options),
          members: JSON.stringify(debate.members),
          decider: debate.decider,
          status: debate.status,
          decision: jsonOrNull(debate.decision),
          applied: jsonOrNull(debate.applied),
          created_at: debate.createdAt,
          updated_at: debate.updatedAt,
        })
        .execute();
      for (const position of debate.positions) await this.addPosition(team, debate.id, position);
    },
    async updateDebate(team, id, patch) {
      await db
        .updateTable('debates')
        .set({
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.decision === undefined ? {} : { decision: jsonOrNull(patch.decision) }),
          ...(patch.applied === undefined ? {} : { applied: jsonOrNull(patch.applied) }),
          updated_at: patch.updatedAt,
        })
        .where('team_id', '=', team.key)
        .where('id', '=', id)
        .execute();
    },
    async addPosition(team, debateId, position) {
      await db
        .insertInto('debate_positions')
        .values({
          team_id: team.key,
          debate_id: debateId,
          at: position.at,
          member: position.member,
          option: position.option,
          confidence: position.confidence,
          rationale: position.rationale,
        })
        .execute();
    },

    async insertEvent(team, event) {
      const row = await db
        .insertInto('monitor_events')
        .values({
          team_id: team.key,
          at: event.at,
          event_type: event.eventType,
          command: event.command,
          actor: event.actor,
          entity_type: event.entityType,
          entity_id: event.entityId,
          before: jsonOrNull(event.before),
          after: jsonOrNull(event.after),
          metadata: JSON.stringify(event.metadata),
          correlation_id: event.correlationId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return eventRow(row);
    },
    async listEvents(team) {
      const rows = await db.selectFrom('monitor_events').selectAll().where('team_id', '=', team.key).orderBy('id').execute();
      return rows.map(eventRow);
    },

    async setHooks(team, hooks, at) {
      await db
        .updateTable('teams')
        .set({ hooks: JSON.stringify(hooks), updated_at: at })
        .where('id', '=', team.key)
        .execute();
    },
    async listMemberRows(team) {
      const rows = await db.selectFrom('team_members').selectAll().where('team_id', '=', team.key).orderBy('position').execute();
      return rows.map(
        (row): MemberRow => ({
          member: row.member,
          role: row.role,
          provider: row.provider,
          model: row.model,
          sessionId: row.session_id,
          spawnedAt: row.spawned_at,
          delegate: row.delegate === 1,
          deliveryTurn: row.delivery_turn,
          idleTurn: row.idle_turn,
        }),
      );
    },
    async setMemberSession(team, member, session) {
      await db
        .updateTable('team_members')
        .set({
          role: session.role,
          provider: session.provider,
          model: session.model,
          session_id: session.sessionId,
          spawned_at: session.spawnedAt,
          delegate: session.delegate ? 1 : 0,
          delivery_turn: null,
          idle_turn: null,
        })
        .where('team_id', '=', team.key)
        .where('member', '=', member)
        .execute();
    },
    async takeMoment(team, member, sessionId, kind, turn) {
      const column = kind === 'delivery' ? 'delivery_turn' : 'idle_turn';
      const result = await db
        .updateTable('team_members')
        .set({ [column]: turn })
        .where('team_id', '=', team.key)
        .where('member', '=', member)
        .where('session_id', '=', sessionId)
        .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<', turn)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async claimDeliveries(team, rows) {
      if (rows.length === 0) return true;
      const seqs = rows.map((row) => row.seq);
      const member = rows[0]?.member as string;
      const taken = await db
        .selectFrom('message_deliveries')
        .select('seq')
        .where('team_id', '=', team.key)
        .where('member', '=', member)
        .where('seq', 'in', seqs)
        .execute();
      if (taken.length > 0) return false;
      await db
        .insertInto('message_deliveries')
        .values(
          rows.map((row) => ({
            team_id: team.key,
            seq: row.seq,
            member: row.member,
            session_id: row.sessionId,
            status: row.status,
            turn: row.turn,
            claimed_at: row.claimedAt,
          })),
        )
        .execute();
      return true;
    },
    async finishDeliveries(team, member, seqs, outcome) {
      if (seqs.length === 0) return;
      await db
        .updateTable('message_deliveries')
        .set({
          status: outcome.status,
          delivered_at: outcome.status === 'delivered' ? outcome.at : null,
          error: outcome.error ?? null,
        })
        .where('team_id', '=', team.key)
        .where('member', '=', member)
        .where('seq', 'in', [...seqs])
        .execute();
    },
    async listDeliveries(team, options = {}) {
      let query = db.selectFrom('message_deliveries').selectAll().where('team_id', '=', team.key);
      if (options.member !== undefined) query = query.where('member', '=', options.member);
      const rows = await query.orderBy('seq').orderBy('member').execute();
      return rows.map(
        (row): DeliveryRow => ({
          seq: row.seq,
          member: row.member,
          sessionId: row.session_id,
          status: row.status as DeliveryRow['status'],
          turn: row.turn,
          claimedAt: row.claimed_at,
          deliveredAt: row.delivered_at,
          error: row.error,
        }),
      );
    },
  };
}

/** The team tables of one store. */
export function createTeamStore(db: Kysely<Database>): TeamStore {
  return {
    write: (fn) => runImmediate(db, (trx) => fn(teamTransaction(trx))),
    read: (fn) => db.transaction().execute((trx) => fn(teamTransaction(trx))),
  };
}
