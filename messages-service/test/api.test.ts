import { fromServiceError } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import {
  ConversationKind,
  ListOrder,
  MessageStatus,
  MessagesEventType,
  type MessagesEvent,
} from '@charla/proto/messages';
import { bearer, call, grpcCode, registerUser, SERVICE_TOKEN, startTestServices, type TestServices, type TestUser } from './services';

/**
 * Reads WatchEvents after `after` until `enough` says so, or (with no `enough`) until the
 * stream has been quiet for a moment; then cancels it.
 */
function watch(
  s: TestServices,
  after: number,
  options: { enough?: (seen: MessagesEvent[]) => boolean; token?: string } = {},
): Promise<MessagesEvent[]> {
  return new Promise((resolve, reject) => {
    const seen: MessagesEvent[] = [];
    // Batched, as the gateway asks: the events committed together come in one response.
    const stream = s.messages.watchEvents({ after, fromNow: false, batched: true }, bearer(options.token ?? SERVICE_TOKEN));
    let quiet: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(quiet);
      clearTimeout(limit);
      stream.cancel();
      resolve(seen);
    };
    const limit = setTimeout(() => {
      stream.cancel();
      reject(new Error(`gave up after ${seen.length} events`));
    }, 15_000);
    const waitForQuiet = () => {
      if (options.enough) return;
      clearTimeout(quiet);
      quiet = setTimeout(finish, 400);
    };
    waitForQuiet();
    stream.on('data', (response: { event?: MessagesEvent; events: MessagesEvent[] }) => {
      seen.push(...response.events);
      if (options.enough?.(seen)) finish();
      else waitForQuiet();
    });
    stream.on('error', (error: { code?: number }) => {
      clearTimeout(quiet);
      clearTimeout(limit);
      if (error.code !== 1 /* CANCELLED, by us */) reject(error);
    });
  });
}

interface HttpReply {
  status: number;
  json: Record<string, any>;
}

