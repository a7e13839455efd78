import {
  ConversationKind,
  MemberRole,
  MessageStatus,
  type Member,
  type Message,
} from '@charla/proto/messages';

export { ConversationKind, MemberRole, MessageStatus };
export type { Member, Message };

/** Who is calling, as users-service vouched for the token. */
export interface Caller {
  userId: number;
  username: string;
  /** Operators and admins answer support conversations. */
  isStaff: boolean;
  /** The caller's own token, for the lookups made on their behalf (usernames). */
  token: string;
}

/** A conversation as stored, without the viewer-specific parts (members, unread, last message). */
export interface ConversationRecord {
  id: number;
  kind: ConversationKind;
  title: string;
  lastSeq: number;
  /** Support conversations: the user who asked for help; 0 otherwise. */
  supportUserId: number;
  /** Support conversations: since when the user's last message waits for an answer. */
  waitingSince: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
}

/** A current member of one conversation. */
export interface MemberRecord extends Member {
  conversationId: number;
}

/** A gateway's word that a user's socket got a conversation's messages up to `seq`. */
export interface Delivery {
  userId: number;
  conversationId: number;
  seq: number;
}

export type ListOrderName = 'newest-first' | 'oldest-first';

/** A window of one conversation's history, by seq. */
export interface HistoryQuery {
  conversationId: number;
  order: ListOrderName;
  /** Only seq > afterSeq (0: no bound). */
  afterSeq: number;
  /** Only seq < beforeSeq (0: no bound). */
  beforeSeq: number;
  limit: number;
}

/**
 * Where a walk over a conversation list stands: the last conversation shown, by every key the
 * lists sort on (each list uses its own: rooms the id; a user's list updated_at and id; the
 * support queue waiting_since, updated_at and id).
 */
export interface ListCursor {
  id: number;
  updatedAt: Date;
  waitingSince: Date | undefined;
}
