import type { SchemaMigration } from '@charla/platform';
import { sql } from 'kysely';

/** Attachments: rows here, bytes in the blob store. */
export const attachmentsTable: SchemaMigration = {
  async up(db, dialect) {
    const mysql = dialect === 'mysql';
    const time = mysql ? sql`datetime(3)` : sql`text`;
    await db.schema
      .createTable('attachments')
      .addColumn('id', mysql ? 'bigint' : 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('conversation_id', 'bigint', (c) => c.notNull().references('conversations.id'))
      .addColumn('uploader_id', 'bigint', (c) => c.notNull())
      .addColumn('message_id', 'bigint', (c) => c.references('messages.id'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('height', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('blob_key', 'varchar(100)', (c) => c.notNull())
      .addColumn('thumbnail_key', 'varchar(100)')
      .addColumn('thumbnail_size', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('removed_at', time)
      .execute();
    // A page's files in one lookup; the sweeper's two walks (unsent by age, removed).
    await db.schema.createIndex('attachments_message').on('attachments').columns(['message_id', 'position']).execute();
    await db.schema.createIndex('attachments_unsent').on('attachments').columns(['message_id', 'created_at']).execute();
    await db.schema.createIndex('attachments_removed').on('attachments').columns(['removed_at']).execute();
  },
};

/**
 * Full-text search over message bodies, kept by the database in the transaction that writes
 * the body. MySQL/MariaDB: a FULLTEXT index on InnoDB, with the body compared under an
 * accent- and case-insensitive collation (the database's own default is utf8mb4_bin, under
 * which the index would match "café" only as "café"). SQLite: an FTS5 index over the body
 * (unicode61 with remove_diacritics) that triggers keep in step with inserts, edits and deletes.
 */
export const messageSearchIndex: SchemaMigration = {
  async up(db, dialect) {
    if (dialect === 'mysql') {
      await sql`ALTER TABLE messages MODIFY body TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL`.execute(db);
      await sql`ALTER TABLE messages ADD FULLTEXT INDEX messages_body_fulltext (body)`.execute(db);
      return;
    }
    await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
    END`.execute(db);
    await sql`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    END`.execute(db);
    await sql`CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
      INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
    END`.execute(db);
    await sql`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`.execute(db);
  },
};
