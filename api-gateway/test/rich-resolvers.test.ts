import { execute, parse, type ExecutionResult } from 'graphql';
import { Conversation, ConversationKind, Message, MessageKind, MessagesEvent, MessagesEventType, MessageStatus } from '@charla/proto/messages';
import { User } from '@charla/proto/users';
import type { Gateway, RequestContext } from '../src/context';
import { UserDirectory } from '../src/directory';
import { gatewaySchema } from '../src/graphql/schema';
import { Channel } from '../src/live/channel';
import { FanOut, type SharedStream } from '../src/live/fan-out';
import { MemberStates } from '../src/live/member-states';

// The real schema and resolvers over fake service clients that count their calls: what a page
// of history or a list of conversations costs, and what one event costs its subscribers.

const schema = gatewaySchema();
const people = Array.from({ length: 12 }, (_, i) => User.fromPartial({ id: i + 1, username: `user${i + 1}`, firstName: `User ${i + 1}` }));

/** A page where every message replies, is reacted to by three people and mentions two. */
function page(size: number): Message[] {
  return Array.from({ length: size }, (_, i) =>
    Message.fromPartial({
      id: 100 + i,
      conversationId: 7,
      seq: i + 1,
      authorId: (i % 12) + 1,
      body: `message ${i} @user1 @user2`,
      status: MessageStatus.MESSAGE_STATUS_SENT,
      kind: MessageKind.MESSAGE_KIND_TEXT,
      replyToId: 99,
      replyTo: { id: 99, seq: 1, authorId: 3, excerpt: 'the first line', deleted: false },
      reactions: [{ emoji: '👍', count: 3, userIds: [(i % 12) + 1, 4, 5] }],
      mentionIds: [1, 2],
    }),
  );
}

function fakeGateway(messagesOnPage: number) {
  const calls = { listMessages: 0, listPinnedMessages: 0, batchGetUsers: 0, authorLookups: 0 };
  const directory = new UserDirectory(
    {
      batchGetUsers: async ({ ids = [] }) => {
        calls.batchGetUsers++;
        return { users: people.filter((u) => ids.includes(u.id)) };
      },
    },
    0,
  );
  // Resolvers look users up through find (at once when known).
  const find = directory.find.bind(directory);
  directory.find = (id: number) => {
    calls.authorLookups++;
    return find(id);
  };
  const conversations = Array.from({ length: 30 }, (_, i) => Conversation.fromPartial({ id: i + 1, kind: ConversationKind.CONVERSATION_KIND_GROUP, title: `g${i}` }));
  const messages = {
    listMessages: async () => {
      calls.listMessages++;
      return { messages: page(messagesOnPage).reverse(), nextPageToken: '' };
    },
    listConversations: async () => ({ conversations, nextPageToken: '' }),
    listPinnedMessages: async ({ conversationIds = [] }: { conversationIds?: number[] }) => {
      calls.listPinnedMessages++;
      return { messages: conversationIds.map((id) => Message.fromPartial({ id: 1000 + id, conversationId: id, seq: 1, body: 'pinned' })) };
    },
  };
  const subscribers: Channel<unknown>[] = [];
  const live = {
    messageUpdated: async () => {
      const channel = new Channel<unknown>();
      subscribers.push(channel);
      return channel;
    },
  };
  const gateway = { messages, directory, live, config: { limits: { maxPageSize: 100 } } } as unknown as Gateway;
  const as = (user: User): RequestContext => ({ gateway, viewer: { user, token: `token-${user.id}`, sessionId: 's' }, ip: '127.0.0.1' });
  return { calls, as, subscribers };
}

const HISTORY = parse(`query {
  messages(conversationId: "7", first: 50) {
    edges { node {
      id body author { username }
      replyTo { id seq body author { username } }
      reactions { emoji count reactedByMe users { username } }
      mentions { username }
      pinnedAt kind
    } }
  }
}`);

test('a page of history costs one ListMessages and a few batched user lookups, however long it is', async () => {
  const costs = [];
  for (const size of [5, 50]) {
    const { calls, as } = fakeGateway(size);
    const result = (await execute({ schema, document: HISTORY, contextValue: as(people[0]) })) as ExecutionResult<{ messages: { edges: { node: any }[] } }>;
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.messages.edges.map((e) => e.node);
    expect(nodes).toHaveLength(size);
    expect(nodes[0]).toMatchObject({
      replyTo: { id: '99', seq: 1, body: 'the first line', author: { username: 'user3' } },
      reactions: [{ emoji: '👍', count: 3, reactedByMe: true, users: [{ username: 'user1' }, { username: 'user4' }, { username: 'user5' }] }],
      mentions: [{ username: 'user1' }, { username: 'user2' }],
      kind: 'TEXT',
    });
    expect(nodes[1].reactions[0].reactedByMe).toBe(false);
    costs.push({ listMessages: calls.listMessages, batchGetUsers: calls.batchGetUsers });
  }
  // Ten times the messages, the same calls: quotes and reactions come with the page.
  expect(costs[0]).toEqual(costs[1]);
  expect(costs[1].listMessages).toBe(1);
  expect(costs[1].batchGetUsers).toBeLessThanOrEqual(3);
});

