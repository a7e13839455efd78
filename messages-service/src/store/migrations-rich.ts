import type { SchemaMigration } from '@charla/platform';
import { sql } from 'kysely';

/**
 * Richer conversations: replies, system lines and pins on messages; reactions and mentions in
 * tables of their own; a topic per conversation; each member's own preferences.
 */
export const richConversations: SchemaMigration = {
  async up(db, dialect) {
    const mysql = dialect === 'mysql';
    const time = mysql ? sql`datetime(3)` : sql`text`;
    // Emoji compare byte for byte: a case- or accent-insensitive collation takes many emoji for one another.
    const emoji = mysql ? sql`varchar(32) character set utf8mb4 collate utf8mb4_bin` : sql`text`;

    await db.schema.alterTable('conversations').addColumn('topic', 'varchar(250)').execute();
    for (const preference of ['muted', 'favourite', 'archived']) {
      await db.schema.alterTable('conversation_members').addColumn(preference, 'integer', (c) => c.notNull().defaultTo(0)).execute();
    }

    await db.schema.alterTable('messages').addColumn('kind', 'varchar(10)', (c) => c.notNull().defaultTo('text')).execute();
    await db.schema.alterTable('messages').addColumn('system_change', 'text').execute();
    await db.schema.alterTable('messages').addColumn('reply_to_id', 'bigint').execute();
    await db.schema.alterTable('messages').addColumn('pinned_at', time).execute();
    await db.schema.alterTable('messages').addColumn('pinned_by', 'bigint').execute();
    // A conversation's pinned messages, newest pin first, without a scan of its history.
    await db.schema.createIndex('messages_conversation_pinned').on('messages').columns(['conversation_id', 'pinned_at']).execute();

    await db.schema
      .createTable('message_reactions')
      .addColumn('id', mysql ? 'bigint' : 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('message_id', 'bigint', (c) => c.notNull().references('messages.id'))
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('emoji', emoji, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    // One reaction per person and emoji; a page's reactions in one range read.
    await db.schema.createIndex('message_reactions_unique').on('message_reactions').columns(['message_id', 'user_id', 'emoji']).unique().execute();

    await db.schema
      .createTable('message_mentions')
      .addColumn('message_id', 'bigint', (c) => c.notNull().references('messages.id'))
      .addColumn('conversation_id', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_mentions_pk', ['message_id', 'user_id'])
      .execute();
    // A member's unread mentions: the ones past their read marker, by index.
    await db.schema.createIndex('message_mentions_member').on('message_mentions').columns(['conversation_id', 'user_id', 'seq']).execute();
  },
};
