import { eventsOf, fromStatusBytes, type WatchResponse } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import { ListMessagesRequest, ListOrder, MessagesEventType, SendMessageRequest, SendMessagesRequest, type MessagesEvent, type SendMessagesResponse } from '@charla/proto/messages';
import { bearer, call, grpcCode, registerUser, SERVICE_TOKEN, startTestServices, type TestServices, type TestUser } from './services';

// A gateway's batch of sends (SendMessages): each send is its own user's, checked and stored as
// SendMessage would, one result each, in order.
describe.each(TEST_STORES)('SendMessages on %s', (kind) => {
  let s: TestServices;
  let ana: TestUser;
  let ben: TestUser;
  let eve: TestUser;
  let group: number;

  beforeAll(async () => {
    s = await startTestServices(kind, 'batches');
    [ana, ben, eve] = await Promise.all(['ana', 'ben', 'eve'].map((name) => registerUser(s.users, name)));
    const { conversation } = await call(s.messages, s.messages.createGroup, { title: 'batched', usernames: ['ben'] }, ana.token);
    group = conversation!.id;
  }, 60_000);
  afterAll(() => s.stop());

  const send = (sender: TestUser | { token: string }, body: string, clientId = '') => ({ token: sender.token, request: SendMessageRequest.fromPartial({ conversationId: group, body, clientId }) });
  const batch = (sends: ReturnType<typeof send>[], token = SERVICE_TOKEN) => call<SendMessagesRequest, SendMessagesResponse>(s.messages, s.messages.sendMessages, SendMessagesRequest.fromPartial({ sends }), token);

  it('stores each member\'s send in the order given and refuses the others, each with its own typed status', async () => {
    const { results } = await batch([
      send(ana, 'one', 'a-1'),
      send(eve, 'from outside'),
      send(ben, 'two'),
      send({ token: 'not-a-token' }, 'anonymous'),
      { token: ana.token, request: SendMessageRequest.fromPartial({ conversationId: group, body: '' }) },
      send(ana, 'three'),
      send(ana, 'one', 'a-1'),
    ]);
    expect(results).toHaveLength(7);
    const stored = results.filter((result) => result.message).map((result) => [result.message!.seq, result.message!.body]);
    expect(stored).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
      [1, 'one'],
    ]);
    const refusals = results.filter((result) => !result.message).map((result) => fromStatusBytes(result.status));
    expect(refusals.map((error) => error.code)).toEqual(['NOT_FOUND', 'UNAUTHENTICATED', 'INVALID_ARGUMENT']);
    expect(refusals[2].violations[0]?.field).toBe('body');
    const history = ListMessagesRequest.fromPartial({ conversationId: group, pageSize: 10, order: ListOrder.LIST_ORDER_OLDEST_FIRST });
    const { messages } = await call(s.messages, s.messages.listMessages, history, ben.token);
    expect(messages.map((m) => m.body)).toEqual(['one', 'two', 'three']);
  });

  it('streams the events of one batch to a batched watcher in one response, in order, and one a response to the others', async () => {
    const { conversation } = await call(s.messages, s.messages.getConversation, { conversationId: group }, ana.token);
    const firstSeq = conversation!.lastSeq + 1;
    const head = (await call(s.messages, s.messages.sendMessage, { conversationId: group, body: 'before', clientId: '', attachmentIds: [], replyToId: 0 }, ana.token)).message!;
    /** The responses of a watch from now, as lists of the message_added bodies they carry, until `count` messages came. */
    const responses = (batched: boolean, count: number) =>
      new Promise<string[][]>((resolve, reject) => {
        const stream = s.messages.watchEvents({ after: 0, fromNow: true, batched }, bearer(SERVICE_TOKEN));
        const seen: string[][] = [];
        stream.on('metadata', () => void batch(['a', 'b', 'c', 'd', 'e'].map((body) => send(body < 'c' ? ana : ben, body))).catch(reject));
        stream.on('data', (response: WatchResponse<MessagesEvent>) => {
          const added = eventsOf(response).filter((e) => e.type === MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED).map((e) => e.message!.body);
          if (added.length > 0) seen.push(added);
          if (seen.flat().length >= count) {
            stream.cancel();
            resolve(seen);
          }
        });
        stream.on('error', (error: { code?: number }) => error.code !== 1 && reject(error));
      });
    expect(await responses(true, 5)).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(await responses(false, 5)).toEqual([['a'], ['b'], ['c'], ['d'], ['e']]);
    expect(head.seq).toBe(firstSeq);
  });

  it('is the service credential\'s alone: a user\'s token is refused as a whole', async () => {
    expect(await grpcCode(batch([send(ana, 'sneaky')], ana.token))).toBe('UNAUTHENTICATED');
  });
});
