import { fromDbTime, type Dialect, type TransactionalWriter, type Write } from '@charla/platform';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { NewChatEvent } from '../domain/events';
import type { Conversation, Member, Message, MessageStatus, SystemChange } from '../domain/types';
import { versioningHistories } from './history-versions';
import { STATUS_IDS, type MessagesSchema } from './schema';

/** Stored rows ↔ domain records, and the one write path, shared by the store's files. */

export type Trx = Transaction<MessagesSchema>;

const STATUS_BY_ID = new Map<number, MessageStatus>(Object.entries(STATUS_IDS).map(([name, id]) => [id, name as MessageStatus]));

export function toConversation(row: Selectable<MessagesSchema['conversations']>): Conversation {
  return {
    id: Number(row.id),
    kind: row.kind,
    title: row.title ?? '',
    lastSeq: Number(row.last_seq),
    supportUserId: row.support_user_id === null ? 0 : Number(row.support_user_id),
    waitingSince: fromDbTime(row.waiting_since),
    createdAt: fromDbTime(row.created_at) ?? new Date(0),
    updatedAt: fromDbTime(row.updated_at) ?? new Date(0),
    topic: row.topic ?? '',
  };
}

/** A member's own preferences are not part of what others see of them (store/preferences.ts reads those). */
export function toMember(row: Omit<Selectable<MessagesSchema['conversation_members']>, 'muted' | 'favourite' | 'archived'>): Member {
  return {
    conversationId: Number(row.conversation_id),
    userId: Number(row.user_id),
    role: row.role,
    joinedAt: fromDbTime(row.joined_at) ?? new Date(0),
    lastDeliveredSeq: Number(row.last_delivered_seq),
    lastReadSeq: Number(row.last_read_seq),
  };
}

export function toMessage(row: Selectable<MessagesSchema['messages']>): Message {
  return {
    id: Number(row.id),
    conversationId: Number(row.conversation_id),
    seq: Number(row.seq),
    authorId: Number(row.user_id),
    body: row.body,
    clientId: row.client_id ?? '',
    status: STATUS_BY_ID.get(Number(row.status_id)) ?? 'sent',
    isFromSupport: Number(row.is_from_support) === 1,
    createdAt: fromDbTime(row.created_at) ?? new Date(0),
    updatedAt: fromDbTime(row.updated_at) ?? new Date(0),
    editedAt: fromDbTime(row.edited_at),
    deletedAt: fromDbTime(row.deleted_at),
    // Filled by withAttachments (store/attachments.ts) where messages are read.
    attachments: [],
    kind: row.kind === 'system' ? 'system' : 'text',
    system: row.system_change ? (JSON.parse(row.system_change) as SystemChange) : undefined,
    replyToId: row.reply_to_id === null ? 0 : Number(row.reply_to_id),
    // Quote, reactions and mentions live in rows of their own: store/details.ts reads them for a page at once.
    replyTo: undefined,
    reactions: [],
    mentionIds: [],
    pinnedAt: fromDbTime(row.pinned_at),
    pinnedBy: row.pinned_by === null ? 0 : Number(row.pinned_by),
  };
}

/** What every part of the chat store shares: the database and its one write path. */
export interface ChatStoreContext {
  db: Kysely<MessagesSchema>;
  /** A transaction with the events it announces (platform's writer), dated at its own start. */
  write<T>(work: Write<MessagesSchema, NewChatEvent, T>): Promise<T>;
}

/** Every write through the context also keeps the history versions its events call for (store/history-versions.ts). */
export function chatStoreContext(db: Kysely<MessagesSchema>, writer: TransactionalWriter<MessagesSchema, NewChatEvent>, dialect: Dialect): ChatStoreContext {
  return { db, write: (work) => writer.write(versioningHistories(dialect, work)) };
}
