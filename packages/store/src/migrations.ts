import { type ColumnDefinitionBuilder, type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

/**
 * In-code migrations, applied in name order. Add `0002_…` and later entries here; never edit one
 * that has shipped. (A file-based provider would not survive bundling.)
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('provider', 'text', (col) => col.notNull())
        .addColumn('role', 'text', (col) => col.notNull())
        .addColumn('task', 'text', (col) => col.notNull())
        .addColumn('repo_path', 'text', (col) => col.notNull())
        .addColumn('work_dir', 'text', (col) => col.notNull())
        .addColumn('isolation', 'text', (col) => col.notNull())
        .addColumn('model', 'text')
        .addColumn('prompt_mode', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('state_confidence', 'real', (col) => col.notNull().defaultTo(0))
        .addColumn('state_evidence', 'text', (col) => col.notNull().defaultTo('[]'))
        .addColumn('tmux_session', 'text', (col) => col.notNull())
        .addColumn('max_runtime_seconds', 'integer')
        .addColumn('max_turns', 'integer')
        .addColumn('deadline_at', 'text')
        .addColumn('turn_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('turn_started_at', 'text', (col) => col.notNull())
        .addColumn('turn_offset', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('base_commit', 'text')
        .addColumn('worktree_id', 'text')
        .addColumn('exit_status', 'integer')
        .addColumn('end_reason', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('metadata', 'text', (col) => col.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('sessions_ended_at').on('sessions').column('ended_at').execute();
      await db.schema.createIndex('sessions_provider').on('sessions').column('provider').execute();
      await db.schema.createIndex('sessions_created_at').on('sessions').column('created_at').execute();

      await db.schema
        .createTable('session_events')
        .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('state', 'text')
        .addColumn('data', 'text', (col) => col.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('session_events_session_id_id').on('session_events').columns(['session_id', 'id']).execute();

      await db.schema
        .createTable('artifacts')
        .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('path', 'text', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addColumn('size_bytes', 'integer', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('artifacts_pk', ['session_id', 'kind'])
        .execute();

      await db.schema
        .createTable('worktrees')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('session_id', 'text', (col) => col.references('sessions.id').onDelete('set null'))
        .addColumn('repo_path', 'text', (col) => col.notNull())
        .addColumn('path', 'text', (col) => col.notNull())
        .addColumn('branch', 'text', (col) => col.notNull())
        .addColumn('base_commit', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('worktrees_session_id').on('worktrees').column('session_id').execute();
      await db.schema.createIndex('worktrees_repo_path').on('worktrees').column('repo_path').execute();

      await db.schema
        .createTable('leases')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('resource', 'text', (col) => col.notNull())
        .addColumn('mode', 'text', (col) => col.notNull().check(sql`mode in ('read', 'write')`))
        .addColumn('holder', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('released_at', 'text')
        .execute();
      await db.schema.createIndex('leases_resource').on('leases').column('resource').execute();
      await db.schema.createIndex('leases_holder').on('leases').column('holder').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['leases', 'worktrees', 'artifacts', 'session_events', 'sessions']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  },
  '0002_turns_and_versions': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Every write to a session bumps its version: a writer that read version N applies its change
      // only while the row still has version N (compare-and-set), so no process overwrites another's.
      await db.schema
        .alterTable('sessions')
        .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('sessions').addColumn('account_id', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('pane_pid', 'integer').execute();
      await db.schema.alterTable('sessions').addColumn('screen_hash', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('baseline', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('turn_work_seen_at', 'text').execute();
      await db.schema
        .createTable('session_turns')
        .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('number', 'integer', (col) => col.notNull())
        .addColumn('started_at', 'text', (col) => col.notNull())
        .addColumn('stream_offset', 'integer', (col) => col.notNull())
        .addColumn('sent_text', 'text', (col) => col.notNull())
        .addColumn('sent_chars', 'integer', (col) => col.notNull())
        .addColumn('delivered_at', 'text')
        .addPrimaryKeyConstraint('session_turns_pk', ['session_id', 'number'])
        .execute();
      // Sessions created before turns were recorded get their current turn, so `collect --turn` works for them too.
      await sql`INSERT INTO session_turns (session_id, number, started_at, stream_offset, sent_text, sent_chars, delivered_at)
        SELECT id, turn_count, turn_started_at, turn_offset, '', 0, turn_started_at FROM sessions WHERE turn_count > 0`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('session_turns').ifExists().execute();
      for (const column of ['turn_work_seen_at', 'baseline', 'screen_hash', 'pane_pid', 'account_id', 'version']) {
        await db.schema.alterTable('sessions').dropColumn(column).execute();
      }
    },
  },
  '0003_usage_snapshots': {
    async up(db: Kysely<unknown>): Promise<void> {
      // One row per provider account: the latest snapshot a probe made. `account_key` is '' for the
      // provider's default home (a NULL in a primary key would let duplicates in).
      await db.schema
        .createTable('usage_snapshots')
        .addColumn('provider_id', 'text', (col) => col.notNull())
        .addColumn('account_key', 'text', (col) => col.notNull())
        .addColumn('account_id', 'text')
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('fetched_at', 'text', (col) => col.notNull())
        .addColumn('snapshot', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('usage_snapshots_pk', ['provider_id', 'account_key'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('usage_snapshots').ifExists().execute();
    },
  },
  '0004_probe_state': {
    async up(db: Kysely<unknown>): Promise<void> {
      // What probes keep between runs: local-log scan offsets, per-file token tallies, counted keys.
      await db.schema
        .createTable('probe_state')
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('value', 'blob', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('probe_state').ifExists().execute();
    },
  },
  '0005_account_pool': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Named counters of the account pool (the round_robin source counter).
      await db.schema
        .createTable('pool_counters')
        .addColumn('name', 'text', (col) => col.primaryKey())
        .addColumn('value', 'integer', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      // Live auth assignments, one per worker: a row is deleted when its worker is released.
      // Paths only: an auth file's content never enters the database.
      await db.schema
        .createTable('pool_assignments')
        .addColumn('worker', 'text', (col) => col.primaryKey())
        .addColumn('base', 'text')
        .addColumn('auth_path', 'text', (col) => col.notNull())
        .addColumn('assigned_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('pool_assignments_auth_path').on('pool_assignments').column('auth_path').execute();
      // team_cycle: the position of every auth file ever seen in a team folder, and the current one.
      await db.schema
        .createTable('pool_team_order')
        .addColumn('team_dir', 'text', (col) => col.notNull())
        .addColumn('auth_path', 'text', (col) => col.notNull())
        .addColumn('position', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('pool_team_order_pk', ['team_dir', 'auth_path'])
        .execute();
      await db.schema
        .createTable('pool_team_cycles')
        .addColumn('team_dir', 'text', (col) => col.primaryKey())
        .addColumn('pointer', 'integer')
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['pool_team_cycles', 'pool_team_order', 'pool_assignments', 'pool_counters']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  },
  '0006_teams': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Teams: a task board with dependencies, a mailbox with read cursors, debates and monitor events.
      // Every child row names its team and goes with it (init --reset deletes the team row).
      await db.schema
        .createTable('teams')
        .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('root', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('goal', 'text', (col) => col.notNull())
        .addColumn('next_task_number', 'integer', (col) => col.notNull().defaultTo(1))
        .addColumn('next_debate_number', 'integer', (col) => col.notNull().defaultTo(1))
        .addColumn('next_message_seq', 'integer', (col) => col.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addUniqueConstraint('teams_root_name', ['root', 'name'])
        .execute();
      await db.schema.createIndex('teams_name').on('teams').column('name').execute();
      const teamRef = (col: ColumnDefinitionBuilder) => col.notNull().references('teams.id').onDelete('cascade');
      await db.schema
        .createTable('team_members')
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('position', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'member'])
        .execute();
      await db.schema
        .createTable('tasks')
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('id', 'text', (col) => col.notNull())
        .addColumn('number', 'integer', (col) => col.notNull())
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('owner', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('tasks_pk', ['team_id', 'id'])
        .execute();
      await db.schema
        .createTable('task_dependencies')
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('task_id', 'text', (col) => col.notNull())
        .addColumn('depends_on', 'text', (col) => col.notNull())
        .addColumn('position', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('task_dependencies_pk', ['team_id', 'task_id', 'depends_on'])
        .execute();
      await db.schema
        .createTable('task_notes')
        .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('task_id', 'text', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('text', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('task_notes_team_task').on('task_notes').columns(['team_id', 'task_id']).execute();
      await db.schema
        .createTable('messages')
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('seq', 'integer', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('sender', 'text', (col) => col.notNull())
        .addColumn('recipient', 'text', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('messages_pk', ['team_id', 'seq'])
        .execute();
      await db.schema
        .createTable('message_receipts')
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('last_read_seq', 'integer', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('message_receipts_pk', ['team_id', 'member'])
        .execute();
      await db.schema
        .createTable('debates')
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('id', 'text', (col) => col.notNull())
        .addColumn('number', 'integer', (col) => col.notNull())
        .addColumn('topic', 'text', (col) => col.notNull())
        .addColumn('task_id', 'text')
        .addColumn('options', 'text', (col) => col.notNull())
        .addColumn('members', 'text', (col) => col.notNull())
        .addColumn('decider', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('decision', 'text')
        .addColumn('applied', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('debates_pk', ['team_id', 'id'])
        .execute();
      await db.schema
        .createTable('debate_positions')
        .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('debate_id', 'text', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('option', 'text', (col) => col.notNull())
        .addColumn('confidence', 'real', (col) => col.notNull())
        .addColumn('rationale', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('debate_positions_team_debate').on('debate_positions').columns(['team_id', 'debate_id']).execute();
      await db.schema
        .createTable('monitor_events')
        .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('team_id', 'integer', teamRef)
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('event_type', 'text', (col) => col.notNull())
        .addColumn('command', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('entity_type', 'text', (col) => col.notNull())
        .addColumn('entity_id', 'text', (col) => col.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('metadata', 'text', (col) => col.notNull().defaultTo('{}'))
        .addColumn('correlation_id', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('monitor_events_team_id').on('monitor_events').columns(['team_id', 'id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'monitor_events',
        'debate_positions',
        'debates',
        'message_receipts',
        'messages',
        'task_notes',
        'task_dependencies',
        'tasks',
        'team_members',
        'teams',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  },
  '0007_pool_accounts': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Pool accounts: a provider plus a source home (template) and/or an auth file, by label.
      // Paths only: an auth file's content never enters the database.
      await db.schema
        .createTable('pool_accounts')
        .addColumn('label', 'text', (col) => col.primaryKey())
        .addColumn('provider', 'text', (col) => col.notNull())
        .addColumn('pool', 'text', (col) => col.notNull())
        .addColumn('source_home', 'text')
        .addColumn('auth_file', 'text')
        .addColumn('paused', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('pool_accounts_pool').on('pool_accounts').column('pool').execute();
      // A live assignment made for a pool account (spawn --pool) names it; team-folder picks leave it null.
      await db.schema.alterTable('pool_assignments').addColumn('account', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('pool_assignments').dropColumn('account').execute();
      await db.schema.dropTable('pool_accounts').ifExists().execute();
    },
  },
  '0008_team_live_members': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Live members: a member's worker session, its role, and the between-turns moments already used
      // (a delivery, an idle notice) so each happens once; the team's hooks; one row per message
      // delivered (or being delivered) into a member's pane.
      await db.schema
        .alterTable('teams')
        .addColumn('hooks', 'text', (col) => col.notNull().defaultTo('{}'))
        .execute();
      for (const [name, type] of [
        ['role', 'text'],
        ['provider', 'text'],
        ['model', 'text'],
        ['session_id', 'text'],
        ['spawned_at', 'text'],
        ['delivery_turn', 'integer'],
        ['idle_turn', 'integer'],
      ] as const) {
        await db.schema.alterTable('team_members').addColumn(name, type).execute();
      }
      await db.schema
        .alterTable('team_members')
        .addColumn('delegate', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('message_deliveries')
        .addColumn('team_id', 'integer', (col) => col.notNull().references('teams.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (col) => col.notNull())
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('session_id', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('turn', 'integer', (col) => col.notNull())
        .addColumn('claimed_at', 'text', (col) => col.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('message_deliveries_pk', ['team_id', 'seq', 'member'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('message_deliveries').ifExists().execute();
      for (const column of ['role', 'provider', 'model', 'session_id', 'spawned_at', 'delivery_turn', 'idle_turn', 'delegate']) {
        await db.schema.alterTable('team_members').dropColumn(column).execute();
      }
      await db.schema.alterTable('teams').dropColumn('hooks').execute();
    },
  },
  '0009_pool_rotation': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The provider's own id of the worker's conversation (Codex thread, Claude session), read from
      // its signals: what a resume continues.
      await db.schema.alterTable('sessions').addColumn('provider_session_id', 'text').execute();
      // Account rotation's steps (probes, decisions, drains, restarts). Not tied to one session: a
      // decision concerns a provider's accounts, and a worker's steps outlive its session row.
      await db.schema
        .createTable('pool_events')
        .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('provider', 'text', (col) => col.notNull())
        .addColumn('account', 'text')
        .addColumn('session_id', 'text')
        .addColumn('data', 'text', (col) => col.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('pool_events_provider_id').on('pool_events').columns(['provider', 'id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('pool_events').ifExists().execute();
      await db.schema.alterTable('sessions').dropColumn('provider_session_id').execute();
    },
  },
};

/** Serves the in-code migrations to kysely's Migrator. */
export const inCodeMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
