import type { ConversationKind, ConversationRecord, Delivery, HistoryQuery, ListCursor, MemberRecord, MemberRole, Message } from '../domain/types';

export interface NewConversation {
  kind: ConversationKind;
  /** Rooms and groups; '' otherwise. */
  title: string;
  directKey?: string;
  supportUserId?: number;
  members: { userId: number; role: MemberRole }[];
}

export interface NewMessage {
  conversationId: number;
  authorId: number;
  body: string;
  /** '' means no idempotency key. */
  clientId: string;
  isFromSupport: boolean;
  /** Staff answering a support conversation for the first time join it with this role. */
  joinAs?: MemberRole;
  /** Support: a user's message starts the wait for an answer, staff's reply ends it. */
  supportWait: 'start' | 'stop' | 'none';
}

/** What a write returns when it may have found the thing already there. */
export interface Outcome<T> {
  value: T;
  created: boolean;
}

/**
 * The messages service's storage. Every method that changes something appends its events
 * in the same transaction and wakes the stream after commit.
 */
export interface ChatStore {
  generalRoomId(): Promise<number>;
  getConversation(id: number): Promise<ConversationRecord | undefined>;
  findDirect(directKey: string): Promise<ConversationRecord | undefined>;
  findSupport(userId: number): Promise<ConversationRecord | undefined>;
  /** The conversation and the user's current membership of it, in one query. */
  conversationOf(conversationId: number, userId: number): Promise<{ conversation: ConversationRecord; membership: MemberRecord | undefined } | undefined>;
  membersOf(conversationIds: number[]): Promise<Map<number, MemberRecord[]>>;
  lastMessages(conversations: ConversationRecord[]): Promise<Map<number, Message>>;
  /**
   * Most recently active first, after `after` (keyset: updated_at, id). Fetch one more than
   * you show to know whether more exist.
   */
  conversationsOf(userId: number, after: ListCursor | undefined, limit: number): Promise<ConversationRecord[]>;
  /** Oldest first, after `after` (keyset: id). */
  rooms(after: ListCursor | undefined, limit: number): Promise<ConversationRecord[]>;
  /**
   * Waiting ones first, oldest wait first; answered ones only when asked, most recent first;
   * after `after` (keyset: waiting_since, updated_at, id).
   */
  supportQueue(includeAnswered: boolean, after: ListCursor | undefined, limit: number): Promise<ConversationRecord[]>;

  /** Creates a conversation, or returns the existing direct/support one a concurrent call made. */
  createConversation(input: NewConversation): Promise<Outcome<ConversationRecord>>;
  /** Adds (or re-adds) a current member; false when already one. Throws when the conversation holds maxMembers. */
  addMember(conversationId: number, userId: number, role: MemberRole, maxMembers?: number): Promise<boolean>;
  /** Adds a member only if they never were one (so leaving `general` sticks). */
  addMemberOnce(conversationId: number, userId: number): Promise<boolean>;
  removeMember(conversationId: number, userId: number): Promise<boolean>;

  sendMessage(input: NewMessage): Promise<Outcome<Message>>;
  getMessage(id: number): Promise<Message | undefined>;
  editMessage(id: number, body: string): Promise<Message>;
  deleteMessage(id: number): Promise<Message>;
  listMessages(query: HistoryQuery): Promise<Message[]>;
  /** Moves a member's markers forward (never back, never past last_seq); returns them after. */
  moveMarkers(conversationId: number, userId: number, delivered: number, read: number): Promise<MemberRecord>;
  /**
   * Moves delivered markers of many members at once (never back, never past last_seq);
   * entries of non-members and unknown conversations are skipped. Each conversation is
   * written atomically. Returns how many markers moved.
   */
  recordDeliveries(deliveries: Delivery[]): Promise<number>;

  readCursor(name: string): Promise<number>;
  writeCursor(name: string, position: number): Promise<void>;
}
