import { eventLogMigration, toDbTime, type SchemaMigration } from '@charla/platform';
import { sql } from 'kysely';
import { CHAT_EVENT_TYPES } from '../domain/events';
import type { ConversationKind, MessageStatus } from '../domain/types';
import type { EventPayload } from './events';
import { attachmentsTable, messageSearchIndex } from './migrations-files';
import { historyVersions } from './migrations-history';
import { richConversations } from './migrations-rich';
import { motdTable } from './migrations-ops';
import { searchTermsByConversation, searchTermsByDay, searchTermsByMonth } from './migrations-search';

/** The room every user is in from the start. */
export const GENERAL_ROOM = 'general';

const chatTables: SchemaMigration = {
  async up(db, dialect) {
    const mysql = dialect === 'mysql';
    const idType = mysql ? 'bigint' : 'integer';
    const time = mysql ? sql`datetime(3)` : sql`text`;

    await db.schema
      .createTable('message_statuses')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('description', 'varchar(20)', (c) => c.notNull().unique())
      .execute();
    // The ids of STATUS_IDS (schema.ts).
    await db
      .insertInto('message_statuses')
      .values([
        { id: 1, description: 'sent' },
        { id: 2, description: 'delivered' },
        { id: 3, description: 'read' },
        { id: 4, description: 'deleted' },
      ])
      .execute();

    await db.schema
      .createTable('conversations')
      .addColumn('id', idType, (c) => c.primaryKey().autoIncrement())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull())
      .addColumn('title', 'varchar(100)')
      .addColumn('title_key', 'varchar(100)', (c) => c.unique())
      .addColumn('direct_key', 'varchar(45)', (c) => c.unique())
      .addColumn('support_user_id', 'bigint', (c) => c.unique())
      .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('waiting_since', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('conversations_kind_waiting').on('conversations').columns(['kind', 'waiting_since']).execute();

    await db.schema
      .createTable('conversation_members')
      .addColumn('conversation_id', 'bigint', (c) => c.notNull().references('conversations.id'))
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('role', 'varchar(10)', (c) => c.notNull())
      .addColumn('joined_at', time, (c) => c.notNull())
      .addColumn('left_at', time)
      .addColumn('last_delivered_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_read_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
      .execute();
    await db.schema.createIndex('conversation_members_user').on('conversation_members').columns(['user_id', 'conversation_id']).execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', idType, (c) => c.primaryKey().autoIncrement())
      .addColumn('conversation_id', 'bigint', (c) => c.notNull().references('conversations.id'))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('client_id', 'varchar(64)')
      .addColumn('status_id', 'integer', (c) => c.notNull().references('message_statuses.id'))
      .addColumn('is_from_support', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addColumn('edited_at', time)
      .addColumn('deleted_at', time)
      .execute();
    await db.schema.createIndex('messages_conversation_seq').on('messages').columns(['conversation_id', 'seq']).unique().execute();
    // NULL client ids never collide, so messages without a key are never deduplicated.
    await db.schema
      .createIndex('messages_conversation_author_client')
      .on('messages')
      .columns(['conversation_id', 'user_id', 'client_id'])
      .unique()
      .execute();

    await db.schema
      .createTable('sync_cursors')
      .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .execute();

    const now = toDbTime(new Date());
    await db
      .insertInto('conversations')
      .values({ kind: 'room', title: GENERAL_ROOM, title_key: GENERAL_ROOM, last_seq: 0, created_at: now, updated_at: now })
      .execute();
  },
};

/**
 * Keeping statuses in step reads the two lowest read and delivered markers of a
 * conversation's current members after every send that passes someone's message; in a room
 * of thousands that was a sort of every member (20 ms at 10,000), with these it is an index
 * walk of a few entries.
 */
const memberMarkerIndexes: SchemaMigration = {
  async up(db) {
    for (const marker of ['last_read_seq', 'last_delivered_seq']) {
      await db.schema
        .createIndex(`conversation_members_${marker}`)
        .on('conversation_members')
        .columns(['conversation_id', 'left_at', marker])
        .execute();
    }
  },
};

/** An event as it was stored before 0004: the MessagesEvent's proto JSON (defaults left out). */
interface ProtoJsonEvent {
  conversationKind?: string;
  message?: Record<string, unknown> & { status?: string; createdAt: string; updatedAt: string };
  userId?: number;
  upToSeq?: number;
  status?: string;
}

/** `CONVERSATION_KIND_GROUP` → `group`, `MESSAGE_STATUS_READ` → `read`. */
const nameAfter = (prefix: string, value: string | undefined) => value && value.slice(prefix.length).toLowerCase();

/** The same event in the payload store/events.ts writes. */
function domainPayload(old: ProtoJsonEvent): EventPayload {
  const message = old.message && {
    id: 0,
    conversationId: 0,
    seq: 0,
    authorId: 0,
    body: '',
    clientId: '',
    isFromSupport: false,
    ...old.message,
    status: (nameAfter('MESSAGE_STATUS_', old.message.status) ?? 'sent') as MessageStatus,
  };
  return {
    kind: nameAfter('CONVERSATION_KIND_', old.conversationKind) as ConversationKind,
    message,
    userId: old.userId,
    upToSeq: old.upToSeq,
    status: nameAfter('MESSAGE_STATUS_', old.status) as MessageStatus | undefined,
  };
}

const PROTO_JSON_TYPES = CHAT_EVENT_TYPES.map((type) => type.toUpperCase());

/**
 * Events were stored as proto JSON under upper-case types (MESSAGE_ADDED); the store now
 * writes domain events (store/events.ts). The retained ones are rewritten, so a gateway
 * resuming from an older cursor still gets every event.
 */
const domainEventPayloads: SchemaMigration = {
  async up(db) {
    for (;;) {
      const rows: { id: number; type: string; payload: string }[] = await db
        .selectFrom('events')
        .select(['id', 'type', 'payload'])
        .where('type', 'in', PROTO_JSON_TYPES)
        .orderBy('id')
        .limit(500)
        .execute();
      if (rows.length === 0) return;
      for (const row of rows) {
        const payload = JSON.stringify(domainPayload(JSON.parse(row.payload) as ProtoJsonEvent));
        await db.updateTable('events').set({ type: row.type.toLowerCase(), payload }).where('id', '=', row.id).execute();
      }
    }
  },
};

/** Versioned, run in name order at start-up. Never edit one that shipped: add the next. */
export const MIGRATIONS: Record<string, SchemaMigration> = {
  '0001_event_log': eventLogMigration,
  '0002_chat_tables': chatTables,
  '0003_member_marker_indexes': memberMarkerIndexes,
  '0004_domain_event_payloads': domainEventPayloads,
  '0005_attachments': attachmentsTable,
  '0005_search': messageSearchIndex,
  '0006_rich_conversations': richConversations,
  '0007_motd': motdTable,
  '0008_search_day_terms': searchTermsByDay,
  '0009_search_month_terms': searchTermsByMonth,
  '0010_search_conversation_terms': searchTermsByConversation,
  '0011_history_versions': historyVersions,
};
