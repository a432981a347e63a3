/** Whether SQLite refused a write because a foreign key names a missing row (better-sqlite3's error code). */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
