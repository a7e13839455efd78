import { TEST_STORES } from '@charla/platform/testing';
import { ChatError, ErrorCode } from '@charla/platform';
import { requireUser } from '../src/domain/callers';
import { Mentions } from '../src/domain/mentions';
import { Messages } from '../src/domain/messages';
import type { UserCaller } from '../src/domain/types';
import { codeOf, decoded, inParallel, openTestChat, SERVICE, type TestChat } from './support';

describe.each(TEST_STORES)('messages domain on %s', (kind) => {
  let t: TestChat;
  let ana: UserCaller;
  let ben: UserCaller;
  let cai: UserCaller;
  let eve: UserCaller;

  beforeAll(async () => {
    t = await openTestChat(kind, 'chat');
    ana = t.users.register('ana');
    ben = t.users.register('ben');
    cai = t.users.register('cai');
    eve = t.users.register('eve');
  });
  afterAll(() => t.dispose());

  it('puts every user in general, once, and lets leaving stick', async () => {
    const caller = await t.chat.callers.of(ana.token);
    const generalId = await t.store.generalRoomId();
    const list = await t.chat.conversations.list(caller, {});
    expect(list.items.map((c) => c.title)).toContain('general');
    await t.chat.conversations.joinGeneral(ana.user.id);
    const general = await t.chat.conversations.get(ana, generalId);
    expect(general.members.filter((m) => m.userId === ana.user.id)).toHaveLength(1);

    t.users.register('leaver');
    const leaver = requireUser(await t.chat.callers.of('token-leaver'));
    await t.chat.conversations.leave(leaver, generalId);
    await t.chat.conversations.joinGeneral(leaver.user.id);
    expect(await codeOf(t.chat.conversations.get(leaver, generalId))).toBe('PERMISSION_DENIED');
  });

  it('gives 20 concurrent senders on one conversation seqs 1..N with no gap or duplicate', async () => {
    const senders = Array.from({ length: 20 }, (_, i) => t.users.register(`sender${i}`));
    const group = await t.chat.conversations.createGroup(ana, { title: 'busy', usernames: senders.map((s) => s.user.username) });
    const perSender = 5;
    const sent = await Promise.all(
      senders.flatMap((s) =>
        Array.from({ length: perSender }, (_, n) => t.chat.messages.send(s, { conversationId: group.id, body: `${s.user.username} #${n}` })),
      ),
    );
    const seqs = sent.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 * perSender }, (_, i) => i + 1));
    // Each sender's own messages keep the order they were sent in.
    const stored = (await t.chat.messages.list(ana, { conversationId: group.id, pageSize: 100, order: 'oldest-first' })).items;
    expect(stored.map((m) => m.seq)).toEqual(seqs);
    expect((await t.chat.conversations.get(ana, group.id)).lastSeq).toBe(100);
  });

  it('stores a retried client_id once, even when the retries race', async () => {
    const direct = await t.chat.conversations.openDirect(ana, { username: 'ben' });
    const first = await t.chat.messages.send(ana, { conversationId: direct.id, body: 'hello', clientId: 'c-1' });
    const again = await t.chat.messages.send(ana, { conversationId: direct.id, body: 'hello', clientId: 'c-1' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ message: first.message, created: false });

    // Racing retries share a group commit with an innocent send, which must not fail with them.
    const [innocent, ...racing] = await Promise.all([
      t.chat.messages.send(ben, { conversationId: direct.id, body: 'unrelated', clientId: 'b-1' }),
      ...Array.from({ length: 8 }, () => t.chat.messages.send(ana, { conversationId: direct.id, body: 'race', clientId: 'c-2' })),
    ]);
    expect(innocent.created).toBe(true);
    expect(new Set(racing.map((r) => r.message.id)).size).toBe(1);
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    // The same key from another author is another message.
    const bens = await t.chat.messages.send(ben, { conversationId: direct.id, body: 'hi', clientId: 'c-1' });
    expect(bens.created).toBe(true);
    const history = await t.chat.messages.list(ben, { conversationId: direct.id, order: 'oldest-first' });
    expect(history.items.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(history.items.map((m) => m.body).sort()).toEqual(['hello', 'hi', 'race', 'unrelated']);
  });

  it('returns the same direct chat to both users, and it never gains members', async () => {
    const fromAna = await t.chat.conversations.openDirect(ana, { username: 'cai' });
    const fromCai = await t.chat.conversations.openDirect(cai, { username: 'ana' });
    expect(fromCai.id).toBe(fromAna.id);
    expect(fromAna.kind).toBe('direct');
    expect(fromAna.members.map((m) => m.userId).sort()).toEqual([ana.user.id, cai.user.id].sort());
    expect(await codeOf(t.chat.conversations.addMember(ana, { conversationId: fromAna.id, username: 'ben' }))).toBe('FAILED_PRECONDITION');
    expect(await codeOf(t.chat.conversations.openDirect(ana, { username: 'ana' }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(t.chat.conversations.openDirect(ana, { username: 'nobody' }))).toBe('NOT_FOUND');
  });

  it('walks a 1,000-message history page by page with no loss or overlap, both ways', async () => {
    const room = await t.chat.conversations.createRoom(ana, { title: 'archive' });
    await inParallel(Array.from({ length: 1000 }, (_, i) => i + 1), 25, (n) =>
      t.chat.messages.send(ana, { conversationId: room.id, body: `m${n}` }),
    );
    for (const order of ['newest-first', 'oldest-first'] as const) {
      const seen: number[] = [];
      let pageToken = '';
      let pages = 0;
      do {
        const page = await t.chat.messages.list(ana, { conversationId: room.id, pageSize: 100, pageToken, order });
        seen.push(...page.items.map((m) => m.seq));
        pageToken = page.nextPageToken;
        pages++;
      } while (pageToken);
      const expected = Array.from({ length: 1000 }, (_, i) => i + 1);
      expect(seen).toEqual(order === 'newest-first' ? expected.reverse() : expected);
      expect(pages).toBe(10);
    }
    // Explicit bounds: the window (990, 995), newest first.
    const window = await t.chat.messages.list(ana, { conversationId: room.id, afterSeq: 990, beforeSeq: 995 });
    expect(window.items.map((m) => m.seq)).toEqual([994, 993, 992, 991]);
    expect(window.nextPageToken).toBe('');
    expect(await codeOf(t.chat.messages.list(ana, { conversationId: room.id, pageSize: 101 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(t.chat.messages.list(ana, { conversationId: room.id, pageToken: 'garbage' }))).toBe('INVALID_ARGUMENT');
  });

  it('moves statuses sent → delivered → read from the other members’ markers, and counts unread', async () => {
    const group = await t.chat.conversations.createGroup(ana, { title: 'receipts', usernames: ['ben', 'cai'] });
    for (const body of ['one', 'two', 'three']) await t.chat.messages.send(ana, { conversationId: group.id, body });
    const statuses = async () =>
      (await t.chat.messages.list(ana, { conversationId: group.id, order: 'oldest-first' })).items.map((m) => m.status);
    const { SENT, DELIVERED, READ } = {
      SENT: 'sent',
      DELIVERED: 'delivered',
      READ: 'read',
    };

    expect((await t.chat.conversations.get(ben, group.id)).unreadCount).toBe(3);
    expect((await t.chat.conversations.get(ana, group.id)).unreadCount).toBe(0);

    await t.chat.messages.markDelivered(ben, { conversationId: group.id, seq: 3 });
    expect(await statuses()).toEqual([SENT, SENT, SENT]); // cai's client does not have them yet
    await t.chat.messages.markDelivered(cai, { conversationId: group.id, seq: 2 });
    expect(await statuses()).toEqual([DELIVERED, DELIVERED, SENT]);

    const afterRead = await t.chat.messages.markRead(ben, { conversationId: group.id, seq: 3 });
    expect(afterRead.unreadCount).toBe(0);
    expect(await statuses()).toEqual([DELIVERED, DELIVERED, SENT]);
    await t.chat.messages.markRead(cai, { conversationId: group.id, seq: 1 });
    expect(await statuses()).toEqual([READ, DELIVERED, SENT]);
    expect((await t.chat.conversations.get(cai, group.id)).unreadCount).toBe(2);

    // Markers never move back, and never past the last message.
    await t.chat.messages.markRead(cai, { conversationId: group.id, seq: 99 });
    const back = await t.chat.messages.markRead(cai, { conversationId: group.id, seq: 1 });
    expect(back.members.find((m) => m.userId === cai.user.id)).toMatchObject({ lastReadSeq: 3, lastDeliveredSeq: 3 });
    expect(await statuses()).toEqual([READ, READ, READ]);

    // Replying means having read: ben's reply leaves him nothing unread, ana one.
    await t.chat.messages.send(ana, { conversationId: group.id, body: 'four' });
    await t.chat.messages.send(ben, { conversationId: group.id, body: 'five' });
    expect((await t.chat.conversations.get(ben, group.id)).unreadCount).toBe(0);
    expect((await t.chat.conversations.get(ana, group.id)).unreadCount).toBe(1);
    expect((await t.chat.conversations.get(cai, group.id)).unreadCount).toBe(2);
    const listed = await t.chat.conversations.list(cai, {});
    expect(listed.items[0]).toMatchObject({ id: group.id, unreadCount: 2, lastMessage: { seq: 5, body: 'five' } });
  });

  it('lets only the author edit or delete; a deleted message keeps its seq and loses its body', async () => {
    const direct = await t.chat.conversations.openDirect(ana, { username: 'ben' });
    const { message } = await t.chat.messages.send(ana, { conversationId: direct.id, body: 'typo' });
    expect(await codeOf(t.chat.messages.edit(ben, { messageId: message.id, body: 'hacked' }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.messages.delete(ben, message.id))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.messages.edit(eve, { messageId: message.id, body: 'x' }))).toBe('NOT_FOUND');

    const edited = await t.chat.messages.edit(ana, { messageId: message.id, body: 'fixed' });
    expect(edited).toMatchObject({ body: 'fixed', seq: message.seq });
    expect(edited.editedAt).toBeInstanceOf(Date);

    const deleted = await t.chat.messages.delete(ana, message.id);
    expect(deleted).toMatchObject({ body: '', seq: message.seq, status: 'deleted' });
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect(await codeOf(t.chat.messages.edit(ana, { messageId: message.id, body: 'back' }))).toBe('FAILED_PRECONDITION');

    // Only "no such conversation" and "not yours to reach" read as no such message; any other failure goes on as it is.
    const down = new ChatError(ErrorCode.Unavailable, 'the store is unavailable', { reason: 'STORE_UNAVAILABLE' });
    const failing = new Messages({ ...t.store, conversationOf: () => Promise.reject(down) }, new Mentions(t.store, t.users));
    await expect(failing.edit(ana, { messageId: message.id, body: 'x' })).rejects.toBe(down);
    await expect(failing.delete(eve, message.id)).rejects.toBe(down);
    const history = await t.chat.messages.list(ben, { conversationId: direct.id, afterSeq: message.seq - 1, order: 'oldest-first' });
    expect(history.items[0]).toMatchObject({ id: message.id, seq: message.seq, body: '' });
  });

  it('refuses an outsider everything, and shows them nothing', async () => {
    const group = await t.chat.conversations.createGroup(ana, { title: 'private', usernames: ['ben'] });
    const { message } = await t.chat.messages.send(ana, { conversationId: group.id, body: 'secret' });
    const direct = await t.chat.conversations.openDirect(ana, { username: 'ben' });
    const support = await t.chat.conversations.openSupport(ana);
    for (const conversationId of [group.id, direct.id, support.id]) {
      const attempts = [
        t.chat.conversations.get(eve, conversationId),
        t.chat.messages.list(eve, { conversationId }),
        t.chat.messages.send(eve, { conversationId, body: 'let me in' }),
        t.chat.conversations.addMember(eve, { conversationId, username: 'eve' }),
        t.chat.messages.markRead(eve, { conversationId, seq: 1 }),
        t.chat.messages.markDelivered(eve, { conversationId, seq: 1 }),
        t.chat.conversations.leave(eve, conversationId),
        t.chat.conversations.joinRoom(eve, conversationId),
      ];
      for (const attempt of attempts) expect(await codeOf(attempt)).toBe('NOT_FOUND');
    }
    expect(await codeOf(t.chat.messages.delete(eve, message.id))).toBe('NOT_FOUND');
    expect(await codeOf(t.chat.conversations.supportQueue(eve, {}))).toBe('PERMISSION_DENIED');
    expect((await t.chat.conversations.list(eve, {})).items.map((c) => c.id)).not.toContain(group.id);
    // Rooms are public but still members-only: join first.
    const room = await t.chat.conversations.createRoom(ana, { title: 'Lobby' });
    expect(await codeOf(t.chat.messages.list(eve, { conversationId: room.id }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.conversations.createRoom(eve, { title: 'LOBBY' }))).toBe('ALREADY_EXISTS');
    await t.chat.conversations.joinRoom(eve, room.id);
    expect((await t.chat.messages.send(eve, { conversationId: room.id, body: 'hi all' })).message.seq).toBe(1);
    // Leaving ends access.
    await t.chat.conversations.leave(eve, room.id);
    expect(await codeOf(t.chat.messages.send(eve, { conversationId: room.id, body: 'still here?' }))).toBe('PERMISSION_DENIED');
  });

  it('checks every limit with INVALID_ARGUMENT naming the field', async () => {
    const direct = await t.chat.conversations.openDirect(ana, { username: 'ben' });
    const fieldOf = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        const e = error as { code: string; violations: { field: string }[] };
        return `${e.code} ${e.violations.map((v) => v.field).join(',')}`;
      }
      return 'OK';
    };
    expect(await fieldOf(t.chat.messages.send(ana, { conversationId: direct.id, body: '   ' }))).toBe('INVALID_ARGUMENT body');
    expect(await fieldOf(t.chat.messages.send(ana, { conversationId: direct.id, body: 'x'.repeat(4001) }))).toBe('INVALID_ARGUMENT body');
    expect(await fieldOf(t.chat.messages.send(ana, { conversationId: direct.id, body: ` ${'é'.repeat(4000)} ` }))).toBe('OK');
    expect(await fieldOf(t.chat.messages.send(ana, { conversationId: direct.id, body: 'x', clientId: 'k'.repeat(65) }))).toBe(
      'INVALID_ARGUMENT client_id',
    );
    expect(await fieldOf(t.chat.messages.send(ana, { conversationId: 0, body: 'x' }))).toBe('INVALID_ARGUMENT conversation_id');
    expect(await fieldOf(t.chat.conversations.createGroup(ana, { title: '', usernames: [] }))).toBe('INVALID_ARGUMENT title');
    expect(await fieldOf(t.chat.conversations.createGroup(ana, { title: 't'.repeat(101), usernames: [] }))).toBe('INVALID_ARGUMENT title');
    const many = Array.from({ length: 256 }, (_, i) => `u${i}`);
    expect(await fieldOf(t.chat.conversations.createGroup(ana, { title: 'big', usernames: many }))).toBe('INVALID_ARGUMENT usernames');
    expect(await fieldOf(t.chat.conversations.list(ana, { pageSize: 101 }))).toBe('INVALID_ARGUMENT page_size');
    // Nothing half-written: the refused sends left no trace.
    const history = await t.chat.messages.list(ana, { conversationId: direct.id, pageSize: 100 });
    expect(history.items.filter((m) => m.body === '' && !m.deletedAt)).toHaveLength(0);
  });

  it('caps a group at 256 members', async () => {
    const names = Array.from({ length: 255 }, (_, i) => t.users.register(`crowd${i}`).user.username);
    const group = await t.chat.conversations.createGroup(ana, { title: 'full house', usernames: names });
    expect(group.members).toHaveLength(256);
    t.users.register('one-too-many');
    expect(await codeOf(t.chat.conversations.addMember(ana, { conversationId: group.id, username: 'one-too-many' }))).toBe('FAILED_PRECONDITION');
  });

  it('runs the support desk between a user and two operators', async () => {
    const user = t.users.register('asker');
    const op1 = t.users.register('op1', 'operator');
    const op2 = t.users.register('op2', 'operator');
    const support = await t.chat.conversations.openSupport(user);
    expect(support.kind).toBe('support');
    expect(support.supportUserId).toBe(user.user.id);
    expect((await t.chat.conversations.openSupport(user)).id).toBe(support.id);
    // An earlier question, from another user, waits longer.
    const other = t.users.register('early');
    const early = await t.chat.conversations.openSupport(other);
    await t.chat.messages.send(other, { conversationId: early.id, body: 'first in line' });
    await t.chat.messages.send(user, { conversationId: support.id, body: 'my order is late' });

    const queue = await t.chat.conversations.supportQueue(op1, {});
    expect(queue.items.map((c) => c.id)).toEqual([early.id, support.id]);

    const reply = await t.chat.messages.send(op1, { conversationId: support.id, body: 'looking into it' });
    expect(reply.message.isFromSupport).toBe(true);
    expect((await t.chat.conversations.supportQueue(op2, {})).items.map((c) => c.id)).toEqual([early.id]);
    expect((await t.chat.conversations.supportQueue(op2, { includeAnswered: true })).items.map((c) => c.id)).toContain(support.id);

    await t.chat.messages.send(user, { conversationId: support.id, body: 'any news?' });
    expect((await t.chat.conversations.supportQueue(op2, {})).items.map((c) => c.id)).toEqual([early.id, support.id]);
    await t.chat.messages.send(op2, { conversationId: support.id, body: 'it ships today' });

    // The user comes back and sees the whole conversation; operators joined as they answered.
    const back = await t.chat.conversations.openSupport(user);
    expect(back.members.map((m) => m.userId).sort()).toEqual([user.user.id, op1.user.id, op2.user.id].sort());
    const history = await t.chat.messages.list(user, { conversationId: back.id, order: 'oldest-first' });
    expect(history.items.map((m) => [m.body, m.isFromSupport, m.authorId])).toEqual([
      ['my order is late', false, user.user.id],
      ['looking into it', true, op1.user.id],
      ['any news?', false, user.user.id],
      ['it ships today', true, op2.user.id],
    ]);
    // Operators reach support conversations by their role, and nothing else.
    const group = await t.chat.conversations.createGroup(ana, { title: 'not for ops', usernames: [] });
    expect(await codeOf(t.chat.messages.list(op1, { conversationId: group.id }))).toBe('NOT_FOUND');
    expect(await codeOf(t.chat.conversations.supportQueue(user, {}))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.messages.list(user, { conversationId: early.id }))).toBe('NOT_FOUND');
  });

  it('lets staff find or start any user’s support conversation, and only staff', async () => {
    const op = t.users.register('finder', 'operator');
    const user = t.users.register('needs-help');
    const other = t.users.register('curious');
    const opened = await t.chat.conversations.openSupport(op, { userId: user.user.id });
    expect(opened).toMatchObject({ kind: 'support', supportUserId: user.user.id });
    expect(opened.members.map((m) => m.userId)).toEqual([user.user.id]); // staff join with their first answer
    expect((await t.chat.conversations.openSupport(user)).id).toBe(opened.id);
    expect((await t.chat.conversations.openSupport(op, { userId: String(user.user.id) })).id).toBe(opened.id);
    expect((await t.chat.conversations.openSupport(op, { userId: 0 })).supportUserId).toBe(op.user.id); // their own
    expect((await t.chat.conversations.openSupport(user, { userId: user.user.id })).id).toBe(opened.id);
    expect(await codeOf(t.chat.conversations.openSupport(other, { userId: user.user.id }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.conversations.openSupport(op, { userId: 424_242 }))).toBe('NOT_FOUND');
    expect(await codeOf(t.chat.conversations.openSupport(op, { userId: 'x' }))).toBe('INVALID_ARGUMENT');
    // Nothing was created for the refused ones.
    expect(await t.store.findSupport(424_242)).toBeUndefined();
  });

  it('announces every write once, in commit order, after the cursor', async () => {
    const start = await t.events.head();
    const group = await t.chat.conversations.createGroup(ana, { title: 'announced', usernames: ['ben'] });
    const { message } = await t.chat.messages.send(ana, { conversationId: group.id, body: 'hello' });
    await t.chat.messages.send(ana, { conversationId: group.id, body: 'hello', clientId: 'k' });
    await t.chat.messages.send(ana, { conversationId: group.id, body: 'hello', clientId: 'k' }); // a retry: no event
    await t.chat.messages.markRead(ben, { conversationId: group.id, seq: 2 });
    await t.chat.messages.edit(ana, { messageId: message.id, body: 'hello!' });
    await t.chat.messages.delete(ana, message.id);
    await t.chat.conversations.addMember(ana, { conversationId: group.id, username: 'cai' });
    await t.chat.conversations.leave(cai, group.id);

    const events = (await t.events.readAfter(start, 100)).map(decoded);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => start + i + 1));
    expect(events.map((e) => e.type)).toEqual([
      'conversation_created',
      'message_added',
      'message_added',
      'message_status_changed',
      'marker_moved',
      'message_edited',
      'message_deleted',
      'member_joined',
      'member_left',
    ]);
    expect(events[1].message).toMatchObject({ seq: 1, body: 'hello', authorId: ana.user.id });
    expect(events[3]).toMatchObject({ userId: ana.user.id, upToSeq: 2, status: 'read' });
    expect(events[4]).toMatchObject({ userId: ben.user.id, conversationId: group.id });
    expect(events[8]).toMatchObject({ userId: cai.user.id });
  });

  it('streams events to services only, from a cursor that is an event id, each with who may see it', async () => {
    const signal = new AbortController().signal;
    expect(await codeOf((async () => t.chat.feed.watch(ana, { after: 0, signal }))())).toBe('UNAUTHENTICATED');
    for (const after of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
      expect(await codeOf((async () => t.chat.feed.watch(SERVICE, { after, signal }))())).toBe('INVALID_ARGUMENT');
    }
    const start = await t.events.head();
    const group = await t.chat.conversations.createGroup(ana, { title: 'watched', usernames: ['ben'] });
    await t.chat.messages.send(ben, { conversationId: group.id, body: 'seen by both' });
    const stop = new AbortController();
    const seen: [string, number[]][] = [];
    for await (const { event, memberIds } of t.chat.feed.watch(SERVICE, { after: start, signal: stop.signal })) {
      seen.push([event.type, [...memberIds].sort()]);
      if (seen.length === 2) stop.abort();
    }
    const both = [ana.user.id, ben.user.id].sort();
    expect(seen).toEqual([
      ['conversation_created', both],
      ['message_added', both],
    ]);
  });
});
