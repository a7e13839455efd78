// Typing on one gateway, over the in-process pub/sub: the board and the typing stream's failures.
import { ChatError, ErrorCode, createLogger, localPubSub, type PubSub } from '@charla/platform';
import { User } from '@charla/proto/users';
import { MessagesAudience, PresenceAudience } from '../src/live/audience';
import { LiveStreams, type StreamSources } from '../src/live/streams';
import { TypingBoard, type TypingChange } from '../src/live/typing';

const CONVERSATION = 7;
const ana = User.fromPartial({ id: 1, username: 'ana' });
const ben = { user: User.fromPartial({ id: 2, username: 'ben' }), token: 't', sessionId: 's' };

let pubsub: PubSub;
let board: TypingBoard;
const log = createLogger('test', 'silent');

beforeEach(() => {
  pubsub = localPubSub();
  board = new TypingBoard(pubsub, 1_000, log);
});
afterEach(async () => {
  board.close();
  await pubsub.close();
});

/** Ben's typing stream, with the user lookups answered by `lookup`. */
function typingStream(lookup: (id: number) => Promise<User | null>) {
  const sources = {
    audience: new MessagesAudience(),
    people: new PresenceAudience(),
    typing: board,
    membership: { check: async () => undefined },
    directory: { get: lookup },
    log,
  } as unknown as StreamSources;
  return new LiveStreams(sources).typing(ben, CONVERSATION);
}

test('a message on the typing channel that is not a signal is ignored, with a log line; signals still arrive', async () => {
  const changes: TypingChange[] = [];
  const warned = jest.spyOn(log, 'warn');
  board.listen(CONVERSATION, (change) => changes.push(change));
  pubsub.publish('charla:typing', 'not json {');
  pubsub.publish('charla:typing', JSON.stringify({ conversationId: 'seven' }));
  board.signal(CONVERSATION, ana.id);
  await new Promise((resolve) => setImmediate(resolve));
  expect(changes).toEqual([{ conversationId: CONVERSATION, userId: ana.id, typing: true }]);
  expect(warned).toHaveBeenCalledTimes(2);
});

test('a typing indicator whose user cannot be looked up (users-service down) is skipped; the stream goes on', async () => {
  let calls = 0;
  const stream = await typingStream(async () => {
    if (calls++ === 0) throw new ChatError(ErrorCode.Unavailable, 'users-service is down');
    return ana;
  });
  board.signal(CONVERSATION, ana.id);
  await new Promise((resolve) => setImmediate(resolve));
  board.signal(CONVERSATION, ana.id);
  expect(await stream.next()).toEqual({ value: ana, done: false });
  expect(calls).toBe(2);
  await stream.return();
});

test('any other failure of the lookup ends the typing stream with a typed error', async () => {
  const stream = await typingStream(async () => {
    throw new Error('a bug');
  });
  board.signal(CONVERSATION, ana.id);
  const failed = await stream.next();
  expect(failed.value).toBeInstanceOf(ChatError);
  expect((failed.value as ChatError).code).toBe(ErrorCode.Internal);
  expect((await stream.next()).done).toBe(true);
});
