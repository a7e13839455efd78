/** The chat domain as the gateway's GraphQL contract describes it (DESIGN.md). */

export type UserStatus = 'ONLINE' | 'AWAY' | 'BUSY' | 'OFFLINE';
export type MessageStatus = 'SENT' | 'DELIVERED' | 'READ' | 'DELETED';
export type ConversationKind = 'ROOM' | 'DIRECT' | 'GROUP' | 'SUPPORT';
export type Role = 'USER' | 'OPERATOR' | 'ADMIN';

export interface User {
  id: string;
  firstName: string;
  lastName: string;
  username: string;
  /** Only present for the signed-in user's own record. */
  email?: string | null;
  status: UserStatus;
  lastSeenAt?: string | null;
  role: Role;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  body: string;
  author: Pick<User, 'id' | 'username' | 'firstName' | 'lastName'> | null;
  status: MessageStatus;
  clientId?: string | null;
  createdAt: string;
  editedAt?: string | null;
  deletedAt?: string | null;
  isFromSupport?: boolean | null;
}

export type MemberUser = Pick<User, 'id' | 'username' | 'firstName' | 'lastName' | 'status'>;

export interface Member {
  /** Null when the account is gone. */
  user: MemberUser | null;
  role: 'MEMBER' | 'OWNER' | 'OPERATOR';
  lastDeliveredSeq: number;
  lastReadSeq: number;
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  /** The server's name for it: for direct chats the other user, for support the asking user. */
  title?: string | null;
  members: Member[];
  lastMessage?: Message | null;
  unreadCount: number;
  lastSeq?: number;
  /** Support conversations: the user who asked for help. */
  supportUser?: MemberUser | null;
}

/** A message typed here and not yet stored by the server; its clientId makes retries safe. */
export interface PendingMessage {
  clientId: string;
  conversationId: string;
  body: string;
  createdAt: string;
  /** Set when the server refused it (not a network failure, not a rate limit): why, in words. */
  error?: string;
  /** False when sending it unchanged cannot work (e.g. too long): offer editing, not retrying. */
  retryable?: boolean;
}
