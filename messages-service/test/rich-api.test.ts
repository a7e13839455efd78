import { fromServiceError } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import { MessageKind, MessagesEventType, SystemAction, type MessagesEvent } from '@charla/proto/messages';
import { bearer, call, grpcCode, registerUser, SERVICE_TOKEN, startTestServices, type TestServices, type TestUser } from './services';

/** Reactions, pins, conversation settings, preferences and member states through the real gRPC and REST doors. */
describe.each(TEST_STORES)('richer conversations at the doors on %s', (kind) => {
  let s: TestServices;
  let ana: TestUser;
  let ben: TestUser;
  let eve: TestUser;
  let group: number;

  beforeAll(async () => {
    s = await startTestServices(kind, 'rich_api');
    [ana, ben, eve] = await Promise.all(['ana', 'ben', 'eve'].map((name) => registerUser(s.users, name)));
    group = (await call(s.messages, s.messages.createGroup, { title: 'Trip', usernames: ['ben'] }, ana.token)).conversation!.id;
  });
  afterAll(() => s.stop());

  const send = async (user: TestUser, body: string, replyToId = 0) =>
    (await call(s.messages, s.messages.sendMessage, { conversationId: group, body, clientId: '', attachmentIds: [], replyToId }, user.token)).message!;

  /** The events after `after` once `until` holds for them (the stream is cancelled then). */
  async function eventsUntil(after: number, until: (events: MessagesEvent[]) => boolean): Promise<MessagesEvent[]> {
    // One event a response, as a gateway older than `batched` asks.
    const stream = s.messages.watchEvents({ after, fromNow: false, batched: false }, bearer(SERVICE_TOKEN));
    const events: MessagesEvent[] = [];
    try {
      for await (const { event } of stream as AsyncIterable<{ event?: MessagesEvent }>) {
        if (event) events.push(event);
        if (until(events)) return events;
      }
    } finally {
      stream.cancel();
    }
    return events;
  }

  const rest = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${s.messagesHttp}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, any> };
  };

  it('reacts over gRPC with typed refusals, and streams each change with the reactions and who may see it', async () => {
    const message = await send(ana, 'Tickets booked');
    const from = (await call(s.messages, s.messages.getConversation, { conversationId: group }, ana.token)).conversation!.lastSeq;
    const added = await call(s.messages, s.messages.addReaction, { messageId: message.id, emoji: '👨‍👩‍👧' }, ben.token);
    expect(added.message?.reactions).toEqual([{ emoji: '👨‍👩‍👧', count: 1, userIds: [ben.id] }]);

    const bad = await call(s.messages, s.messages.addReaction, { messageId: message.id, emoji: 'ok' }, ben.token).catch((error: unknown) => fromServiceError(error));
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'emoji' }] });
    expect(await grpcCode(call(s.messages, s.messages.addReaction, { messageId: message.id, emoji: '👍' }, eve.token))).toBe('NOT_FOUND');
    expect(await grpcCode(call(s.messages, s.messages.removeReaction, { messageId: 999_999, emoji: '👍' }, ben.token))).toBe('NOT_FOUND');

    const events = await eventsUntil(0, (seen) => seen.some((e) => e.type === MessagesEventType.MESSAGES_EVENT_TYPE_REACTION_CHANGED && e.message?.id === message.id));
    const changed = events.find((e) => e.type === MessagesEventType.MESSAGES_EVENT_TYPE_REACTION_CHANGED)!;
    expect(changed).toMatchObject({ userId: ben.id, conversationId: group, message: { id: message.id, reactions: [{ emoji: '👨‍👩‍👧', count: 1, userIds: [ben.id] }] } });
    expect([...changed.memberIds].sort()).toEqual([ana.id, ben.id].sort());
    expect(from).toBeGreaterThan(0);
  });

  it('reacts, pins and reads pins over REST, refusing outsiders and bad input with the Google JSON error', async () => {
    const message = await send(ben, 'Meet at the station');
    const emoji = encodeURIComponent('🎉');
    expect((await rest('POST', `/v1/messages/${message.id}/reactions`, ana.token, { emoji: '🎉' })).json.message.reactions).toEqual([{ emoji: '🎉', count: 1, userIds: [ana.id] }]);
    const bad = await rest('POST', `/v1/messages/${message.id}/reactions`, ana.token, { emoji: '🎉🎉' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('"field":"emoji"');
    expect((await rest('POST', `/v1/messages/${message.id}/reactions`, eve.token, { emoji: '🎉' })).status).toBe(404);
    expect((await rest('DELETE', `/v1/messages/${message.id}/reactions/${emoji}`, ana.token)).json.message.reactions ?? []).toEqual([]);

    const pinned = await rest('POST', `/v1/messages/${message.id}/pin`, ana.token);
    expect(pinned.status).toBe(200);
    expect(pinned.json.message.pinnedAt).toEqual(expect.any(String));
    expect((await rest('GET', `/v1/conversations/${group}/pins`, ben.token)).json.messages.map((m: { id: string }) => Number(m.id))).toEqual([message.id]);
    expect((await rest('GET', `/v1/conversations/${group}/pins`, eve.token)).status).toBe(404);
    expect((await rest('DELETE', `/v1/messages/${message.id}/pin`, ben.token)).json.message.pinnedAt).toBeUndefined();
  });

  it('answers a reply with its quote over gRPC and REST, and refuses another conversation’s message', async () => {
    const original = await send(ana, 'Friday?\nor Saturday');
    const reply = await send(ben, 'Friday', original.id);
    expect(reply.replyTo).toEqual({ id: original.id, seq: original.seq, authorId: ana.id, excerpt: 'Friday?', deleted: false });
    const other = (await call(s.messages, s.messages.openDirect, { username: 'eve' }, ana.token)).conversation!;
    const secret = (await call(s.messages, s.messages.sendMessage, { conversationId: other.id, body: 'psst', clientId: '', attachmentIds: [], replyToId: 0 }, eve.token)).message!;
    const refused = await rest('POST', `/v1/conversations/${group}/messages`, ben.token, { body: 'hm', replyToId: secret.id });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('reply_to_id');
    const viaRest = await rest('POST', `/v1/conversations/${group}/messages`, ben.token, { body: 'via REST', replyToId: String(original.id) });
    expect(viaRest.json.message.replyTo).toMatchObject({ excerpt: 'Friday?' });
  });

  it('renames over gRPC (a field mask) and REST (the keys given), with system lines, and only as the rules allow', async () => {
    const renamed = await call(s.messages, s.messages.updateConversation, { conversationId: group, title: 'Trip to Porto', topic: 'ignored', updateMask: ['title'] }, ben.token);
    expect(renamed.conversation).toMatchObject({ title: 'Trip to Porto', topic: '' });
    const topic = await rest('PATCH', `/v1/conversations/${group}`, ana.token, { topic: 'Friday, 9:00' });
    expect(topic.json.conversation).toMatchObject({ title: 'Trip to Porto', topic: 'Friday, 9:00' });
    const lines = (await call(s.messages, s.messages.listMessages, { conversationId: group, pageSize: 2, pageToken: '', beforeSeq: 0, afterSeq: 0, order: 0, aroundSeq: 0, ifNoneMatch: '' }, ana.token)).messages;
    expect(lines.map((m) => [m.kind, m.system?.action, m.body])).toEqual([
      [MessageKind.MESSAGE_KIND_SYSTEM, SystemAction.SYSTEM_ACTION_TOPIC_CHANGED, 'ana set the topic to “Friday, 9:00”'],
      [MessageKind.MESSAGE_KIND_SYSTEM, SystemAction.SYSTEM_ACTION_RENAMED, 'ben renamed the group to “Trip to Porto”'],
    ]);
    expect(await grpcCode(call(s.messages, s.messages.updateConversation, { conversationId: group, title: 'x', topic: '', updateMask: ['kind'] }, ana.token))).toBe('INVALID_ARGUMENT');
    expect(await grpcCode(call(s.messages, s.messages.updateConversation, { conversationId: group, title: 'mine', topic: '', updateMask: ['title'] }, eve.token))).toBe('NOT_FOUND');
    expect((await rest('PATCH', `/v1/conversations/${group}`, eve.token, { title: 'mine' })).status).toBe(404);
    const room = (await call(s.messages, s.messages.createRoom, { title: 'rich-api-room' }, ana.token)).conversation!;
    await call(s.messages, s.messages.joinRoom, { conversationId: room.id }, ben.token);
    expect((await rest('PATCH', `/v1/conversations/${room.id}`, ben.token, { topic: 'mine' })).status).toBe(403);
  });

  it('keeps preferences each member’s own: announced to them alone, read back for an audience with the service credential only', async () => {
    const set = await call(s.messages, s.messages.setConversationPreferences, { conversationId: group, muted: true, favourite: undefined, archived: undefined }, ben.token);
    expect(set.conversation).toMatchObject({ muted: true, favourite: false, archived: false });
    const viaRest = await rest('PATCH', `/v1/conversations/${group}/preferences`, ben.token, { archived: true });
    expect(viaRest.json.conversation).toMatchObject({ muted: true, archived: true });
    expect((await rest('PATCH', `/v1/conversations/${group}/preferences`, ben.token, { muted: 'yes' })).status).toBe(400);
    expect(await grpcCode(call(s.messages, s.messages.setConversationPreferences, { conversationId: group, muted: true }, eve.token))).toBe('NOT_FOUND');

    const events = await eventsUntil(0, (seen) => seen.filter((e) => e.type === MessagesEventType.MESSAGES_EVENT_TYPE_PREFERENCES_CHANGED).length >= 2);
    for (const event of events.filter((e) => e.type === MessagesEventType.MESSAGES_EVENT_TYPE_PREFERENCES_CHANGED)) expect(event.memberIds).toEqual([ben.id]);

    await send(ana, 'hey @ben');
    const states = await call(s.messages, s.messages.batchGetMemberStates, { conversationId: group, userIds: [ana.id, ben.id, eve.id] }, SERVICE_TOKEN);
    expect(states.states.sort((a, b) => a.userId - b.userId)).toEqual(
      [
        { userId: ana.id, mentionCount: 0, muted: false, favourite: false, archived: false },
        { userId: ben.id, mentionCount: 1, muted: true, favourite: false, archived: true },
      ].sort((a, b) => a.userId - b.userId),
    );
    expect(await grpcCode(call(s.messages, s.messages.batchGetMemberStates, { conversationId: group, userIds: [ben.id] }, ana.token))).toBe('UNAUTHENTICATED');
    const mine = await call(s.messages, s.messages.getConversation, { conversationId: group }, ben.token);
    expect(mine.conversation).toMatchObject({ mentionCount: 1, muted: true, archived: true });
  });
});
