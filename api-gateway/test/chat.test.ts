import { collect, sleep, startStack, until, type Stack, type TestUser } from './stack';

const MESSAGE_ADDED = `subscription($c: ID, $after: Int) {
  messageAdded(conversationId: $c, after: $after) { id conversationId seq body clientId author { username } }
}`;
const SEND = `mutation($c: ID!, $body: String!, $clientId: String) {
  sendMessage(conversationId: $c, body: $body, clientId: $clientId) { id seq body status isFromSupport author { id username } }
}`;

interface Received {
  id: string;
  conversationId: string;
  seq: number;
  body: string;
  clientId: string | null;
  author: { username: string };
}

let stack: Stack;
let ana: TestUser;
let ben: TestUser;
let carl: TestUser;

beforeAll(async () => {
  stack = await startStack('chat', { SENDS_PER_SECOND: '1000', SEND_BURST: '1000' });
  [ana, ben, carl] = await Promise.all([stack.register('ana'), stack.register('ben'), stack.register('carl')]);
}, 60_000);
afterAll(() => stack?.stop());

async function send(user: TestUser, conversationId: string, body: string, clientId?: string) {
  const response = await stack.gql(SEND, { c: conversationId, body, clientId }, user.token);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.sendMessage;
}

async function settled() {
  // Let graphql-ws finish subscribing (the gateway registers the listener first, then reads storage).
  await sleep(150);
}

