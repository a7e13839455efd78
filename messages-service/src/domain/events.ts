import type { ConversationKind, Message, MessageStatus } from './types';

export const CHAT_EVENT_TYPES = [
  'message_added',
  'message_edited',
  'message_deleted',
  /** Receipts moved messages of one author to delivered or read. */
  'message_status_changed',
  'conversation_created',
  'member_joined',
  'member_left',
  /** A member's read marker moved: their unread count changed. */
  'marker_moved',
  /** Someone reacted to a message or took a reaction back: the message with all its reactions. */
  'reaction_changed',
  'message_pinned',
  'message_unpinned',
  /** Title or topic (the system lines saying so are messages of their own). */
  'conversation_updated',
  /** A member's own preferences (mute, favourite, archive): heard by that member alone. */
  'preferences_changed',
  /** The message of the day: about no conversation (0, kind 'none'); every gateway passes it to all. */
  'motd_changed',
] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];

/** What a write announces; the event log numbers and dates it, the stream adds who hears it. */
export interface NewChatEvent {
  type: ChatEventType;
  conversationId: number;
  /** 'none' for what is about no conversation (the message of the day). */
  conversationKind: ConversationKind | 'none';
  /** Message events: the message as the write left it. */
  message?: Message;
  /**
   * Member, marker and preference events: the member concerned. Status events: the author whose
   * messages changed. Reactions, pins, settings: who did it.
   */
  userId?: number;
  /** Status events: every message of that author up to this seq has at least `status`. */
  upToSeq?: number;
  status?: MessageStatus;
  /** motd_changed: the new message of the day ('' when cleared). */
  motd?: string;
}

export interface ChatEvent extends NewChatEvent {
  /** Strictly increasing, in commit order. */
  id: number;
  occurredAt: Date;
}

/** An event as one WatchEvents stream sends it: with the users who may see it. */
export interface AddressedEvent {
  event: ChatEvent;
  memberIds: number[];
}
