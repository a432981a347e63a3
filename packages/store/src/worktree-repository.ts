import { AgentPoolError } from '@agentpool/core';
import type { Kysely, Selectable } from 'kysely';
import type { WorktreeRecord, WorktreeRepository } from './records.js';
import type { Database, WorktreesTable } from './schema.js';
import { sessionNotFound } from './session-repository.js';
import { isForeignKeyViolation } from './sqlite-constraint.js';

export function createWorktreeRepository(db: Kysely<Database>): WorktreeRepository {
  return {
    async insert(worktree): Promise<WorktreeRecord> {
      try {
        const row = await db
          .insertInto('worktrees')
          .values({
            id: worktree.id,
            session_id: worktree.sessionId,
            repo_path: worktree.repoPath,
            path: worktree.path,
            branch: worktree.branch,
            base_commit: worktree.baseCommit,
            created_at: worktree.createdAt,
            removed_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toWorktreeRecord(row);
      } catch (error) {
        if (isForeignKeyViolation(error) && worktree.sessionId !== null) throw sessionNotFound(worktree.sessionId);
        throw error;
      }
    },

    async get(id): Promise<WorktreeRecord | null> {
      const row = await db.selectFrom('worktrees').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : toWorktreeRecord(row);
    },

    async getBySession(sessionId): Promise<WorktreeRecord | null> {
      const row = await db
        .selectFrom('worktrees')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .executeTakeFirst();
      return row === undefined ? null : toWorktreeRecord(row);
    },

    /** Worktrees not yet removed (all of them with includeRemoved), oldest first. */
    async list(options = {}): Promise<WorktreeRecord[]> {
      let select = db.selectFrom('worktrees').selectAll();
      if (options.repoPath !== undefined) select = select.where('repo_path', '=', options.repoPath);
      if (options.includeRemoved !== true) select = select.where('removed_at', 'is', null);
      const rows = await select.orderBy('created_at').orderBy('id').execute();
      return rows.map(toWorktreeRecord);
    },

    /** Records the removal; an already removed worktree keeps its first removal time. */
    async markRemoved(id, at = new Date().toISOString()): Promise<void> {
      const existing = await db.selectFrom('worktrees').select('id').where('id', '=', id).executeTakeFirst();
      if (existing === undefined) {
        throw new AgentPoolError('WORKTREE_NOT_FOUND', `No worktree has the id ${id}.`, {
          details: { worktree_id: id },
          hint: 'agentpool worktrees list --json',
        });
      }
      await db.updateTable('worktrees').set({ removed_at: at }).where('id', '=', id).where('removed_at', 'is', null).execute();
    },

    async reassign(id, sessionId): Promise<void> {
      await db.updateTable('worktrees').set({ session_id: sessionId }).where('id', '=', id).execute();
    },
  };
}

function toWorktreeRecord(row: Selectable<WorktreesTable>): WorktreeRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    repoPath: row.repo_path,
    path: row.path,
    branch: row.branch,
    baseCommit: row.base_commit,
    createdAt: row.created_at,
    removedAt: row.removed_at,
  };
}