test('two users chat in a direct chat, each seeing the other live', async () => {
  const opened = await stack.gql('mutation { openDirect(username: "ben") { id kind title members { user { username } } } }', {}, ana.token);
  const direct = opened.data!.openDirect;
  expect(direct).toMatchObject({ kind: 'DIRECT', title: 'ben' });
  expect(direct.members.map((m: { user: { username: string } }) => m.user.username).sort()).toEqual(['ana', 'ben']);
  const fromBen = await stack.gql('mutation { openDirect(username: "ana") { id title } }', {}, ben.token);
  expect(fromBen.data!.openDirect).toEqual({ id: direct.id, title: 'ana' });

  const anaLive = collect<Received>(stack.socket(ana.token), MESSAGE_ADDED, { c: direct.id }, (d) => d.messageAdded);
  const benLive = collect<Received>(stack.socket(ben.token), MESSAGE_ADDED, {}, (d) => d.messageAdded);
  await settled();
  await send(ana, direct.id, 'hola ben');
  await send(ben, direct.id, 'hola ana');
  const seenByAna = await anaLive.waitFor(2);
  const seenByBen = await benLive.waitFor(2);
  expect(seenByAna.map((m) => [m.seq, m.body, m.author.username])).toEqual([
    [1, 'hola ben', 'ana'],
    [2, 'hola ana', 'ben'],
  ]);
  expect(seenByBen.map((m) => m.body)).toEqual(['hola ben', 'hola ana']);

  const history = await stack.gql(
    'query($c: ID!) { messages(conversationId: $c, first: 10) { edges { cursor node { seq body } } pageInfo { hasPreviousPage endCursor } } }',
    { c: direct.id },
    ben.token,
  );
  expect(history.data!.messages.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual(['hola ben', 'hola ana']);
  expect(history.data!.messages.pageInfo).toEqual({ hasPreviousPage: false, endCursor: '2' });

  // Ben's message reached Ana's socket (she has not read it): the gateway marked it delivered.
  let status = '';
  for (let i = 0; i < 100 && status !== 'DELIVERED'; i++) {
    const page = await stack.gql('query($c: ID!) { messages(conversationId: $c, first: 1, before: "3") { edges { node { status } } } }', { c: direct.id }, ben.token);
    status = page.data!.messages.edges[0].node.status;
    if (status !== 'DELIVERED') await sleep(50);
  }
  expect(status).toBe('DELIVERED');
});

test('a group and the general room carry messages to every member', async () => {
  const created = await stack.gql('mutation { createGroup(title: "trip", usernames: ["ben"]) { id kind title members { role user { username } } } }', {}, ana.token);
  const group = created.data!.createGroup;
  expect(group).toMatchObject({ kind: 'GROUP', title: 'trip' });
  const rooms = await stack.gql('{ rooms { id title kind } }', {}, ben.token);
  const general = rooms.data!.rooms.find((room: { title: string }) => room.title === 'general');
  expect(general).toBeDefined();

  const benLive = collect<Received>(stack.socket(ben.token), MESSAGE_ADDED, {}, (d) => d.messageAdded);
  await settled();
  await send(ana, group.id, 'to the group');
  await send(ana, general.id, 'to everyone');
  const received = await benLive.waitFor(2);
  expect(received.map((m) => [m.conversationId, m.body])).toEqual([
    [group.id, 'to the group'],
    [general.id, 'to everyone'],
  ]);

  const list = await stack.gql('{ conversations { id kind title lastMessage { body } unreadCount lastSeq } }', {}, ben.token);
  const mine = list.data!.conversations.map((c: { title: string }) => c.title);
  expect(mine).toEqual(expect.arrayContaining(['trip', 'general', 'ana']));
});

test('all-conversations messageAdded includes a conversation joined later', async () => {
  const carlLive = collect<Received>(stack.socket(carl.token), MESSAGE_ADDED, {}, (d) => d.messageAdded);
  await settled();
  const created = await stack.gql('mutation { createGroup(title: "later") { id } }', {}, ana.token);
  const group = created.data!.createGroup.id;
  await send(ana, group, 'before carl');
  await stack.gql('mutation($c: ID!) { addMember(conversationId: $c, username: "carl") { id } }', { c: group }, ana.token);
  await send(ana, group, 'after carl joined');
  const received = await carlLive.waitFor(1);
  await sleep(200);
  expect(carlLive.items.map((m) => m.body)).toEqual(['after carl joined']);
  expect(received[0].conversationId).toBe(group);
});

test('a subscriber away while 50 messages are sent resumes with `after` and gets all 50 once, in order', async () => {
  const direct = (await stack.gql('mutation { openDirect(username: "carl") { id } }', {}, ben.token)).data!.openDirect.id;
  const first = await send(ben, direct, 'seen before leaving');
  const away = stack.socket(carl.token);
  const before = collect<Received>(away, MESSAGE_ADDED, { c: direct }, (d) => d.messageAdded);
  await settled();
  await send(ben, direct, 'also seen');
  const seen = await before.waitFor(1);
  const lastSeen = seen.at(-1)!.seq;
  expect(lastSeen).toBe(first.seq + 1);
  await away.dispose();

  for (let i = 1; i <= 50; i++) await send(ben, direct, `missed ${i}`);

  const back = collect<Received>(stack.socket(carl.token), MESSAGE_ADDED, { c: direct, after: lastSeen }, (d) => d.messageAdded);
  // Live messages sent while the replay runs must come after it, once.
  const racing = (async () => {
    for (let i = 51; i <= 55; i++) await send(ben, direct, `missed ${i}`);
  })();
  await racing;
  const resumed = await back.waitFor(55);
  await sleep(300);
  expect(back.items).toHaveLength(55);
  expect(back.items.map((m) => m.body)).toEqual(Array.from({ length: 55 }, (_, i) => `missed ${i + 1}`));
  expect(resumed.map((m) => m.seq)).toEqual(Array.from({ length: 55 }, (_, i) => lastSeen + i + 1));
});

test('a retried sendMessage with the same clientId appears once', async () => {
  const direct = (await stack.gql('mutation { openDirect(username: "ben") { id } }', {}, ana.token)).data!.openDirect.id;
  const live = collect<Received>(stack.socket(ben.token), MESSAGE_ADDED, { c: direct }, (d) => d.messageAdded);
  await settled();
  const [one, two] = await Promise.all([send(ana, direct, 'only once', 'retry-1'), send(ana, direct, 'only once', 'retry-1')]);
  const three = await send(ana, direct, 'only once', 'retry-1');
  expect(two.id).toBe(one.id);
  expect(three.id).toBe(one.id);
  await send(ana, direct, 'next', 'retry-2');
  await live.waitFor(2);
  await sleep(200);
  expect(live.items.map((m) => [m.body, m.clientId])).toEqual([
    ['only once', 'retry-1'],
    ['next', 'retry-2'],
  ]);
});

test("an outsider's subscription to someone else's conversation receives nothing", async () => {
  const direct = (await stack.gql('mutation { openDirect(username: "ben") { id } }', {}, ana.token)).data!.openDirect.id;
  const carlSocket = stack.socket(carl.token);
  const targeted = collect<Received>(carlSocket, MESSAGE_ADDED, { c: direct, after: 0 }, (d) => d.messageAdded);
  const everything = collect<Received>(carlSocket, MESSAGE_ADDED, {}, (d) => d.messageAdded);
  await settled();
  await send(ana, direct, 'private');
  await sleep(500);
  expect(targeted.items).toEqual([]);
  expect(targeted.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/) }) })]);
  expect(everything.items.filter((m) => m.conversationId === direct)).toEqual([]);
  const read = await stack.gql('query($c: ID!) { messages(conversationId: $c) { edges { node { body } } } }', { c: direct }, carl.token);
  expect(read.errors?.[0].extensions?.code).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
});

