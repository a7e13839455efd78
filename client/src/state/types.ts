/** The chat domain as the client holds it: the API's shapes by their generated names, and what only the client has. */
import type { AttachmentFieldsFragment, ConversationFieldsFragment, MeFieldsFragment, MemberUserFieldsFragment, MessageFieldsFragment, UserFieldsFragment } from '../api/generated';

export type { ConversationKind, MessageStatus, UserRole, UserStatus } from '../api/generated';

export type User = UserFieldsFragment;
/** The signed-in user's own record: the only one with an email. */
export type Me = MeFieldsFragment;
export type Message = MessageFieldsFragment;
export type Conversation = ConversationFieldsFragment;
export type Member = Conversation['members'][number];
export type MemberUser = MemberUserFieldsFragment;

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
  /** The message it answers. */
  replyToId?: string;
  /** Uploaded files it carries (stored on the server, kept for a day unsent). */
  attachments?: AttachmentFieldsFragment[];
}

/** Someone typing in a conversation, shown until `until` (ms) unless they type again. */
export interface TypingUser {
  id: string;
  username: string;
  until: number;
}
