import { eventFeed, isDuplicate, type EventLog, type NewEvent, type StoredEvent } from '@charla/platform';
import type { Kysely } from 'kysely';
import { CHAT_EVENT_TYPES, type ChatEvent, type NewChatEvent } from '../domain/events';
import type { Attachment, ConversationKind, Message, MessageStatus } from '../domain/types';
import type { MessagesSchema } from './schema';
import type { ChatEventStore } from './store';

/** What messages carry since 0006 (rich conversations); events stored before have none of it. */
type RichFields = 'kind' | 'system' | 'replyToId' | 'replyTo' | 'reactions' | 'mentionIds' | 'pinnedAt' | 'pinnedBy';

/**
 * Events in the outbox: the domain event as JSON, its type in `type`, its conversation in
 * `subject_id`; the row's own id and time are the event's.
 */
export interface EventPayload {
  kind: ConversationKind | 'none';
  message?: Omit<Message, 'createdAt' | 'updatedAt' | 'editedAt' | 'deletedAt' | 'attachments' | RichFields> &
    Partial<Pick<Message, Exclude<RichFields, 'pinnedAt'>>> & {
      attachments?: (Omit<Attachment, 'createdAt'> & { createdAt: string })[];
      createdAt: string;
      updatedAt: string;
      editedAt?: string;
      deletedAt?: string;
      pinnedAt?: string;
    };
  userId?: number;
  upToSeq?: number;
  status?: MessageStatus;
  motd?: string;
}

export function encodeEvent(event: NewChatEvent): NewEvent {
  // JSON.stringify writes dates as ISO strings and leaves out what is undefined.
  // A message without files is written as before files existed (decodeEvent reads both the same).
  const message = event.message && (event.message.attachments.length > 0 ? event.message : { ...event.message, attachments: undefined });
  const payload = { kind: event.conversationKind, message, userId: event.userId, upToSeq: event.upToSeq, status: event.status, motd: event.motd };
  return { type: event.type, subjectId: event.conversationId, payload: JSON.stringify(payload) };
}

const dateOf = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/** The domain event of a stored row; undefined for a type this version does not know. */
export function decodeEvent(stored: StoredEvent): ChatEvent | undefined {
  const type = CHAT_EVENT_TYPES.find((t) => t === stored.type);
  if (!type) return undefined;
  const { kind, message, userId, upToSeq, status, motd } = JSON.parse(stored.payload) as EventPayload;
  return {
    id: stored.id,
    type,
    conversationId: stored.subjectId,
    conversationKind: kind,
    message: message && {
      ...message,
      createdAt: new Date(message.createdAt),
      updatedAt: new Date(message.updatedAt),
      editedAt: dateOf(message.editedAt),
      deletedAt: dateOf(message.deletedAt),
      // Events stored before files existed have none.
      attachments: (message.attachments ?? []).map((a) => ({ ...a, createdAt: new Date(a.createdAt) })),
      // Events stored before 0006 carry no replies, reactions, mentions or pins.
      kind: message.kind ?? 'text',
      system: message.system,
      replyToId: message.replyToId ?? 0,
      replyTo: message.replyTo,
      reactions: message.reactions ?? [],
      mentionIds: message.mentionIds ?? [],
      pinnedAt: dateOf(message.pinnedAt),
      pinnedBy: message.pinnedBy ?? 0,
    },
    userId,
    upToSeq,
    status,
    motd,
    occurredAt: stored.createdAt,
  };
}

/** An event this process committed, as decodeEvent would read its row back: what was written, numbered and dated. */
export function fromWritten(event: NewChatEvent, stored: StoredEvent): ChatEvent {
  return { ...event, id: stored.id, occurredAt: stored.createdAt };
}

/** The service's own event stream, and where it stands in the streams of others (sync_cursors). */
export function chatEventStore(db: Kysely<MessagesSchema>, log: EventLog): ChatEventStore {
  return {
    ...eventFeed(log, decodeEvent, fromWritten),

    async readCursor(name) {
      const row = await db.selectFrom('sync_cursors').select('position').where('name', '=', name).executeTakeFirst();
      return row ? Number(row.position) : 0;
    },

    async writeCursor(name, position) {
      const updated = await db.updateTable('sync_cursors').set({ position }).where('name', '=', name).executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) return;
      try {
        await db.insertInto('sync_cursors').values({ name, position }).execute();
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        await db.updateTable('sync_cursors').set({ position }).where('name', '=', name).execute();
      }
    },
  };
}
