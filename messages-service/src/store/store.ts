import type { EventFeed } from '@charla/platform';
import type { ChatEvent } from '../domain/events';
import type { AttachmentStore } from './attachments';
import type { MotdStore } from './motd';
import type { SearchStore } from './search';
import type {
  Conversation,
  ConversationKind,
  Delivery,
  HistoryQuery,
  ListCursor,
  Member,
  MemberRole,
  MemberState,
  Message,
  PreferenceChanges,
  SystemChange,
} from '../domain/types';

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
  /** The author's unsent uploads sent with it, in order (checked again in the transaction). */
  attachmentIds?: number[];
  /** A message of the same conversation (checked by the domain); 0 when none. */
  replyToId: number;
  /** Members the body mentions (resolved by the domain). */
  mentionIds: number[];
  /** A system line: what changed (the body says it in words). */
  system?: SystemChange;
}

/** What a write returns when it may have found the thing already there. */
export interface Outcome<T> {
  value: T;
  created: boolean;
}

/**
 * The messages service's storage, one interface per aggregate. Every method that changes
 * something appends its events in the same transaction and wakes the stream after commit.
 */
export interface ConversationStore {
  generalRoomId(): Promise<number>;
  getConversation(id: number): Promise<Conversation | undefined>;
  findDirect(directKey: string): Promise<Conversation | undefined>;
  findSupport(userId: number): Promise<Conversation | undefined>;
  /**
   * The conversation, the user's current membership of it and its history's version (0011; with
   * last_seq it stamps what its stored messages show), in one query.
   */
  conversationOf(conversationId: number, userId: number): Promise<{ conversation: Conversation; membership: Member | undefined; historyVersion: number } | undefined>;
  /**
   * Most recently active first, after `after` (keyset: updated_at, id). Fetch one more than
   * you show to know whether more exist.
   */
  conversationsOf(userId: number, after: ListCursor | undefined, limit: number): Promise<Conversation[]>;
  /** Oldest first, after `after` (keyset: id). */
  rooms(after: ListCursor | undefined, limit: number): Promise<Conversation[]>;
  /**
   * Waiting ones first, oldest wait first; answered ones only when asked, most recent first;
   * after `after` (keyset: waiting_since, updated_at, id).
   */
  supportQueue(includeAnswered: boolean, after: ListCursor | undefined, limit: number): Promise<Conversation[]>;
  /** Creates a conversation, or returns the existing direct/support one a concurrent call made. */
  createConversation(input: NewConversation): Promise<Outcome<Conversation>>;
}

export interface MemberStore {
  membersOf(conversationIds: number[]): Promise<Map<number, Member[]>>;
  /** Adds (or re-adds) a current member; false when already one. Throws when the conversation holds maxMembers. */
  addMember(conversationId: number, userId: number, role: MemberRole, maxMembers?: number): Promise<boolean>;
  /** Adds a member only if they never were one (so leaving `general` sticks). */
  addMemberOnce(conversationId: number, userId: number): Promise<boolean>;
  removeMember(conversationId: number, userId: number): Promise<boolean>;
}

export interface MessageStore {
  sendMessage(input: NewMessage): Promise<Outcome<Message>>;
  getMessage(id: number): Promise<Message | undefined>;
  /** A new body, and whom it mentions now. */
  editMessage(id: number, body: string, mentionIds: number[]): Promise<Message>;
  deleteMessage(id: number): Promise<Message>;
  listMessages(query: HistoryQuery): Promise<Message[]>;
  lastMessages(conversations: Conversation[]): Promise<Map<number, Message>>;
}

export interface ReceiptStore {
  /** Moves a member's markers forward (never back, never past last_seq); returns them after. */
  moveMarkers(conversationId: number, userId: number, delivered: number, read: number): Promise<Member>;
  /**
   * Moves delivered markers of many members at once (never back, never past last_seq);
   * entries of non-members and unknown conversations are skipped. Each conversation is
   * written atomically. Returns how many markers moved.
   */
  recordDeliveries(deliveries: Delivery[]): Promise<number>;
}

export interface ChatEventStore extends EventFeed<ChatEvent> {
  /** Where this service stands in another service's event stream. */
  readCursor(name: string): Promise<number>;
  writeCursor(name: string, position: number): Promise<void>;
}

export interface ReactionStore {
  /**
   * One person's reaction (announced with the message's reactions after it); adding one they
   * already made changes nothing. FAILED_PRECONDITION when it would be the message's
   * (maxEmoji + 1)th different emoji, or the message is deleted.
   */
  addReaction(messageId: number, userId: number, emoji: string, maxEmoji: number): Promise<Message>;
  /** Removing one that is not there changes nothing. */
  removeReaction(messageId: number, userId: number, emoji: string): Promise<Message>;
}

export interface PinStore {
  /** Pins (announced); pinning a pinned one changes nothing. FAILED_PRECONDITION past maxPins in its conversation, or when deleted. */
  pinMessage(messageId: number, userId: number, maxPins: number): Promise<Message>;
  unpinMessage(messageId: number, userId: number): Promise<Message>;
  /** Pinned messages of these conversations, newest pin first. */
  pinnedMessages(conversationIds: number[]): Promise<Message[]>;
}

/** A rename or a new topic, with the system lines that tell the members (one per change). */
export interface ConversationUpdate {
  conversationId: number;
  title?: string;
  topic?: string;
  /** Who changed it: the system lines are theirs. */
  authorId: number;
  lines: { system: SystemChange; body: string }[];
}

export interface SettingsStore {
  /** Title and topic with their system lines, in one transaction; ALREADY_EXISTS for a room title in use. */
  updateConversation(update: ConversationUpdate): Promise<Conversation>;
  /** A member's own preferences (announced to them alone); NOT_FOUND when they are not a member. */
  setPreferences(conversationId: number, userId: number, changes: PreferenceChanges): Promise<void>;
  /** One member's own state of each of these conversations (only those they are in). */
  statesOf(userId: number, conversationIds: number[]): Promise<Map<number, MemberState>>;
  /** The state of each of these users in one conversation (only current members). */
  statesIn(conversationId: number, userIds: number[]): Promise<MemberState[]>;
  /** Which of these users are members of the conversation now. */
  currentMemberIds(conversationId: number, userIds: number[]): Promise<Set<number>>;
}

export type ChatStore = ConversationStore & MemberStore & MessageStore & ReceiptStore & ChatEventStore & AttachmentStore & SearchStore & ReactionStore & PinStore & SettingsStore & MotdStore;