test('messageUpdated: the author sees read ticks on every tab; edits and deletions reach the other member', async () => {
  const UPDATED = 'subscription($c: ID) { messageUpdated(conversationId: $c) { seq body status editedAt deletedAt } }';
  type Updated = { seq: number; body: string; status: string; editedAt: string | null; deletedAt: string | null };
  const { data } = await stack.gql('mutation { createGroup(title: "ticks", usernames: ["ben"]) { id } }', {}, carl.token);
  const group = data!.createGroup.id;
  const carlTabs = [stack.socket(carl.token), stack.socket(carl.token)].map((tab) =>
    collect<Updated>(tab, UPDATED, { c: group }, (d) => d.messageUpdated),
  );
  const benSees = collect<Updated>(stack.socket(ben.token), UPDATED, {}, (d) => d.messageUpdated);
  await settled();
  const sent = await send(carl, group, 'did you read this?');
  const read = await stack.gql('mutation($c: ID!, $s: Int!) { markRead(conversationId: $c, seq: $s) { id } }', { c: group, s: sent.seq }, ben.token);
  expect(read.errors).toBeUndefined();
  for (const tab of carlTabs) await until(() => tab.items.some((m) => m.seq === sent.seq && m.status === 'READ'));
  expect(carlTabs[0].items.filter((m) => m.status === 'READ')).toEqual(carlTabs[1].items.filter((m) => m.status === 'READ'));

  await stack.gql('mutation($id: ID!) { editMessage(id: $id, body: "did you read this? (edited)") { id } }', { id: sent.id }, carl.token);
  await stack.gql('mutation($id: ID!) { deleteMessage(id: $id) { id } }', { id: sent.id }, carl.token);
  await until(() => benSees.items.some((m) => m.status === 'DELETED'));
  const edited = benSees.items.find((m) => m.body === 'did you read this? (edited)');
  expect(edited).toMatchObject({ seq: sent.seq, editedAt: expect.any(String), deletedAt: null });
  expect(benSees.items.at(-1)).toMatchObject({ seq: sent.seq, status: 'DELETED', deletedAt: expect.any(String) });
});

test('a message reaching the other member’s socket turns DELIVERED for its author, without a read', async () => {
  const { data } = await stack.gql('mutation { createGroup(title: "delivered", usernames: ["ana"]) { id } }', {}, carl.token);
  const group = data!.createGroup.id;
  const ticks = collect<{ seq: number; status: string }>(
    stack.socket(carl.token),
    'subscription($c: ID) { messageUpdated(conversationId: $c) { seq status } }',
    { c: group },
    (d) => d.messageUpdated,
  );
  const anaLive = collect<Received>(stack.socket(ana.token), MESSAGE_ADDED, {}, (d) => d.messageAdded);
  await settled();
  const sent = await send(carl, group, 'knock knock');
  expect(sent.status).toBe('SENT');
  await anaLive.waitFor(1);
  await until(() => ticks.items.some((m) => m.seq === sent.seq && m.status === 'DELIVERED'));
  const history = await stack.gql('query($c: ID!) { messages(conversationId: $c) { edges { node { seq status } } } }', { c: group }, carl.token);
  expect(history.data!.messages.edges.map((e: { node: unknown }) => e.node)).toEqual([{ seq: sent.seq, status: 'DELIVERED' }]);
});
