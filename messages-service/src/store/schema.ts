import type { EventTables } from '@charla/platform';
import type { ColumnType, Generated } from 'kysely';
import type { ConversationKind, MemberRole, MessageKind, MessageStatus } from '../domain/types';

/** Timestamps go in as UTC strings (toDbTime) and come back as Date (mysql2) or string (SQLite). */
type Time = ColumnType<Date | string, string, string>;
type NullableTime = ColumnType<Date | string | null, string | null, string | null>;

export interface ConversationsTable {
  id: Generated<number>;
  /** Stored by its domain name. */
  kind: ConversationKind;
  /** Rooms and groups; NULL otherwise. */
  title: string | null;
  /** Lower-cased title of a room: room titles are unique case-insensitively in both engines. */
  title_key: string | null;
  /** "<smaller id>:<larger id>" of a direct chat: one direct chat per pair. */
  direct_key: string | null;
  /** One support conversation per user. */
  support_user_id: number | null;
  /** The seq of the newest message; bumped under the row lock that serializes senders. */
  last_seq: number;
  /** Support: since when the user's question waits for an answer; NULL once answered. */
  waiting_since: NullableTime;
  created_at: Time;
  updated_at: Time;
  /** Rooms and groups: set by members (0006); NULL when none. */
  topic: string | null;
}

export interface ConversationMembersTable {
  conversation_id: number;
  user_id: number;
  role: MemberRole;
  joined_at: Time;
  /** Set when the member leaves; the row stays so a rejoin keeps the history of markers. */
  left_at: NullableTime;
  last_delivered_seq: number;
  last_read_seq: number;
  /** The member's own preferences (0006): 1 or 0. */
  muted: Generated<number>;
  favourite: Generated<number>;
  archived: Generated<number>;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: number;
  seq: number;
  /** The author. */
  user_id: number;
  body: string;
  /** The author's idempotency key; NULL when none was given. */
  client_id: string | null;
  /** → message_statuses (STATUS_IDS). */
  status_id: number;
  is_from_support: number;
  created_at: Time;
  updated_at: Time;
  edited_at: NullableTime;
  deleted_at: NullableTime;
  /** 0006: a person's message or a system line; for system lines, what changed as JSON (SystemChange). */
  kind: Generated<MessageKind>;
  system_change: string | null;
  /** The message replied to, in the same conversation. */
  reply_to_id: number | null;
  pinned_at: NullableTime;
  pinned_by: number | null;
}

/** One person's reaction with one emoji (0006); ids give the order reactions were made in. */
export interface MessageReactionsTable {
  id: Generated<number>;
  message_id: number;
  user_id: number;
  /** One RGI emoji (domain/reactions.ts), compared byte for byte. */
  emoji: string;
  created_at: Time;
}

/** A member a message mentions (0006), with the message's place, to count unread mentions by index. */
export interface MessageMentionsTable {
  message_id: number;
  conversation_id: number;
  user_id: number;
  seq: number;
}

export interface MessageStatusesTable {
  id: number;
  description: string;
}

/** Files uploaded to conversations (their bytes are in the blob store under blob_key). */
export interface AttachmentsTable {
  id: Generated<number>;
  conversation_id: number;
  uploader_id: number;
  /** NULL until its uploader sends it. */
  message_id: number | null;
  /** Its place among the message's files. */
  position: number;
  name: string;
  content_type: string;
  size: number;
  width: number;
  height: number;
  blob_key: string;
  thumbnail_key: string | null;
  thumbnail_size: number;
  created_at: Time;
  /** Set when its message is deleted: the sweeper removes the bytes, then the row. */
  removed_at: NullableTime;
}

/** Positions in other services' event streams this service consumes. */
export interface SyncCursorsTable {
  name: string;
  position: number;
}

export interface MessagesSchema extends EventTables {
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  message_statuses: MessageStatusesTable;
  sync_cursors: SyncCursorsTable;
  attachments: AttachmentsTable;
  message_reactions: MessageReactionsTable;
  message_mentions: MessageMentionsTable;
  motd: MotdTable;
  history_versions: HistoryVersionsTable;
}

/** 0011: how many times a conversation's stored messages changed other than by a new one (store/history-versions.ts). */
export interface HistoryVersionsTable {
  conversation_id: number;
  version: number;
}

/** The message of the day (0007): the one row with id 1; text NULL until it is set. */
export interface MotdTable {
  id: number;
  text: string | null;
  updated_at: NullableTime;
}

/** Row ids of message_statuses; they match the proto MessageStatus numbers. */
export const STATUS_IDS: Record<MessageStatus, number> = { sent: 1, delivered: 2, read: 3, deleted: 4 };
