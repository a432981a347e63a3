import type { Kysely, Selectable } from 'kysely';
import type { ArtifactRecord, ArtifactRepository } from './records.js';
import type { ArtifactsTable, Database } from './schema.js';
import { sessionNotFound } from './session-repository.js';
import { isForeignKeyViolation } from './sqlite-constraint.js';

export function createArtifactRepository(db: Kysely<Database>): ArtifactRepository {
  return {
    async put(artifact): Promise<ArtifactRecord> {
      const values = {
        session_id: artifact.sessionId,
        kind: artifact.kind,
        path: artifact.path,
        sha256: artifact.sha256,
        size_bytes: artifact.sizeBytes,
        created_at: artifact.createdAt ?? new Date().toISOString(),
      };
      try {
        const row = await db
          .insertInto('artifacts')
          .values(values)
          .onConflict((oc) =>
            oc.columns(['session_id', 'kind']).doUpdateSet({
              path: values.path,
              sha256: values.sha256,
              size_bytes: values.size_bytes,
              created_at: values.created_at,
            }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return toArtifactRecord(row);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw sessionNotFound(artifact.sessionId);
        throw error;
      }
    },

    async list(sessionId): Promise<ArtifactRecord[]> {
      const rows = await db.selectFrom('artifacts').selectAll().where('session_id', '=', sessionId).orderBy('kind').execute();
      return rows.map(toArtifactRecord);
    },
  };
}

function toArtifactRecord(row: Selectable<ArtifactsTable>): ArtifactRecord {
  return {
    sessionId: row.session_id,
    kind: row.kind,
    path: row.path,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    createdAt: row.created_at,
  };
}
