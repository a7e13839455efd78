import type { SchemaMigration } from '@charla/platform';
import { sql } from 'kysely';

/** The message of the day: one row, its text NULL until someone sets it (the MOTD setting holds until then). */
export const motdTable: SchemaMigration = {
  async up(db, dialect) {
    const mysql = dialect === 'mysql';
    await db.schema
      .createTable('motd')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('text', mysql ? sql`text character set utf8mb4` : 'text')
      .addColumn('updated_at', mysql ? sql`datetime(3)` : 'text')
      .execute();
    await db.insertInto('motd').values({ id: 1, text: null, updated_at: null }).execute();
  },
};
