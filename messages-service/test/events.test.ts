import { createLogger, EventLog, localWakeups, migrate, openDatabase, type EventTables, type OpenedDatabase } from '@charla/platform';
import { TEST_STORES, freshTestStore, type TestStoreLocation } from '@charla/platform/testing';
import { ConversationKind, MessageKind, MessagesEvent, MessagesEventType, MessageStatus } from '@charla/proto/messages';
import type { Kysely, Transaction } from 'kysely';
import type { NewChatEvent } from '../src/domain/events';
import type { Message } from '../src/domain/types';
import { decodeEvent, encodeEvent, fromWritten } from '../src/store/events';
import { MIGRATIONS } from '../src/store/migrations';
import type { MessagesSchema } from '../src/store/schema';
import { decoded } from './support';

const at = new Date('2026-03-04T05:06:07.089Z');
const message: Message = {
  id: 41,
  conversationId: 7,
  seq: 3,
  authorId: 2,
  body: 'hola',
  clientId: '',
  status: 'sent',
  isFromSupport: false,
  createdAt: at,
  updatedAt: at,
  editedAt: undefined,
  deletedAt: undefined,
  attachments: [],
  kind: 'text',
  system: undefined,
  replyToId: 0,
  replyTo: undefined,
  reactions: [],
  mentionIds: [],
  pinnedAt: undefined,
  pinnedBy: 0,
};
const announced: NewChatEvent[] = [
  { type: 'message_added', conversationId: 7, conversationKind: 'group', message },
  { type: 'message_edited', conversationId: 7, conversationKind: 'group', message: { ...message, body: 'hola!', editedAt: at } },
  { type: 'message_status_changed', conversationId: 7, conversationKind: 'group', userId: 2, upToSeq: 3, status: 'read' },
  { type: 'member_joined', conversationId: 9, conversationKind: 'support', userId: 5 },
];

/** How the store wrote the same events before 0004: proto JSON, upper-case types. */
function asProtoJson(event: NewChatEvent) {
  const type = MessagesEventType[`MESSAGES_EVENT_TYPE_${event.type.toUpperCase()}` as keyof typeof MessagesEventType];
  const kind = ConversationKind[`CONVERSATION_KIND_${event.conversationKind.toUpperCase()}` as keyof typeof ConversationKind];
  const status = (s: string | undefined) => (s ? MessageStatus[`MESSAGE_STATUS_${s.toUpperCase()}` as keyof typeof MessageStatus] : 0);
  const full: MessagesEvent = {
    id: 0,
    type,
    conversationId: event.conversationId,
    conversationKind: kind,
    // Messages had no kind before 0006: left at its default, proto JSON leaves it out.
    message: event.message && { ...event.message, status: status(event.message.status), kind: MessageKind.MESSAGE_KIND_UNSPECIFIED, system: undefined },
    userId: event.userId ?? 0,
    upToSeq: event.upToSeq ?? 0,
    status: status(event.status),
    occurredAt: at,
    memberIds: [],
    motd: '',
  };
  return { type: event.type.toUpperCase(), subjectId: event.conversationId, payload: JSON.stringify(MessagesEvent.toJSON(full)) };
}

/** The event as the store wrote it before messages had a kind, replies, reactions, mentions or pins (0006); decoding fills them in. */
function before0006(event: NewChatEvent): NewChatEvent {
  if (!event.message) return event;
  const { kind: _kind, replyToId: _reply, reactions: _reactions, mentionIds: _mentions, pinnedBy: _pinner, ...older } = event.message;
  return { ...event, message: older as Message };
}

describe.each(TEST_STORES)('the outbox of messages-service on %s', (kind) => {
  let location: TestStoreLocation;
  let opened: OpenedDatabase<MessagesSchema>;
  let log: EventLog;

  beforeAll(async () => {
    location = await freshTestStore(kind, 'messages_events');
    opened = openDatabase<MessagesSchema>({ url: location.url, dataDir: location.dataDir, name: 'messages' });
    log = new EventLog({ db: opened.db as unknown as Kysely<EventTables>, wakeups: localWakeups(), log: createLogger('test', 'silent') });
  });
  afterAll(async () => {
    await opened.close();
    await location.dispose();
  });

  it('rewrites events stored as proto JSON into domain events, exactly as the store writes them now', async () => {
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0004'));
    await migrate(opened.db, opened.dialect, before);
    await opened.db.transaction().execute((trx) => log.append(trx as unknown as Transaction<EventTables>, announced.map(asProtoJson), at));
    await migrate(opened.db, opened.dialect, MIGRATIONS);

    const stored = await log.readAfter(0);
    expect(stored.map((row) => [row.type, JSON.parse(row.payload)])).toEqual(
      announced.map((event) => [event.type, JSON.parse(encodeEvent(before0006(event)).payload)]),
    );
    expect(stored.map(decoded)).toEqual(announced.map((event, i) => ({ userId: undefined, upToSeq: undefined, status: undefined, message: undefined, ...event, id: i + 1, occurredAt: at })));
  });
});

describe('events from memory', () => {
  it('are handed on as written, equal to what decoding their rows gives', () => {
    const file = { id: 3, messageId: 41, conversationId: 7, uploaderId: 2, name: 'a.png', contentType: 'image/png', size: 10, width: 4, height: 3, hasThumbnail: true, createdAt: at };
    const richer: NewChatEvent[] = [
      ...announced,
      {
        type: 'message_added',
        conversationId: 7,
        conversationKind: 'room',
        message: {
          ...message,
          attachments: [file],
          replyToId: 40,
          replyTo: { id: 40, seq: 2, authorId: 1, excerpt: 'hi', deleted: false },
          reactions: [{ emoji: '👍', count: 1, userIds: [1] }],
          mentionIds: [1],
          pinnedAt: at,
          pinnedBy: 1,
        },
      },
      { type: 'message_added', conversationId: 7, conversationKind: 'room', message: { ...message, kind: 'system', system: { action: 'renamed', title: 'new', topic: '' } } },
      { type: 'motd_changed', conversationId: 0, conversationKind: 'none', motd: 'hello' },
    ];
    for (const [i, event] of richer.entries()) {
      const stored = { ...encodeEvent(event), id: 100 + i, createdAt: at };
      expect(fromWritten(event, stored)).toEqual(decodeEvent(stored));
    }
  });
});
