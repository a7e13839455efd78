// The replay/live/gap rules of messageAdded, against a scripted messages-service: the cases the
// real services rarely produce on demand (a gap in the live stream, live traffic mid-replay).
import { createLogger, ChatError, ErrorCode } from '@charla/platform';
import { ConversationKind, Message, MessagesEventType, type ListMessagesRequest } from '@charla/proto/messages';
import { User } from '@charla/proto/users';
import { MessagesAudience } from '../src/live/audience';
import { messageAddedStream, type MessageAddedSources, type MessageOrFailure } from '../src/live/message-added';

const CONVERSATION = 7;
const viewer = { user: User.fromPartial({ id: 1, username: 'ana' }), token: 't', sessionId: 's' };

function message(seq: number): Message {
  return Message.fromPartial({ id: 100 + seq, conversationId: CONVERSATION, seq, authorId: 2, body: `m${seq}` });
}

/** A messages-service holding messages 1..stored, whose ListMessages can be held back. */
function scriptedSources(stored: number, lastSeq = stored) {
  const audience = new MessagesAudience();
  const history = Array.from({ length: stored }, (_, i) => message(i + 1));
  const calls: Partial<ListMessagesRequest>[] = [];
  let hold: Promise<void> = Promise.resolve();
  const sources = {
    audience,
    log: createLogger('test', 'silent'),
    receipts: { delivered: () => undefined },
    messages: {
      getConversation: async () => ({ conversation: { id: CONVERSATION, lastSeq } }),
      listMessages: async (request: Partial<ListMessagesRequest>) => {
        calls.push(request);
        await hold;
        return { messages: history.filter((m) => m.seq > (request.afterSeq ?? 0)), nextPageToken: '' };
      },
    },
  } as unknown as MessageAddedSources;
  return {
    sources,
    calls,
    store: (seq: number) => history.push(message(seq)),
    holdHistory: () => {
      let release = () => {};
      hold = new Promise((resolve) => (release = resolve));
      return release;
    },
    live: (seq: number) =>
      audience.publish({
        id: seq,
        type: MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED,
        conversationId: CONVERSATION,
        conversationKind: ConversationKind.CONVERSATION_KIND_GROUP,
        message: message(seq),
        userId: 0,
        upToSeq: 0,
        status: 0,
        occurredAt: undefined,
        memberIds: [1, 2],
        motd: '',
      }),
  };
}

async function take(stream: AsyncIterator<MessageOrFailure>, count: number): Promise<number[]> {
  const seqs: number[] = [];
  while (seqs.length < count) {
    const { value, done } = await stream.next();
    if (done) break;
    if (value instanceof ChatError) throw value;
    seqs.push(value.seq);
  }
  return seqs;
}

test('a gap seen live is filled from history before the message that revealed it', async () => {
  const service = scriptedSources(1);
  const stream = await messageAddedStream(service.sources, viewer, CONVERSATION, undefined);
  service.store(2);
  service.live(2);
  // 3 and 4 were committed but their events never reached this gateway.
  service.store(3);
  service.store(4);
  service.store(5);
  service.live(5);
  service.live(4);
  service.store(6);
  service.live(6);
  expect(await take(stream, 5)).toEqual([2, 3, 4, 5, 6]);
  expect(service.calls).toEqual([expect.objectContaining({ afterSeq: 2 })]);
  await stream.return();
});

test('live messages that arrive during the replay come after it, once each', async () => {
  const service = scriptedSources(3);
  const release = service.holdHistory();
  const stream = await messageAddedStream(service.sources, viewer, CONVERSATION, 1);
  service.store(4);
  service.live(4);
  service.store(5);
  service.live(5);
  release();
  expect(await take(stream, 4)).toEqual([2, 3, 4, 5]);
  await stream.return();
});

test('without `after` it starts at the conversation’s last seq and never replays', async () => {
  const service = scriptedSources(3);
  const stream = await messageAddedStream(service.sources, viewer, CONVERSATION, undefined);
  service.live(3);
  service.store(4);
  service.live(4);
  expect(await take(stream, 1)).toEqual([4]);
  expect(service.calls).toEqual([]);
  await stream.return();
});

test('a failing history read ends the stream with the error, so the client resubscribes with `after`', async () => {
  const service = scriptedSources(1);
  (service.sources.messages as { listMessages: unknown }).listMessages = async () => {
    throw new ChatError(ErrorCode.Unavailable, 'down');
  };
  const stream = await messageAddedStream(service.sources, viewer, CONVERSATION, undefined);
  service.live(3);
  const first = await stream.next();
  expect(first.value).toBeInstanceOf(ChatError);
  expect((await stream.next()).done).toBe(true);
});
