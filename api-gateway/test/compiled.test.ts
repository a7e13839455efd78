import { ApolloServer } from '@apollo/server';
import { Message, MessageKind, MessageStatus } from '@charla/proto/messages';
import { User } from '@charla/proto/users';
import { invalidArgument, resourceExhausted } from '@charla/platform';
import type { Gateway, RequestContext } from '../src/context';
import { UserDirectory } from '../src/directory';
import { formatGraphQLError } from '../src/errors';
import { COMPILED_FROM_RUN, compiledExecution } from '../src/graphql/compiled';
import { gatewaySchema } from '../src/graphql/schema';
import { clientOperation } from '@charla/stack';

// Apollo with the compiled execution answers exactly as graphql-js does: the browser's Messages
// page (fields, nulls, enums, lists, authors) and refusals (codes, reasons, paths, locations),
// before and after a document is compiled.

const schema = gatewaySchema();
const people = Array.from({ length: 4 }, (_, i) => User.fromPartial({ id: i + 1, username: `user${i + 1}`, firstName: `User ${i + 1}` }));

const page = Array.from({ length: 6 }, (_, i) =>
  Message.fromPartial({
    id: 100 + i,
    conversationId: 7,
    seq: 6 - i,
    authorId: (i % 4) + 1,
    body: i === 2 ? '' : `message ${i} @user2`,
    status: i === 1 ? MessageStatus.MESSAGE_STATUS_READ : MessageStatus.MESSAGE_STATUS_SENT,
    kind: MessageKind.MESSAGE_KIND_TEXT,
    clientId: i % 2 === 0 ? `c${i}` : '',
    createdAt: new Date(Date.UTC(2026, 11, 1, 12, 0, i)),
    editedAt: i === 3 ? new Date(Date.UTC(2026, 11, 1, 13)) : undefined,
    replyToId: i === 0 ? 103 : 0,
    replyTo: i === 0 ? { id: 103, seq: 3, authorId: 4, excerpt: 'a quote', deleted: false } : undefined,
    reactions: i === 4 ? [{ emoji: '👍', count: 2, userIds: [1, 3] }] : [],
    mentionIds: i === 2 ? [] : [2],
  }),
);

function server(listMessages: () => Promise<{ messages: Message[]; nextPageToken: string }>) {
  const directory = new UserDirectory({ batchGetUsers: async ({ ids = [] }) => ({ users: people.filter((u) => ids.includes(u.id)) }) }, 60_000);
  const gateway = { messages: { listMessages }, directory, config: { limits: { maxPageSize: 100 } } } as unknown as Gateway;
  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecution(schema),
    formatError: (formatted, error) => formatGraphQLError(formatted, error, { production: true, onUnexpected: () => undefined }),
  });
  const context = { gateway, viewer: { user: people[0], token: 'token-1', sessionId: 's' }, ip: '127.0.0.1' } satisfies RequestContext;
  const run = async (query: string, variables: Record<string, unknown>) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { http: response.http.status, ...response.body.singleResult };
  };
  return { apollo, run };
}

test('a history page is the same, field for field, before and after its document is compiled', async () => {
  const { apollo, run } = server(async () => ({ messages: page, nextPageToken: 'more' }));
  await apollo.start();
  try {
    const query = clientOperation('Messages');
    const results = [];
    for (let i = 0; i < COMPILED_FROM_RUN + 2; i++) results.push(await run(query, { conversationId: '7', first: 6 }));
    expect(results[0].errors).toBeUndefined();
    const edges = (results[0].data as { messages: { edges: { node: Record<string, unknown> }[] } }).messages.edges;
    expect(edges).toHaveLength(6);
    expect(edges[5].node).toMatchObject({ id: '100', author: { username: 'user1' }, replyTo: { id: '103', body: 'a quote', author: { username: 'user4' } }, mentions: [{ username: 'user2' }] });
    for (const result of results.slice(1)) expect(result).toEqual(results[0]);
  } finally {
    await apollo.stop();
  }
});

test('refusals and bad variables are the same before and after compiling: codes, reasons, paths and locations', async () => {
  let refusal: Error = invalidArgument('conversation_id', 'no such conversation');
  const { apollo, run } = server(async () => {
    throw refusal;
  });
  await apollo.start();
  try {
    const query = clientOperation('Messages');
    const refusals = [
      { error: invalidArgument('conversation_id', 'no such conversation'), extensions: { code: 'BAD_USER_INPUT', field: 'conversation_id' } },
      { error: resourceExhausted('slow down', 'RATE_LIMITED', 1_500), extensions: { code: 'TOO_MANY_REQUESTS', retryAfterMs: 1_500 } },
    ];
    for (const { error, extensions } of refusals) {
      refusal = error;
      const results = [];
      for (let i = 0; i < COMPILED_FROM_RUN + 1; i++) results.push(await run(query, { conversationId: '7' }));
      expect(results[0].errors?.[0]).toMatchObject({ path: ['messages'], locations: [expect.objectContaining({ line: expect.any(Number) })], extensions });
      for (const result of results.slice(1)) expect(result).toEqual(results[0]);
    }
    // A variable of the wrong type never reaches a resolver: 400, with graphql-js's words.
    const bad = [];
    for (let i = 0; i < COMPILED_FROM_RUN + 1; i++) bad.push(await run(query, { conversationId: { not: 'an id' } }));
    expect(bad[0]).toMatchObject({ http: 400, errors: [{ message: expect.stringContaining('Variable "$conversationId" got invalid value') }] });
    for (const result of bad.slice(1)) expect(result).toEqual(bad[0]);
  } finally {
    await apollo.stop();
  }
});
