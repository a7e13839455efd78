import type { SchemaMigration } from '@charla/platform';

/**
 * A version per conversation of how its stored messages show (0011): bumped in the same
 * transaction as every edit, delete, reaction, pin and status change of one of them
 * (store/history-versions.ts), so a cached page of its history is checked against it, with
 * last_seq, in the read that checks the caller's access. A conversation nothing has changed
 * yet has no row: version 0.
 */
export const historyVersions: SchemaMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('history_versions')
      .addColumn('conversation_id', dialect === 'mysql' ? 'bigint' : 'integer', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
  },
};
