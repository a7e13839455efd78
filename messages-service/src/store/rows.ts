import { fromDbTime } from '@charla/platform';
import type { Selectable, Transaction } from 'kysely';
import type { ChatEvent } from '../domain/events';
import { ConversationKind, MemberRole, MessageStatus, type ConversationRecord, type MemberRecord, type Message } from '../domain/types';
import type { ConversationKindName, MemberRoleName, MessagesSchema } from './schema';

/** Stored rows ↔ domain records, shared by the store's files. */

export type Trx = Transaction<MessagesSchema>;
/** Collects the events a write announces; they are appended in its transaction. */
export type Emit = (event: ChatEvent) => void;

export const KIND_NAMES: Record<ConversationKindName, ConversationKind> = {
  room: ConversationKind.CONVERSATION_KIND_ROOM,
  direct: ConversationKind.CONVERSATION_KIND_DIRECT,
  group: ConversationKind.CONVERSATION_KIND_GROUP,
  support: ConversationKind.CONVERSATION_KIND_SUPPORT,
};
export const ROLE_NAMES: Record<MemberRoleName, MemberRole> = {
  member: MemberRole.MEMBER_ROLE_MEMBER,
  owner: MemberRole.MEMBER_ROLE_OWNER,
  operator: MemberRole.MEMBER_ROLE_OPERATOR,
};

export function nameOf<N extends string, V>(table: Record<N, V>, value: V): N {
  const found = (Object.keys(table) as N[]).find((k) => table[k] === value);
  if (!found) throw new Error(`no stored name for ${String(value)}`);
  return found;
}

export function toConversation(row: Selectable<MessagesSchema['conversations']>): ConversationRecord {
  return {
    id: Number(row.id),
    kind: KIND_NAMES[row.kind],
    title: row.title ?? '',
    lastSeq: Number(row.last_seq),
    supportUserId: row.support_user_id === null ? 0 : Number(row.support_user_id),
    waitingSince: fromDbTime(row.waiting_since),
    createdAt: fromDbTime(row.created_at) ?? new Date(0),
    updatedAt: fromDbTime(row.updated_at) ?? new Date(0),
  };
}

export function toMember(row: Selectable<MessagesSchema['conversation_members']>): MemberRecord {
  return {
    conversationId: Number(row.conversation_id),
    userId: Number(row.user_id),
    role: ROLE_NAMES[row.role],
    joinedAt: fromDbTime(row.joined_at),
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
    status: Number(row.status_id) as MessageStatus,
    isFromSupport: Number(row.is_from_support) === 1,
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
    editedAt: fromDbTime(row.edited_at),
    deletedAt: fromDbTime(row.deleted_at),
  };
}

/** A unique index refused the row (MySQL ER_DUP_ENTRY, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isDuplicate(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown };
  return e?.code === 'ER_DUP_ENTRY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** MySQL chose this transaction as a deadlock victim: it rolled back and may simply run again. */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: unknown };
  return e?.code === 'ER_LOCK_DEADLOCK';
}
