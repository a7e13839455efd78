import type { NewEvent, StoredEvent } from '@charla/platform';
import { MessagesEvent, MessagesEventType } from '@charla/proto/messages';
import type { ConversationKind, Message, MessageStatus } from './types';

export { MessagesEventType };

/** What a write announces; the log adds the id, the stream adds the audience. */
export interface ChatEvent {
  type: MessagesEventType;
  conversationId: number;
  conversationKind: ConversationKind;
  message?: Message;
  /** Member and marker events: the member concerned. Status events: the author whose messages changed. */
  userId?: number;
  upToSeq?: number;
  status?: MessageStatus;
}

/** The outbox row of an event: the MessagesEvent's proto JSON, without id and audience. */
export function encodeEvent(event: ChatEvent, occurredAt: Date): NewEvent {
  const full: MessagesEvent = {
    id: 0,
    type: event.type,
    conversationId: event.conversationId,
    conversationKind: event.conversationKind,
    message: event.message,
    userId: event.userId ?? 0,
    upToSeq: event.upToSeq ?? 0,
    status: event.status ?? 0,
    occurredAt,
    memberIds: [],
  };
  return { type: MessagesEventType[event.type].replace('MESSAGES_EVENT_TYPE_', ''), subjectId: event.conversationId, payload: JSON.stringify(MessagesEvent.toJSON(full)) };
}

export function decodeEvent(stored: StoredEvent): MessagesEvent {
  const event = MessagesEvent.fromJSON(JSON.parse(stored.payload));
  return { ...event, id: stored.id };
}
