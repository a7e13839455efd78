import { metadataFor, unaryCall } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import { MessagesServiceClient, SearchMessagesRequest } from '@charla/proto/messages';
import { startStack, type Stack, type TestUser } from '@charla/stack';
import { credentials } from '@grpc/grpc-js';

const SEARCH = `query($q: String!, $c: ID, $first: Int, $after: String) {
  searchMessages(query: $q, conversationId: $c, first: $first, after: $after) {
    edges { cursor snippet node { id body conversationId } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe.each(TEST_STORES)('searching messages on %s', (store) => {
  let stack: Stack;
  let ana: TestUser;
  let ben: TestUser;
  let eve: TestUser;
  let group: string;
  let direct: string;
  const ids: Record<string, string> = {};

  const send = async (token: string, conversationId: string, body: string) => {
    const { sendMessage } = await stack.gateway.data('mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { id } }', { c: conversationId, b: body }, token);
    return sendMessage.id as string;
  };
  const found = async (token: string, query: string, conversationId?: string) => {
    const { searchMessages } = await stack.gateway.data(SEARCH, { q: query, c: conversationId }, token);
    return searchMessages.edges.map((edge: { node: { body: string } }) => edge.node.body) as string[];
  };

  beforeAll(async () => {
    stack = await startStack({ label: `gw_search_${store}`, store });
    [ana, ben, eve] = await Promise.all(['ana', 'ben', 'eve'].map((name) => stack.gateway.register(name)));
    group = (await stack.gateway.data('mutation { createGroup(title: "Cocina", usernames: ["ben"]) { id } }', {}, ana.token)).createGroup.id;
    direct = (await stack.gateway.data('mutation { openDirect(username: "eve") { id } }', {}, ana.token)).openDirect.id;
    ids.morning = await send(ana.token, group, 'El café de la mañana');
    ids.open = await send(ben.token, group, 'Cafeteria abierta hasta las diez');
    ids.other = await send(ana.token, group, 'nada que ver');
    ids.eve = await send(eve.token, direct, 'un café con Eve');
  }, 60_000);
  afterAll(() => stack?.stop());

  it('finds every word whatever its case and accents, the last one also as a prefix, newest first', async () => {
    expect(await found(ben.token, 'cafe manana')).toEqual(['El café de la mañana']);
    expect(await found(ben.token, 'CAFÉ MAÑ')).toEqual(['El café de la mañana']);
    expect(await found(ben.token, 'caf')).toEqual(['Cafeteria abierta hasta las diez', 'El café de la mañana']);
    // Only the last word is a prefix: "cafe" is no word of "Cafeteria abierta".
    expect(await found(ben.token, 'cafe abierta')).toEqual([]);
    expect(await found(ben.token, 'cafeteria abi')).toEqual(['Cafeteria abierta hasta las diez']);
    // Short words and stopwords, which InnoDB does not index, still count.
    expect(await found(ben.token, 'de la')).toEqual(['El café de la mañana']);
    expect(await found(ben.token, 'la manana')).toEqual(['El café de la mañana']);
  });

  it('marks the matching words in an escaped snippet', async () => {
    await send(ana.token, direct, '<img src=x onerror=alert(1)> tetera & tostadas');
    const { searchMessages } = await stack.gateway.data(SEARCH, { q: 'tetera tost' }, ana.token);
    expect(searchMessages.edges[0].snippet).toBe('&lt;img src=x onerror=alert(1)&gt; <mark>tetera</mark> &amp; <mark>tostadas</mark>');
    const { searchMessages: morning } = await stack.gateway.data(SEARCH, { q: 'cafe manana' }, ben.token);
    expect(morning.edges[0].snippet).toBe('El <mark>café</mark> de la <mark>mañana</mark>');
  });

  it('searches only the conversations the caller is a member of, or one of them', async () => {
    expect(await found(ana.token, 'cafe')).toEqual(['un café con Eve', 'Cafeteria abierta hasta las diez', 'El café de la mañana']);
    expect(await found(eve.token, 'cafe')).toEqual(['un café con Eve']);
    expect(await found(ana.token, 'cafe', direct)).toEqual(['un café con Eve']);
    const outsider = await stack.gateway.gql(SEARCH, { q: 'cafe', c: group }, eve.token);
    expect(outsider.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await stack.gateway.gql(SEARCH, { q: '  !! ' }, ana.token)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.gateway.gql(SEARCH, { q: 'cafe' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('pages newest first with cursors', async () => {
    const first = (await stack.gateway.data(SEARCH, { q: 'caf', first: 1 }, ben.token)).searchMessages;
    expect(first.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual(['Cafeteria abierta hasta las diez']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await stack.gateway.data(SEARCH, { q: 'caf', first: 5, after: first.pageInfo.endCursor }, ben.token)).searchMessages;
    expect(second.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual(['El café de la mañana']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('answers on gRPC and REST the same way', async () => {
    const client = new MessagesServiceClient(stack.messages.grpcAddr, credentials.createInsecure());
    stack.leftovers.push(async () => client.close());
    const grpc = await unaryCall(client.searchMessages.bind(client), SearchMessagesRequest.fromPartial({ query: 'cafe manana' }), metadataFor({ token: ben.token }, stack.serviceToken), 5_000);
    expect(grpc.hits.map((hit) => [hit.message?.body, hit.snippet])).toEqual([['El café de la mañana', 'El <mark>café</mark> de la <mark>mañana</mark>']]);
    const rest = await fetch(`${stack.messages.http}/v1/messages/search?q=${encodeURIComponent('cafe manana')}`, { headers: { authorization: `Bearer ${ben.token}` } });
    const body = (await rest.json()) as { hits: { message: { body: string }; snippet: string }[] };
    expect(body.hits.map((hit) => hit.message.body)).toEqual(['El café de la mañana']);
    const outsider = await fetch(`${stack.messages.http}/v1/messages/search?q=cafe&conversationId=${group}`, { headers: { authorization: `Bearer ${eve.token}` } });
    expect(outsider.status).toBe(404);
  });

  it('finds an edited message by its new words only, never a deleted one, and nothing once the caller left', async () => {
    await stack.gateway.data('mutation($id: ID!) { editMessage(id: $id, body: "El té de la tarde") { id } }', { id: ids.morning }, ana.token);
    expect(await found(ben.token, 'cafe manana')).toEqual([]);
    expect(await found(ben.token, 'te tarde')).toEqual(['El té de la tarde']);
    await stack.gateway.data('mutation($id: ID!) { deleteMessage(id: $id) { id } }', { id: ids.open }, ben.token);
    expect(await found(ben.token, 'cafeteria')).toEqual([]);
    await stack.gateway.data('mutation($c: ID!) { leaveConversation(conversationId: $c) }', { c: group }, ben.token);
    expect(await found(ben.token, 'tarde')).toEqual([]);
    expect(await found(ana.token, 'tarde')).toEqual(['El té de la tarde']);
  });

  it('opens the page of history around a message', async () => {
    const room = (await stack.gateway.data('mutation { createGroup(title: "Numbers", usernames: []) { id } }', {}, ana.token)).createGroup.id;
    for (let i = 1; i <= 9; i++) await send(ana.token, room, `number ${i}`);
    const page = async (around: number, first: number) =>
      (await stack.gateway.data('query($c: ID!, $a: Int, $f: Int) { messages(conversationId: $c, around: $a, first: $f) { edges { node { seq } } pageInfo { hasPreviousPage hasNextPage } } }', { c: room, a: around, f: first }, ana.token)).messages;
    const middle = await page(5, 3);
    expect(middle.edges.map((e: { node: { seq: number } }) => e.node.seq)).toEqual([4, 5, 6]);
    expect(middle.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: true });
    const start = await page(1, 4);
    expect(start.edges.map((e: { node: { seq: number } }) => e.node.seq)).toEqual([1, 2, 3, 4]);
    expect(start.pageInfo).toEqual({ hasPreviousPage: false, hasNextPage: true });
    const end = await page(9, 4);
    expect(end.edges.map((e: { node: { seq: number } }) => e.node.seq)).toEqual([6, 7, 8, 9]);
    expect(end.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false });
  });
});
