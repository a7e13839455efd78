/** The messages domain's view of conversations, members and messages; transports map these to their own shapes. */

export const CONVERSATION_KINDS = ['room', 'direct', 'group', 'support'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export const MEMBER_ROLES = ['member', 'owner', 'operator'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A message's status for its author, in the order statuses move (only ever forward). */
export const MESSAGE_STATUSES = ['sent', 'delivered', 'read', 'deleted'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Roles as users-service grants them. */
export const USER_ROLES = ['user', 'operator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A signed-in user calling, as users-service vouched for their token. */
export interface UserCaller {
  kind: 'user';
  user: { id: number; username: string; role: UserRole };
  /** Answers the support desk: operators and admins (platform's isOperatorRole, read where the role arrives). */
  staff: boolean;
  /** The caller's own token, for the lookups made on their behalf (usernames). */
  token: string;
}

/** Who is calling: a signed-in user, or another Charla service holding SERVICE_TOKEN. */
export type Caller = UserCaller | { kind: 'service' };

/** A conversation as stored, without the viewer-specific parts (members, unread, last message). */
export interface Conversation {
  id: number;
  kind: ConversationKind;
  /** Rooms and groups; '' otherwise. */
  title: string;
  lastSeq: number;
  /** Support conversations: the user who asked for help; 0 otherwise. */
  supportUserId: number;
  /** Support conversations: since when the user's last message waits for an answer. */
  waitingSince: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
  /** Rooms and groups: what the conversation is about, set by its members (domain/settings.ts); '' when none. */
  topic: string;
}

/** A current member of one conversation, with their receipt markers. */
export interface Member {
  conversationId: number;
  userId: number;
  role: MemberRole;
  joinedAt: Date;
  lastDeliveredSeq: number;
  lastReadSeq: number;
}

export interface Message {
  id: number;
  conversationId: number;
  /** 1, 2, 3… per conversation, with no gap, in commit order. */
  seq: number;
  authorId: number;
  /** Empty once deleted. */
  body: string;
  /** The author's idempotency key; '' when none was given. */
  clientId: string;
  status: MessageStatus;
  /** Written by staff in someone else's support conversation. */
  isFromSupport: boolean;
  createdAt: Date;
  updatedAt: Date;
  editedAt: Date | undefined;
  deletedAt: Date | undefined;
  /** Files sent with it, in the order given; none once deleted (domain/attachments.ts). */
  attachments: Attachment[];
  /** A person's message, or a system line saying who changed what (body: the same in words). */
  kind: MessageKind;
  system: SystemChange | undefined;
  /** The message this one replies to, in the same conversation; 0 when none. */
  replyToId: number;
  /** A compact quote of it as it is now (a deleted original shows as deleted). */
  replyTo: MessageQuote | undefined;
  /** Per emoji, in the order each was first used (domain/reactions.ts). */
  reactions: Reaction[];
  /** Members the body addresses with @username, resolved when it was sent or last edited. */
  mentionIds: number[];
  pinnedAt: Date | undefined;
  /** Who pinned it; 0 when it is not pinned. */
  pinnedBy: number;
}

/** A file uploaded to a conversation; `messageId` is 0 until its uploader sends it. */
export interface Attachment {
  id: number;
  conversationId: number;
  uploaderId: number;
  name: string;
  /** Sniffed from the bytes (domain/content-type.ts), never the uploader's word. */
  contentType: string;
  size: number;
  /** Images: the original's size in pixels (as shown, after its orientation); 0 otherwise. */
  width: number;
  height: number;
  hasThumbnail: boolean;
  messageId: number;
  createdAt: Date;
}

export const MESSAGE_KINDS = ['text', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What a system line announces; the client renders it, anything that shows text shows its body. */
export interface SystemChange {
  action: 'renamed' | 'topic_changed';
  /** The new title (renamed) or topic (topic_changed; '' when it was cleared). */
  title: string;
  topic: string;
}

/** The original of a reply, as the reply shows it. */
export interface MessageQuote {
  id: number;
  seq: number;
  authorId: number;
  /** The first line of its body, shortened; '' once deleted. */
  excerpt: string;
  deleted: boolean;
}

/** Everyone who reacted to a message with one emoji, first first. */
export interface Reaction {
  emoji: string;
  count: number;
  userIds: number[];
}

/** What only one member sees of a conversation: their unread mentions and their own preferences. */
export interface MemberState {
  userId: number;
  /** Their unread messages that mention them. */
  mentionCount: number;
  muted: boolean;
  favourite: boolean;
  archived: boolean;
}

/** A member's own settings of a conversation; undefined leaves one as it is. */
export interface PreferenceChanges {
  muted?: boolean;
  favourite?: boolean;
  archived?: boolean;
}

/** A conversation as one caller sees it: its current members, last message, and the caller's unread count and own state. */
export interface ConversationView extends Conversation, Omit<MemberState, 'userId'> {
  members: Member[];
  lastMessage: Message | undefined;
  unreadCount: number;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string;
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

/** What the messages domain needs to know about users; users-service owns the answers. */
export interface UserDirectory {
  /** The user a token belongs to; UNAUTHENTICATED for a bad or expired one. */
  authenticate(token: string): Promise<UserCaller>;
  /** The id of a username; NOT_FOUND when nobody has it. */
  userIdByUsername(username: string, caller: UserCaller): Promise<number>;
  /** Whether a user with this id exists. */
  userExists(userId: number, caller: UserCaller): Promise<boolean>;
  /** The ids of those usernames that exist, by lower-cased name, in one call (mentions). */
  userIdsByUsernames(usernames: string[], caller: UserCaller): Promise<Map<string, number>>;
}
