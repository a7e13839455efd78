import { collect, sleep, startStack, type Stack, type TestUser } from './stack';

// Replies, reactions, mentions, pins, conversation settings, preferences and the notification
// level through GraphQL against the real services, live events included.

const MESSAGE = `id seq body kind author { username }
  replyTo { id seq body status author { username } }
  reactions { emoji count reactedByMe users { username } }
  mentions { username } pinnedAt systemChange { action title topic }`;
const SEND = `mutation($c: ID!, $body: String!, $reply: ID) { sendMessage(conversationId: $c, body: $body, replyToId: $reply) { ${MESSAGE} } }`;
const CONVERSATION = 'id title topic unreadCount mentionCount muted favourite archived';

let stack: Stack;
let ana: TestUser;
let ben: TestUser;
let eve: TestUser;
let group: string;

beforeAll(async () => {
  stack = await startStack('rich', { SENDS_PER_SECOND: '1000', SEND_BURST: '1000' });
  [ana, ben, eve] = await Promise.all([stack.register('ana'), stack.register('ben'), stack.register('eve')]);
  const created = await stack.gql('mutation { createGroup(title: "Trip", usernames: ["ben"]) { id } }', {}, ana.token);
  group = created.data!.createGroup.id;
}, 60_000);
afterAll(() => stack?.stop());