async function http(s: TestServices, method: string, path: string, token: string | undefined, body?: unknown): Promise<HttpReply> {
  const response = await fetch(`${s.messagesHttp}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

describe.each(TEST_STORES)('messages-service doors on %s', (kind) => {
  let s: TestServices;
  let ana: TestUser;
  let ben: TestUser;
  let eve: TestUser;

  beforeAll(async () => {
    s = await startTestServices(kind, 'api');
    [ana, ben, eve] = await Promise.all(['ana', 'ben', 'eve'].map((name) => registerUser(s.users, name)));
  });
  afterAll(() => s.stop());

  it('runs a direct chat over gRPC: open, send, history, receipts', async () => {
    const { conversation } = await call(s.messages, s.messages.openDirect, { username: 'ben' }, ana.token);
    expect(conversation).toMatchObject({ kind: ConversationKind.CONVERSATION_KIND_DIRECT });
    const id = conversation!.id;
    const first = await call(s.messages, s.messages.sendMessage, { conversationId: id, body: 'hi ben', clientId: 'a1', attachmentIds: [], replyToId: 0 }, ana.token);
    const retry = await call(s.messages, s.messages.sendMessage, { conversationId: id, body: 'hi ben', clientId: 'a1', attachmentIds: [], replyToId: 0 }, ana.token);
    expect(retry.message).toEqual(first.message);
    await call(s.messages, s.messages.sendMessage, { conversationId: id, body: 'are you there?', clientId: 'a2', attachmentIds: [], replyToId: 0 }, ana.token);

    const history = await call(
      s.messages,
      s.messages.listMessages,
      { conversationId: id, pageSize: 0, pageToken: '', beforeSeq: 0, afterSeq: 0, order: ListOrder.LIST_ORDER_OLDEST_FIRST, aroundSeq: 0, ifNoneMatch: '' },
      ben.token,
    );
    expect(history.messages.map((m) => [m.seq, m.body, m.authorId])).toEqual([
      [1, 'hi ben', ana.id],
      [2, 'are you there?', ana.id],
    ]);

    const listed = await call(s.messages, s.messages.listConversations, { pageSize: 0, pageToken: '' }, ben.token);
    const mine = listed.conversations.find((c) => c.id === id);
    expect(mine).toMatchObject({ unreadCount: 2, lastMessage: { seq: 2, body: 'are you there?' } });
    expect(listed.conversations.map((c) => c.title)).toContain('general');

    await call(s.messages, s.messages.markDelivered, { conversationId: id, seq: 2 }, ben.token);
    const read = await call(s.messages, s.messages.markRead, { conversationId: id, seq: 1 }, ben.token);
    expect(read.conversation?.unreadCount).toBe(1);
    const after = await call(
      s.messages,
      s.messages.listMessages,
      { conversationId: id, pageSize: 0, pageToken: '', beforeSeq: 0, afterSeq: 0, order: ListOrder.LIST_ORDER_OLDEST_FIRST, aroundSeq: 0, ifNoneMatch: '' },
      ana.token,
    );
    expect(after.messages.map((m) => m.status)).toEqual([MessageStatus.MESSAGE_STATUS_READ, MessageStatus.MESSAGE_STATUS_DELIVERED]);
  });

  it('refuses an outsider every gRPC operation on a conversation, and anyone without a valid token', async () => {
    const group = (await call(s.messages, s.messages.createGroup, { title: 'inner circle', usernames: ['ben'] }, ana.token)).conversation!;
    const { message } = await call(s.messages, s.messages.sendMessage, { conversationId: group.id, body: 'secret', clientId: '', attachmentIds: [], replyToId: 0 }, ana.token);
    const m = s.messages;
    const cid = group.id;
    const attempts: [string, Promise<unknown>][] = [
      ['GetConversation', call(m, m.getConversation, { conversationId: cid }, eve.token)],
      ['ListMessages', call(m, m.listMessages, { conversationId: cid, pageSize: 0, pageToken: '', beforeSeq: 0, afterSeq: 0, order: 0, aroundSeq: 0, ifNoneMatch: '' }, eve.token)],
      ['SendMessage', call(m, m.sendMessage, { conversationId: cid, body: 'let me in', clientId: '', attachmentIds: [], replyToId: 0 }, eve.token)],
      ['AddMember', call(m, m.addMember, { conversationId: cid, username: 'eve' }, eve.token)],
      ['LeaveConversation', call(m, m.leaveConversation, { conversationId: cid }, eve.token)],
      ['MarkRead', call(m, m.markRead, { conversationId: cid, seq: 1 }, eve.token)],
      ['MarkDelivered', call(m, m.markDelivered, { conversationId: cid, seq: 1 }, eve.token)],
      ['EditMessage', call(m, m.editMessage, { messageId: message!.id, body: 'mine now' }, eve.token)],
      ['DeleteMessage', call(m, m.deleteMessage, { messageId: message!.id }, eve.token)],
      ['JoinRoom', call(m, m.joinRoom, { conversationId: cid }, eve.token)],
    ];
    for (const [name, attempt] of attempts) expect([name, await grpcCode(attempt)]).toEqual([name, 'NOT_FOUND']);
    expect(await grpcCode(call(m, m.listSupportQueue, { pageSize: 0, pageToken: '', includeAnswered: false }, eve.token))).toBe('PERMISSION_DENIED');
    expect(await grpcCode(call(m, m.editMessage, { messageId: message!.id, body: 'x' }, ben.token))).toBe('PERMISSION_DENIED');
    expect(await grpcCode(call(m, m.getConversation, { conversationId: cid }))).toBe('UNAUTHENTICATED');
    expect(await grpcCode(call(m, m.getConversation, { conversationId: cid }, 'not-a-token'))).toBe('UNAUTHENTICATED');
    expect(await grpcCode(call(m, m.addMember, { conversationId: cid, username: 'nobody-here' }, ana.token))).toBe('NOT_FOUND');
    // Nothing eve tried left a trace.
    const history = await call(m, m.listMessages, { conversationId: cid, pageSize: 0, pageToken: '', beforeSeq: 0, afterSeq: 0, order: 0, aroundSeq: 0, ifNoneMatch: '' }, ben.token);
    expect(history.messages.map((x) => x.body)).toEqual(['secret']);
  });

  it('serves the messenger REST routes and refuses an outsider there too', async () => {
    const created = await http(s, 'POST', '/v1/conversations', ana.token, { title: 'REST group', usernames: ['ben'] });
    expect(created.status).toBe(201);
    const id = created.json.conversation.id as number;
    expect(created.json.conversation.members).toHaveLength(2);

    const sent = await http(s, 'POST', `/v1/conversations/${id}/messages`, ben.token, { body: 'over HTTP', clientId: 'r1' });
    expect(sent.status).toBe(201);
    const again = await http(s, 'POST', `/v1/conversations/${id}/messages`, ben.token, { body: 'over HTTP', clientId: 'r1' });
    expect(again.status).toBe(200);
    expect(again.json.message.id).toBe(sent.json.message.id);

    const history = await http(s, 'GET', `/v1/conversations/${id}/messages?order=oldest-first&pageSize=10`, ana.token);
    expect(history.json.messages.map((m: { body: string; seq: number }) => [m.seq, m.body])).toEqual([[1, 'over HTTP']]);
    expect((await http(s, 'GET', `/v1/conversations/${id}`, ana.token)).json.conversation.unreadCount).toBe(1);
    expect((await http(s, 'GET', '/v1/conversations', ana.token)).json.conversations.map((c: { id: number }) => c.id)).toContain(id);

    const added = await http(s, 'POST', `/v1/conversations/${id}/members`, ana.token, { username: 'eve' });
    expect(added.json.conversation.members).toHaveLength(3);
    expect((await http(s, 'POST', `/v1/conversations/${id}/members`, ana.token, { username: 'ghost' })).status).toBe(404);
    expect((await http(s, 'POST', `/v1/conversations/${id}/leave`, eve.token)).status).toBe(204);

    // eve is an outsider again: every door is shut, with no data in the answer.
    const refusals = await Promise.all([
      http(s, 'GET', `/v1/conversations/${id}`, eve.token),
      http(s, 'GET', `/v1/conversations/${id}/messages`, eve.token),
      http(s, 'POST', `/v1/conversations/${id}/messages`, eve.token, { body: 'back door' }),
      http(s, 'POST', `/v1/conversations/${id}/members`, eve.token, { username: 'eve' }),
      http(s, 'POST', `/v1/conversations/${id}/leave`, eve.token),
      http(s, 'POST', `/v1/conversations/${id}/read`, eve.token, { seq: 1 }),
    ]);
    for (const refused of refusals) {
      expect(refused.status).toBe(404);
      expect(Object.keys(refused.json)).toEqual(['error']);
    }
    expect((await http(s, 'GET', '/v1/conversations', eve.token)).json.conversations.map((c: { id: number }) => c.id)).not.toContain(id);

    expect((await http(s, 'GET', '/v1/conversations', undefined)).status).toBe(401);
    const tooLong = await http(s, 'POST', `/v1/conversations/${id}/messages`, ana.token, { body: 'x'.repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.fieldViolations).toEqual([{ field: 'body', description: expect.any(String) }]);
    expect((await http(s, 'POST', `/v1/conversations/${id}/messages`, ana.token, { body: 'x'.repeat(70_000) })).status).toBe(413);
    expect((await http(s, 'POST', `/v1/conversations/${id}/messages`, ana.token, '{not json')).status).toBe(400);
    expect((await http(s, 'GET', '/v1/conversations/abc', ana.token)).status).toBe(400);
  });

  it('streams every event to WatchEvents and resumes from a cursor without missing one', async () => {
    const direct = (await call(s.messages, s.messages.openDirect, { username: 'eve' }, ben.token)).conversation!;
    const before = await watch(s, 0);
    const cursor = before.at(-1)!.id;
    expect(before.map((e) => e.id)).toEqual(before.map((_, i) => i + 1));

    // A gateway watches while two users write, drops after ten events, and resumes.
    const firstLeg = watch(s, cursor, { enough: (seen) => seen.length >= 10 });
    await Promise.all(
      [ben, eve].map(async (author) => {
        for (let i = 1; i <= 15; i++) {
          await call(s.messages, s.messages.sendMessage, { conversationId: direct.id, body: `${author.username} ${i}`, clientId: '', attachmentIds: [], replyToId: 0 }, author.token);
        }
      }),
    );
    const first = await firstLeg;
    const second = await watch(s, first.at(-1)!.id);
    const ids = [...first, ...second].map((e) => e.id);
    expect(ids).toEqual(ids.map((_, i) => cursor + i + 1));
    const added = [...first, ...second].filter((e) => e.type === MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED);
    expect(added.map((e) => e.message!.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(added.map((e) => e.message!.body)).size).toBe(30);
    for (const event of added) expect([...event.memberIds].sort()).toEqual([ben.id, eve.id].sort());
    expect(await grpcCode(watch(s, 0, { token: ana.token }))).toBe('UNAUTHENTICATED');
  });

  it('puts a newly registered user in general from users-service events, before they ever call', async () => {
    const { conversations } = await call(s.messages, s.messages.listRooms, { pageSize: 0, pageToken: '' }, ana.token);
    const general = conversations.find((c) => c.title === 'general')!;
    const newcomer = await registerUser(s.users, 'newcomer');
    const deadline = Date.now() + 10_000;
    let members: number[] = [];
    while (Date.now() < deadline) {
      // ana asks: the newcomer has not called messages-service at all.
      const seen = await call(s.messages, s.messages.getConversation, { conversationId: general.id }, ana.token);
      members = seen.conversation!.members.map((m) => m.userId);
      if (members.includes(newcomer.id)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(members).toContain(newcomer.id);
  });

  it('stops honouring a token soon after its user logs out, cache or not', async () => {
    const leaving = await registerUser(s.users, 'leaving');
    const ask = () => call(s.messages, s.messages.listConversations, { pageSize: 0, pageToken: '' }, leaving.token);
    await ask(); // now cached
    await call(s.users, s.users.logout, {}, leaving.token);
    const deadline = Date.now() + 5_000; // well inside the 10 s cache lifetime
    let code = 'OK';
    while (Date.now() < deadline && code === 'OK') {
      code = await grpcCode(ask());
      if (code === 'OK') await new Promise((r) => setTimeout(r, 50));
    }
    expect(code).toBe('UNAUTHENTICATED');
  });

  it('lets an operator open a user’s support conversation by user_id over gRPC, and nobody else', async () => {
    const op = await registerUser(s.users, 'deskop', 'operator');
    const asker = await registerUser(s.users, 'asker');
    // Nobody has opened it yet: the operator starts it, for the user, without joining it.
    const started = await call(s.messages, s.messages.openSupport, { userId: asker.id }, op.token);
    expect(started.conversation).toMatchObject({ kind: ConversationKind.CONVERSATION_KIND_SUPPORT, supportUserId: asker.id });
    expect(started.conversation!.members.map((m) => m.userId)).toEqual([asker.id]);
    const own = await call(s.messages, s.messages.openSupport, { userId: 0 }, asker.token);
    expect(own.conversation!.id).toBe(started.conversation!.id);
    // The operator writes first; the user finds it in their own list.
    await call(s.messages, s.messages.sendMessage, { conversationId: own.conversation!.id, body: 'we saw a problem with your order', clientId: '', attachmentIds: [], replyToId: 0 }, op.token);
    const again = await call(s.messages, s.messages.openSupport, { userId: asker.id }, op.token);
    expect(again.conversation).toMatchObject({ id: own.conversation!.id, lastSeq: 1 });
    const listed = await call(s.messages, s.messages.listConversations, { pageSize: 0, pageToken: '' }, asker.token);
    expect(listed.conversations.find((c) => c.id === own.conversation!.id)?.unreadCount).toBe(1);

    // A user may name themselves, nobody else; staff get NOT_FOUND for a user who does not exist.
    expect((await call(s.messages, s.messages.openSupport, { userId: asker.id }, asker.token)).conversation!.id).toBe(own.conversation!.id);
    expect(await grpcCode(call(s.messages, s.messages.openSupport, { userId: op.id }, asker.token))).toBe('PERMISSION_DENIED');
    expect(await grpcCode(call(s.messages, s.messages.openSupport, { userId: 999_999 }, op.token))).toBe('NOT_FOUND');
    expect(await grpcCode(call(s.messages, s.messages.openSupport, { userId: -1 }, op.token))).toBe('INVALID_ARGUMENT');
  });
  it('records gateways’ deliveries over gRPC with the service credential only, and routes MARKER_MOVED to its member alone', async () => {
    const cai = await registerUser(s.users, 'cai');
    const group = (await call(s.messages, s.messages.createGroup, { title: 'receipts', usernames: ['ben', 'cai'] }, ana.token)).conversation!;
    for (const body of ['one', 'two']) await call(s.messages, s.messages.sendMessage, { conversationId: group.id, body, clientId: '', attachmentIds: [], replyToId: 0 }, ana.token);
    const start = (await watch(s, 0)).at(-1)!.id;
    const m = s.messages;
    const deliveries = [
      { userId: ben.id, conversationId: group.id, seq: 2 },
      { userId: cai.id, conversationId: group.id, seq: 2 },
      { userId: eve.id, conversationId: group.id, seq: 2 }, // not a member: skipped
    ];
    for (const token of [ana.token, 'not-a-token', undefined]) {
      expect(await grpcCode(call(m, m.recordDeliveries, { deliveries }, token))).toBe('UNAUTHENTICATED');
    }
    try {
      await call(m, m.recordDeliveries, { deliveries: [...deliveries, { userId: ben.id, conversationId: group.id, seq: -1 }] }, SERVICE_TOKEN);
      throw new Error('accepted a negative seq');
    } catch (error) {
      expect(fromServiceError(error)).toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'deliveries[3].seq' }] });
    }
    const tooMany = Array.from({ length: 1_001 }, () => deliveries[0]);
    expect(await grpcCode(call(m, m.recordDeliveries, { deliveries: tooMany }, SERVICE_TOKEN))).toBe('INVALID_ARGUMENT');
    // The refused calls wrote nothing.
    const delivered = async () =>
      Object.fromEntries((await call(m, m.getConversation, { conversationId: group.id }, ana.token)).conversation!.members.map((x) => [x.userId, x.lastDeliveredSeq]));
    expect(await delivered()).toEqual({ [ana.id]: 2, [ben.id]: 0, [cai.id]: 0 });

    expect(await call(m, m.recordDeliveries, { deliveries }, SERVICE_TOKEN)).toEqual({ moved: 2 });
    expect(await delivered()).toEqual({ [ana.id]: 2, [ben.id]: 2, [cai.id]: 2 });
    expect(await call(m, m.recordDeliveries, { deliveries }, SERVICE_TOKEN)).toEqual({ moved: 0 });
    await call(m, m.markRead, { conversationId: group.id, seq: 1 }, ben.token);

    const events = await watch(s, start);
    const T = MessagesEventType;
    expect(events.map((e) => [e.type, e.userId, [...e.memberIds].sort()])).toEqual([
      [T.MESSAGES_EVENT_TYPE_MESSAGE_STATUS_CHANGED, ana.id, [ana.id, ben.id, cai.id].sort()],
      // Read by ben only: ana's first stays delivered until cai reads it; only ben hears of his marker.
      [T.MESSAGES_EVENT_TYPE_MARKER_MOVED, ben.id, [ben.id]],
    ]);
    expect(events[0]).toMatchObject({ upToSeq: 2, status: MessageStatus.MESSAGE_STATUS_DELIVERED });
  });

  it('answers the newest page over gRPC as it is now, however often the same page was sent before', async () => {
    const { conversation } = await call(s.messages, s.messages.openDirect, { username: 'eve' }, ben.token);
    const id = conversation!.id;
    const send = (body: string, clientId: string) => call(s.messages, s.messages.sendMessage, { conversationId: id, body, clientId, attachmentIds: [], replyToId: 0 }, ben.token);
    const newest = async (token: string) =>
      (await call(s.messages, s.messages.listMessages, { conversationId: id, pageSize: 2, pageToken: '', beforeSeq: 0, afterSeq: 0, order: 0, aroundSeq: 0, ifNoneMatch: '' }, token)).messages.map((m) => m.body);
    await send('one', 'n1');
    const { message } = await send('two', 'n2');
    expect(await newest(ben.token)).toEqual(['two', 'one']);
    expect(await newest(eve.token)).toEqual(['two', 'one']);
    await call(s.messages, s.messages.editMessage, { messageId: message!.id, body: 'two, edited' }, ben.token);
    expect(await newest(eve.token)).toEqual(['two, edited', 'one']);
    await send('three', 'n3');
    expect(await newest(ben.token)).toEqual(['three', 'two, edited']);
  });
});