test('the pinned messages of a whole conversation list are one ListPinnedMessages', async () => {
  const { calls, as } = fakeGateway(1);
  const result = (await execute({ schema, document: parse('{ conversations { id pinnedMessages { id conversationId } } }'), contextValue: as(people[0]) })) as ExecutionResult<{
    conversations: { id: string; pinnedMessages: { id: string; conversationId: string }[] }[];
  }>;
  expect(result.errors).toBeUndefined();
  expect(result.data!.conversations).toHaveLength(30);
  expect(result.data!.conversations[4].pinnedMessages).toEqual([{ id: '1005', conversationId: '5' }]);
  expect(calls.listPinnedMessages).toBe(1);
});

describe('one reaction event, many subscribers', () => {
  async function deliver(query: string) {
    const { calls, as, subscribers } = fakeGateway(1);
    const fanOut = new FanOut(schema);
    const viewers = people.slice(0, 4);
    const streams = (await Promise.all(viewers.map((viewer) => fanOut.subscribe({ schema, document: parse(query), contextValue: as(viewer) })))) as SharedStream[];
    // Each subscriber's first result, handed over as the event arrives (as to a socket).
    const firsts = streams.map((stream) => new Promise<ExecutionResult>((resolve) => stream.start({ next: (result) => void result.promise.then(resolve), end: () => undefined })));
    const [event] = page(1);
    calls.authorLookups = 0;
    // One event: the same payload object for its whole audience, as the live path passes it on.
    for (const channel of subscribers) channel.push(event);
    return { results: await Promise.all(firsts), lookups: calls.authorLookups };
  }

  it('is executed once for all who select no @personal field (counts, who reacted)', async () => {
    const { results, lookups } = await deliver('subscription { messageUpdated { id author { username } reactions { emoji count users { username } } } }');
    expect(new Set(results).size).toBe(1);
    expect(results[0].data).toEqual({
      messageUpdated: { id: '100', author: { username: 'user1' }, reactions: [{ emoji: '👍', count: 3, users: [{ username: 'user1' }, { username: 'user4' }, { username: 'user5' }] }] },
    });
    // One execution: the author and the three reactors, looked up once for four subscribers.
    expect(lookups).toBe(4);
  });

  it('is executed per subscriber once reactedByMe is selected, each seeing their own', async () => {
    const { results, lookups } = await deliver('subscription { messageUpdated { id author { username } reactions { emoji count reactedByMe users { username } } } }');
    expect(new Set(results).size).toBe(4);
    expect(results.map((r) => (r.data as any).messageUpdated.reactions[0].reactedByMe)).toEqual([true, false, false, true]);
    // Four executions of the same selection as above.
    expect(lookups).toBe(16);
  });
});

describe('each member’s own side of a shared conversation event', () => {
  it('is one BatchGetMemberStates for the subscribers the event reaches here, asked together', async () => {
    const calls: number[][] = [];
    const states = new MemberStates({
      batchGetMemberStates: async ({ userIds = [] }) => {
        calls.push([...userIds]);
        return { states: userIds.filter((id) => id !== 3).map((userId) => ({ userId, mentionCount: userId, muted: userId === 2, favourite: false, archived: false })) };
      },
    });
    // A rename of a room of 20,000: three of them have sockets on this gateway.
    const event = MessagesEvent.fromPartial({ type: MessagesEventType.MESSAGES_EVENT_TYPE_CONVERSATION_UPDATED, conversationId: 7, memberIds: Array.from({ length: 20_000 }, (_, i) => i + 1) });
    const shared = Conversation.fromPartial({ id: 7, mentionCount: 99, muted: true });
    const seen = await Promise.all([1, 2, 3].map((userId) => states.personal(event, shared, userId)));
    expect(seen.map((c) => [c.mentionCount, c.muted])).toEqual([
      [1, false],
      [2, true],
      [0, false],
    ]);
    expect(calls).toEqual([[1, 2, 3]]);
    // A member's own marker event was read for them: nothing to ask.
    const own = MessagesEvent.fromPartial({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED, conversationId: 7, userId: 2, memberIds: [2] });
    expect(await states.personal(own, shared, 2)).toBe(shared);
    expect(calls).toHaveLength(1);
  });
});