async function data(query: string, variables: Record<string, unknown>, user: TestUser) {
  const response = await stack.gql(query, variables, user.token);
  if (!response.data || response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}

async function refusal(query: string, variables: Record<string, unknown>, user: TestUser) {
  const response = await stack.gql(query, variables, user.token);
  return response.errors?.[0]?.extensions as { code: string; field?: string } | undefined;
}

const send = async (user: TestUser, body: string, reply?: string) => (await data(SEND, { c: group, body, reply }, user)).sendMessage;

test('a reply carries a compact quote of its original, and shows it deleted once it is', async () => {
  const original = await send(ana, 'Friday or Saturday?\nTell me by tonight');
  const reply = await send(ben, 'Friday', original.id);
  expect(reply.replyTo).toEqual({ id: original.id, seq: original.seq, body: 'Friday or Saturday?', status: 'SENT', author: { username: 'ana' } });
  await data('mutation($id: ID!) { deleteMessage(id: $id) { id } }', { id: original.id }, ana);
  const page = await data(`query($c: ID!) { messages(conversationId: $c, first: 5) { edges { node { ${MESSAGE} } } } }`, { c: group }, ben);
  const quoted = page.messages.edges.map((e: any) => e.node).find((m: any) => m.id === reply.id);
  expect(quoted.replyTo).toMatchObject({ id: original.id, body: '', status: 'DELETED' });
  // Another conversation's message cannot be answered here.
  const direct = (await data('mutation { openDirect(username: "eve") { id } }', {}, ana)).openDirect.id;
  const elsewhere = (await data(SEND, { c: direct, body: 'psst' }, eve)).sendMessage;
  expect(await refusal(SEND, { c: group, body: 'x', reply: elsewhere.id }, ben)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reply_to_id' });
});

test('reactions count per emoji, say whether I reacted, and reach every member live', async () => {
  const message = await send(ana, 'Tickets booked 🎫');
  const benLive = collect<any>(stack.socket(ben.token), `subscription { messageUpdated { id reactions { emoji count reactedByMe } } }`, {}, (d) => d.messageUpdated);
  const anaLive = collect<any>(stack.socket(ana.token), `subscription { messageUpdated { id reactions { emoji count users { username } } } }`, {}, (d) => d.messageUpdated);
  await sleep(150);
  const added = await data('mutation($m: ID!, $e: String!) { addReaction(messageId: $m, emoji: $e) { reactions { emoji count reactedByMe } } }', { m: message.id, e: '👍🏽' }, ana);
  expect(added.addReaction.reactions).toEqual([{ emoji: '👍🏽', count: 1, reactedByMe: true }]);
  await data('mutation($m: ID!, $e: String!) { addReaction(messageId: $m, emoji: $e) { id } }', { m: message.id, e: '👍🏽' }, ben);

  const [first, second] = await benLive.waitFor(2);
  expect(first).toEqual({ id: message.id, reactions: [{ emoji: '👍🏽', count: 1, reactedByMe: false }] });
  expect(second).toEqual({ id: message.id, reactions: [{ emoji: '👍🏽', count: 2, reactedByMe: true }] });
  expect((await anaLive.waitFor(2))[1].reactions).toEqual([{ emoji: '👍🏽', count: 2, users: [{ username: 'ana' }, { username: 'ben' }] }]);

  const removed = await data('mutation($m: ID!, $e: String!) { removeReaction(messageId: $m, emoji: $e) { reactions { emoji count reactedByMe } } }', { m: message.id, e: '👍🏽' }, ben);
  expect(removed.removeReaction.reactions).toEqual([{ emoji: '👍🏽', count: 1, reactedByMe: false }]);

  const add = 'mutation($m: ID!, $e: String!) { addReaction(messageId: $m, emoji: $e) { id } }';
  expect(await refusal(add, { m: message.id, e: 'ok' }, ben)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'emoji' });
  expect(await refusal(add, { m: message.id, e: '👍👍' }, ben)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'emoji' });
  expect(await refusal(add, { m: message.id, e: '👍' }, eve)).toMatchObject({ code: 'NOT_FOUND' });
  expect((await stack.gql(add, { m: message.id, e: '👍' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('a subscriber resumed with `after` gets replayed messages with their current reactions and pins', async () => {
  const message = await send(ana, 'replayed');
  await data('mutation($m: ID!) { addReaction(messageId: $m, emoji: "🙌") { id } }', { m: message.id }, ben);
  await data('mutation($m: ID!) { pinMessage(id: $m) { id } }', { m: message.id }, ben);
  const resumed = collect<any>(stack.socket(ben.token), `subscription($c: ID, $after: Int) { messageAdded(conversationId: $c, after: $after) { id reactions { emoji count } pinnedAt } }`, { c: group, after: message.seq - 1 }, (d) => d.messageAdded);
  const [replayed] = await resumed.waitFor(1);
  expect(replayed.id).toBe(message.id);
  expect(replayed.reactions).toEqual([{ emoji: '🙌', count: 1 }]);
  expect(replayed.pinnedAt).toEqual(expect.any(String));
});

test('mentions are resolved by the server, counted for the one mentioned, and cleared by reading', async () => {
  const message = await send(ana, 'hey @ben, and @eve who is not in this group');
  expect(message.mentions).toEqual([{ username: 'ben' }]);
  const view = async () => (await data(`query($c: ID!) { conversation(id: $c) { ${CONVERSATION} lastSeq } }`, { c: group }, ben)).conversation;
  expect((await view()).mentionCount).toBe(1);
  expect((await data(`query($c: ID!) { conversation(id: $c) { mentionCount } }`, { c: group }, ana)).conversation.mentionCount).toBe(0);
  const { lastSeq } = await view();
  await data('mutation($c: ID!, $s: Int!) { markRead(conversationId: $c, seq: $s) { mentionCount } }', { c: group, s: lastSeq }, ben);
  expect((await view()).mentionCount).toBe(0);
});

test('pins: members pin and unpin, the pinned list and messageUpdated show it, outsiders are refused', async () => {
  const message = await send(ben, 'Meeting point: the station');
  const live = collect<any>(stack.socket(ana.token), 'subscription { messageUpdated { id pinnedAt } }', {}, (d) => d.messageUpdated);
  await sleep(150);
  const pinned = await data('mutation($m: ID!) { pinMessage(id: $m) { id pinnedAt } }', { m: message.id }, ana);
  expect(pinned.pinMessage.pinnedAt).toEqual(expect.any(String));
  expect((await live.waitFor(1))[0]).toEqual({ id: message.id, pinnedAt: pinned.pinMessage.pinnedAt });
  const list = await data('query($c: ID!) { conversation(id: $c) { pinnedMessages { id body } } }', { c: group }, ben);
  expect(list.conversation.pinnedMessages[0]).toEqual({ id: message.id, body: 'Meeting point: the station' });
  expect(await refusal('mutation($m: ID!) { pinMessage(id: $m) { id } }', { m: message.id }, eve)).toMatchObject({ code: 'NOT_FOUND' });
  const unpinned = await data('mutation($m: ID!) { unpinMessage(id: $m) { pinnedAt } }', { m: message.id }, ben);
  expect(unpinned.unpinMessage.pinnedAt).toBeNull();
});

test('renaming a group reaches every member live, with a system line, each with their own preferences', async () => {
  await data(`mutation($c: ID!) { setConversationPreferences(conversationId: $c, muted: true) { muted } }`, { c: group }, ben);
  const benChanges = collect<any>(stack.socket(ben.token), `subscription { conversationChanged { ${CONVERSATION} } }`, {}, (d) => d.conversationChanged);
  const anaChanges = collect<any>(stack.socket(ana.token), `subscription { conversationChanged { ${CONVERSATION} } }`, {}, (d) => d.conversationChanged);
  const anaLines = collect<any>(stack.socket(ana.token), `subscription { messageAdded { kind body author { username } systemChange { action title topic } } }`, {}, (d) => d.messageAdded);
  await sleep(150);
  const renamed = await data(`mutation($c: ID!) { updateConversation(id: $c, title: "Trip to Porto", topic: "Friday 9:00") { ${CONVERSATION} } }`, { c: group }, ben);
  expect(renamed.updateConversation).toMatchObject({ title: 'Trip to Porto', topic: 'Friday 9:00', muted: true });

  const [forBen] = await benChanges.waitFor(1);
  const [forAna] = await anaChanges.waitFor(1);
  // One event, one read of the conversation: each member still sees their own mute.
  expect(forBen).toMatchObject({ title: 'Trip to Porto', topic: 'Friday 9:00', muted: true });
  expect(forAna).toMatchObject({ title: 'Trip to Porto', topic: 'Friday 9:00', muted: false });
  expect(await anaLines.waitFor(2)).toEqual([
    { kind: 'SYSTEM', body: 'ben renamed the group to “Trip to Porto”', author: { username: 'ben' }, systemChange: { action: 'RENAMED', title: 'Trip to Porto', topic: null } },
    { kind: 'SYSTEM', body: 'ben set the topic to “Friday 9:00”', author: { username: 'ben' }, systemChange: { action: 'TOPIC_CHANGED', title: null, topic: 'Friday 9:00' } },
  ]);

  const update = `mutation($c: ID!, $t: String) { updateConversation(id: $c, title: $t) { id } }`;
  expect(await refusal(update, { c: group, t: 'mine' }, eve)).toMatchObject({ code: 'NOT_FOUND' });
  expect(await refusal(update, { c: group, t: '' }, ana)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  const direct = (await data('mutation { openDirect(username: "ben") { id } }', {}, ana)).openDirect.id;
  expect(await refusal(update, { c: direct, t: 'us' }, ana)).toMatchObject({ code: 'BAD_USER_INPUT' });
});

test('preferences are mine: they reach only my sockets, and stay apart from everyone else’s', async () => {
  const benChanges = collect<any>(stack.socket(ben.token), `subscription { conversationChanged { id favourite archived } }`, {}, (d) => d.conversationChanged);
  const anaChanges = collect<any>(stack.socket(ana.token), `subscription { conversationChanged { id favourite archived } }`, {}, (d) => d.conversationChanged);
  await sleep(150);
  const set = `mutation($c: ID!, $f: Boolean, $a: Boolean) { setConversationPreferences(conversationId: $c, favourite: $f, archived: $a) { favourite archived muted } }`;
  expect((await data(set, { c: group, f: true }, ana)).setConversationPreferences).toEqual({ favourite: true, archived: false, muted: false });
  await data(set, { c: group, a: true }, ana);
  expect(await anaChanges.waitFor(2)).toEqual([
    { id: group, favourite: true, archived: false },
    { id: group, favourite: true, archived: true },
  ]);
  await sleep(300);
  expect(benChanges.items).toEqual([]);
  expect(await refusal(set, { c: group, f: true }, eve)).toMatchObject({ code: 'NOT_FOUND' });
  expect(await refusal(set, { c: group }, ana)).toMatchObject({ code: 'BAD_USER_INPUT' });
});

test('the notification level is set through updateProfile and shown to its owner alone', async () => {
  expect((await data('{ me { notificationLevel } }', {}, ana)).me.notificationLevel).toBe('ALL');
  const updated = await data('mutation { updateProfile(input: { notificationLevel: MENTIONS }) { notificationLevel firstName } }', {}, ana);
  expect(updated.updateProfile).toEqual({ notificationLevel: 'MENTIONS', firstName: 'ana' });
  expect((await data('{ me { notificationLevel } }', {}, ana)).me.notificationLevel).toBe('MENTIONS');
  expect((await data('{ user(username: "ana") { notificationLevel } }', {}, ben)).user.notificationLevel).toBeNull();
  const members = await data(`query($c: ID!) { conversation(id: $c) { members { user { username notificationLevel } } } }`, { c: group }, ben);
  // Ben sees his own level beside Ana's record, which shows none.
  expect(Object.fromEntries(members.conversation.members.map((m: any) => [m.user.username, m.user.notificationLevel]))).toEqual({ ana: null, ben: 'ALL' });
  expect((await stack.gql('mutation { updateProfile(input: { notificationLevel: LOUD }) { id } }', {}, ana.token)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});
