import { TEST_STORES } from '@charla/platform/testing';
import { ConversationKind, MessageStatus, type Caller } from '../src/domain/types';
import { decodeEvent, MessagesEventType } from '../src/domain/events';
import { codeOf, inParallel, openTestChat, type TestChat } from './support';

describe.each(TEST_STORES)('messages domain on %s', (kind) => {
  let t: TestChat;
  let ana: Caller;
  let ben: Caller;
  let cai: Caller;
  let eve: Caller;

  beforeAll(async () => {
    t = await openTestChat(kind, 'chat');
    ana = t.users.register('ana');
    ben = t.users.register('ben');
    cai = t.users.register('cai');
    eve = t.users.register('eve');
  });
  afterAll(() => t.dispose());

  it('puts every user in general, once, and lets leaving stick', async () => {
    const caller = await t.chat.authenticate(ana.token);
    const generalId = await t.store.generalRoomId();
    const list = await t.chat.listConversations(caller, {});
    expect(list.items.map((c) => c.title)).toContain('general');
    await t.chat.joinGeneral(ana.userId);
    const general = await t.chat.getConversation(ana, generalId);
    expect(general.members.filter((m) => m.userId === ana.userId)).toHaveLength(1);

    t.users.register('leaver');
    const leaver = await t.chat.authenticate('token-leaver');
    await t.chat.leaveConversation(leaver, generalId);
    await t.chat.joinGeneral(leaver.userId);
    expect(await codeOf(t.chat.getConversation(leaver, generalId))).toBe('PERMISSION_DENIED');
  });

  it('gives 20 concurrent senders on one conversation seqs 1..N with no gap or duplicate', async () => {
    const senders = Array.from({ length: 20 }, (_, i) => t.users.register(`sender${i}`));
    const group = await t.chat.createGroup(ana, { title: 'busy', usernames: senders.map((s) => s.username) });
    const perSender = 5;
    const sent = await Promise.all(
      senders.flatMap((s) =>
        Array.from({ length: perSender }, (_, n) => t.chat.sendMessage(s, { conversationId: group.id, body: `${s.username} #${n}` })),
      ),
    );
    const seqs = sent.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 * perSender }, (_, i) => i + 1));
    // Each sender's own messages keep the order they were sent in.
    const stored = (await t.chat.listMessages(ana, { conversationId: group.id, pageSize: 100, order: 'oldest-first' })).items;
    expect(stored.map((m) => m.seq)).toEqual(seqs);
    expect((await t.chat.getConversation(ana, group.id)).lastSeq).toBe(100);
  });

  it('stores a retried client_id once, even when the retries race', async () => {
    const direct = await t.chat.openDirect(ana, { username: 'ben' });
    const first = await t.chat.sendMessage(ana, { conversationId: direct.id, body: 'hello', clientId: 'c-1' });
    const again = await t.chat.sendMessage(ana, { conversationId: direct.id, body: 'hello', clientId: 'c-1' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ message: first.message, created: false });

    // Racing retries share a group commit with an innocent send, which must not fail with them.
    const [innocent, ...racing] = await Promise.all([
      t.chat.sendMessage(ben, { conversationId: direct.id, body: 'unrelated', clientId: 'b-1' }),
      ...Array.from({ length: 8 }, () => t.chat.sendMessage(ana, { conversationId: direct.id, body: 'race', clientId: 'c-2' })),
    ]);
    expect(innocent.created).toBe(true);
    expect(new Set(racing.map((r) => r.message.id)).size).toBe(1);
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    // The same key from another author is another message.
    const bens = await t.chat.sendMessage(ben, { conversationId: direct.id, body: 'hi', clientId: 'c-1' });
    expect(bens.created).toBe(true);
    const history = await t.chat.listMessages(ben, { conversationId: direct.id, order: 'oldest-first' });
    expect(history.items.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(history.items.map((m) => m.body).sort()).toEqual(['hello', 'hi', 'race', 'unrelated']);
  });

  it('returns the same direct chat to both users, and it never gains members', async () => {
    const fromAna = await t.chat.openDirect(ana, { username: 'cai' });
    const fromCai = await t.chat.openDirect(cai, { username: 'ana' });
    expect(fromCai.id).toBe(fromAna.id);
    expect(fromAna.kind).toBe(ConversationKind.CONVERSATION_KIND_DIRECT);
    expect(fromAna.members.map((m) => m.userId).sort()).toEqual([ana.userId, cai.userId].sort());
    expect(await codeOf(t.chat.addMember(ana, { conversationId: fromAna.id, username: 'ben' }))).toBe('FAILED_PRECONDITION');
    expect(await codeOf(t.chat.openDirect(ana, { username: 'ana' }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(t.chat.openDirect(ana, { username: 'nobody' }))).toBe('NOT_FOUND');
  });

  it('walks a 1,000-message history page by page with no loss or overlap, both ways', async () => {
    const room = await t.chat.createRoom(ana, { title: 'archive' });
    await inParallel(Array.from({ length: 1000 }, (_, i) => i + 1), 25, (n) =>
      t.chat.sendMessage(ana, { conversationId: room.id, body: `m${n}` }),
    );
    for (const order of ['newest-first', 'oldest-first'] as const) {
      const seen: number[] = [];
      let pageToken = '';
      let pages = 0;
      do {
        const page = await t.chat.listMessages(ana, { conversationId: room.id, pageSize: 100, pageToken, order });
        seen.push(...page.items.map((m) => m.seq));
        pageToken = page.nextPageToken;
        pages++;
      } while (pageToken);
      const expected = Array.from({ length: 1000 }, (_, i) => i + 1);
      expect(seen).toEqual(order === 'newest-first' ? expected.reverse() : expected);
      expect(pages).toBe(10);
    }
    // Explicit bounds: the window (990, 995), newest first.
    const window = await t.chat.listMessages(ana, { conversationId: room.id, afterSeq: 990, beforeSeq: 995 });
    expect(window.items.map((m) => m.seq)).toEqual([994, 993, 992, 991]);
    expect(window.nextPageToken).toBe('');
    expect(await codeOf(t.chat.listMessages(ana, { conversationId: room.id, pageSize: 101 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(t.chat.listMessages(ana, { conversationId: room.id, pageToken: 'garbage' }))).toBe('INVALID_ARGUMENT');
  });

  it('moves statuses sent → delivered → read from the other members’ markers, and counts unread', async () => {
    const group = await t.chat.createGroup(ana, { title: 'receipts', usernames: ['ben', 'cai'] });
    for (const body of ['one', 'two', 'three']) await t.chat.sendMessage(ana, { conversationId: group.id, body });
    const statuses = async () =>
      (await t.chat.listMessages(ana, { conversationId: group.id, order: 'oldest-first' })).items.map((m) => m.status);
    const { SENT, DELIVERED, READ } = {
      SENT: MessageStatus.MESSAGE_STATUS_SENT,
      DELIVERED: MessageStatus.MESSAGE_STATUS_DELIVERED,
      READ: MessageStatus.MESSAGE_STATUS_READ,
    };

    expect((await t.chat.getConversation(ben, group.id)).unreadCount).toBe(3);
    expect((await t.chat.getConversation(ana, group.id)).unreadCount).toBe(0);

    await t.chat.markDelivered(ben, { conversationId: group.id, seq: 3 });
    expect(await statuses()).toEqual([SENT, SENT, SENT]); // cai's client does not have them yet
    await t.chat.markDelivered(cai, { conversationId: group.id, seq: 2 });
    expect(await statuses()).toEqual([DELIVERED, DELIVERED, SENT]);

    const afterRead = await t.chat.markRead(ben, { conversationId: group.id, seq: 3 });
    expect(afterRead.unreadCount).toBe(0);
    expect(await statuses()).toEqual([DELIVERED, DELIVERED, SENT]);
    await t.chat.markRead(cai, { conversationId: group.id, seq: 1 });
    expect(await statuses()).toEqual([READ, DELIVERED, SENT]);
    expect((await t.chat.getConversation(cai, group.id)).unreadCount).toBe(2);

    // Markers never move back, and never past the last message.
    await t.chat.markRead(cai, { conversationId: group.id, seq: 99 });
    const back = await t.chat.markRead(cai, { conversationId: group.id, seq: 1 });
    expect(back.members.find((m) => m.userId === cai.userId)).toMatchObject({ lastReadSeq: 3, lastDeliveredSeq: 3 });
    expect(await statuses()).toEqual([READ, READ, READ]);

    // Replying means having read: ben's reply leaves him nothing unread, ana one.
    await t.chat.sendMessage(ana, { conversationId: group.id, body: 'four' });
    await t.chat.sendMessage(ben, { conversationId: group.id, body: 'five' });
    expect((await t.chat.getConversation(ben, group.id)).unreadCount).toBe(0);
    expect((await t.chat.getConversation(ana, group.id)).unreadCount).toBe(1);
    expect((await t.chat.getConversation(cai, group.id)).unreadCount).toBe(2);
    const listed = await t.chat.listConversations(cai, {});
    expect(listed.items[0]).toMatchObject({ id: group.id, unreadCount: 2, lastMessage: { seq: 5, body: 'five' } });
  });

  it('lets only the author edit or delete; a deleted message keeps its seq and loses its body', async () => {
    const direct = await t.chat.openDirect(ana, { username: 'ben' });
    const { message } = await t.chat.sendMessage(ana, { conversationId: direct.id, body: 'typo' });
    expect(await codeOf(t.chat.editMessage(ben, { messageId: message.id, body: 'hacked' }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.deleteMessage(ben, message.id))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.editMessage(eve, { messageId: message.id, body: 'x' }))).toBe('NOT_FOUND');

    const edited = await t.chat.editMessage(ana, { messageId: message.id, body: 'fixed' });
    expect(edited).toMatchObject({ body: 'fixed', seq: message.seq });
    expect(edited.editedAt).toBeInstanceOf(Date);

    const deleted = await t.chat.deleteMessage(ana, message.id);
    expect(deleted).toMatchObject({ body: '', seq: message.seq, status: MessageStatus.MESSAGE_STATUS_DELETED });
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect(await codeOf(t.chat.editMessage(ana, { messageId: message.id, body: 'back' }))).toBe('FAILED_PRECONDITION');
    const history = await t.chat.listMessages(ben, { conversationId: direct.id, afterSeq: message.seq - 1, order: 'oldest-first' });
    expect(history.items[0]).toMatchObject({ id: message.id, seq: message.seq, body: '' });
  });

  it('refuses an outsider everything, and shows them nothing', async () => {
    const group = await t.chat.createGroup(ana, { title: 'private', usernames: ['ben'] });
    const { message } = await t.chat.sendMessage(ana, { conversationId: group.id, body: 'secret' });
    const direct = await t.chat.openDirect(ana, { username: 'ben' });
    const support = await t.chat.openSupport(ana);
    for (const conversationId of [group.id, direct.id, support.id]) {
      const attempts = [
        t.chat.getConversation(eve, conversationId),
        t.chat.listMessages(eve, { conversationId }),
        t.chat.sendMessage(eve, { conversationId, body: 'let me in' }),
        t.chat.addMember(eve, { conversationId, username: 'eve' }),
        t.chat.markRead(eve, { conversationId, seq: 1 }),
        t.chat.markDelivered(eve, { conversationId, seq: 1 }),
        t.chat.leaveConversation(eve, conversationId),
        t.chat.joinRoom(eve, conversationId),
      ];
      for (const attempt of attempts) expect(await codeOf(attempt)).toBe('NOT_FOUND');
    }
    expect(await codeOf(t.chat.deleteMessage(eve, message.id))).toBe('NOT_FOUND');
    expect(await codeOf(t.chat.listSupportQueue(eve, {}))).toBe('PERMISSION_DENIED');
    expect((await t.chat.listConversations(eve, {})).items.map((c) => c.id)).not.toContain(group.id);
    // Rooms are public but still members-only: join first.
    const room = await t.chat.createRoom(ana, { title: 'Lobby' });
    expect(await codeOf(t.chat.listMessages(eve, { conversationId: room.id }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.createRoom(eve, { title: 'LOBBY' }))).toBe('ALREADY_EXISTS');
    await t.chat.joinRoom(eve, room.id);
    expect((await t.chat.sendMessage(eve, { conversationId: room.id, body: 'hi all' })).message.seq).toBe(1);
    // Leaving ends access.
    await t.chat.leaveConversation(eve, room.id);
    expect(await codeOf(t.chat.sendMessage(eve, { conversationId: room.id, body: 'still here?' }))).toBe('PERMISSION_DENIED');
  });

  it('checks every limit with INVALID_ARGUMENT naming the field', async () => {
    const direct = await t.chat.openDirect(ana, { username: 'ben' });
    const fieldOf = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        const e = error as { code: string; violations: { field: string }[] };
        return `${e.code} ${e.violations.map((v) => v.field).join(',')}`;
      }
      return 'OK';
    };
    expect(await fieldOf(t.chat.sendMessage(ana, { conversationId: direct.id, body: '   ' }))).toBe('INVALID_ARGUMENT body');
    expect(await fieldOf(t.chat.sendMessage(ana, { conversationId: direct.id, body: 'x'.repeat(4001) }))).toBe('INVALID_ARGUMENT body');
    expect(await fieldOf(t.chat.sendMessage(ana, { conversationId: direct.id, body: ` ${'é'.repeat(4000)} ` }))).toBe('OK');
    expect(await fieldOf(t.chat.sendMessage(ana, { conversationId: direct.id, body: 'x', clientId: 'k'.repeat(65) }))).toBe(
      'INVALID_ARGUMENT client_id',
    );
    expect(await fieldOf(t.chat.sendMessage(ana, { conversationId: 0, body: 'x' }))).toBe('INVALID_ARGUMENT conversation_id');
    expect(await fieldOf(t.chat.createGroup(ana, { title: '', usernames: [] }))).toBe('INVALID_ARGUMENT title');
    expect(await fieldOf(t.chat.createGroup(ana, { title: 't'.repeat(101), usernames: [] }))).toBe('INVALID_ARGUMENT title');
    const many = Array.from({ length: 256 }, (_, i) => `u${i}`);
    expect(await fieldOf(t.chat.createGroup(ana, { title: 'big', usernames: many }))).toBe('INVALID_ARGUMENT usernames');
    expect(await fieldOf(t.chat.listConversations(ana, { pageSize: 101 }))).toBe('INVALID_ARGUMENT page_size');
    // Nothing half-written: the refused sends left no trace.
    const history = await t.chat.listMessages(ana, { conversationId: direct.id, pageSize: 100 });
    expect(history.items.filter((m) => m.body === '' && !m.deletedAt)).toHaveLength(0);
  });

  it('caps a group at 256 members', async () => {
    const names = Array.from({ length: 255 }, (_, i) => t.users.register(`crowd${i}`).username);
    const group = await t.chat.createGroup(ana, { title: 'full house', usernames: names });
    expect(group.members).toHaveLength(256);
    t.users.register('one-too-many');
    expect(await codeOf(t.chat.addMember(ana, { conversationId: group.id, username: 'one-too-many' }))).toBe('FAILED_PRECONDITION');
  });

  it('runs the support desk between a user and two operators', async () => {
    const user = t.users.register('asker');
    const op1 = t.users.register('op1', 'operator');
    const op2 = t.users.register('op2', 'operator');
    const support = await t.chat.openSupport(user);
    expect(support.kind).toBe(ConversationKind.CONVERSATION_KIND_SUPPORT);
    expect(support.supportUserId).toBe(user.userId);
    expect((await t.chat.openSupport(user)).id).toBe(support.id);
    // An earlier question, from another user, waits longer.
    const other = t.users.register('early');
    const early = await t.chat.openSupport(other);
    await t.chat.sendMessage(other, { conversationId: early.id, body: 'first in line' });
    await t.chat.sendMessage(user, { conversationId: support.id, body: 'my order is late' });

    const queue = await t.chat.listSupportQueue(op1, {});
    expect(queue.items.map((c) => c.id)).toEqual([early.id, support.id]);

    const reply = await t.chat.sendMessage(op1, { conversationId: support.id, body: 'looking into it' });
    expect(reply.message.isFromSupport).toBe(true);
    expect((await t.chat.listSupportQueue(op2, {})).items.map((c) => c.id)).toEqual([early.id]);
    expect((await t.chat.listSupportQueue(op2, { includeAnswered: true })).items.map((c) => c.id)).toContain(support.id);

    await t.chat.sendMessage(user, { conversationId: support.id, body: 'any news?' });
    expect((await t.chat.listSupportQueue(op2, {})).items.map((c) => c.id)).toEqual([early.id, support.id]);
    await t.chat.sendMessage(op2, { conversationId: support.id, body: 'it ships today' });

    // The user comes back and sees the whole conversation; operators joined as they answered.
    const back = await t.chat.openSupport(user);
    expect(back.members.map((m) => m.userId).sort()).toEqual([user.userId, op1.userId, op2.userId].sort());
    const history = await t.chat.listMessages(user, { conversationId: back.id, order: 'oldest-first' });
    expect(history.items.map((m) => [m.body, m.isFromSupport, m.authorId])).toEqual([
      ['my order is late', false, user.userId],
      ['looking into it', true, op1.userId],
      ['any news?', false, user.userId],
      ['it ships today', true, op2.userId],
    ]);
    // Operators reach support conversations by their role, and nothing else.
    const group = await t.chat.createGroup(ana, { title: 'not for ops', usernames: [] });
    expect(await codeOf(t.chat.listMessages(op1, { conversationId: group.id }))).toBe('NOT_FOUND');
    expect(await codeOf(t.chat.listSupportQueue(user, {}))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.listMessages(user, { conversationId: early.id }))).toBe('NOT_FOUND');
  });

  it('lets staff find or start any user’s support conversation, and only staff', async () => {
    const op = t.users.register('finder', 'operator');
    const user = t.users.register('needs-help');
    const other = t.users.register('curious');
    const opened = await t.chat.openSupport(op, { userId: user.userId });
    expect(opened).toMatchObject({ kind: ConversationKind.CONVERSATION_KIND_SUPPORT, supportUserId: user.userId });
    expect(opened.members.map((m) => m.userId)).toEqual([user.userId]); // staff join with their first answer
    expect((await t.chat.openSupport(user)).id).toBe(opened.id);
    expect((await t.chat.openSupport(op, { userId: String(user.userId) })).id).toBe(opened.id);
    expect((await t.chat.openSupport(op, { userId: 0 })).supportUserId).toBe(op.userId); // their own
    expect((await t.chat.openSupport(user, { userId: user.userId })).id).toBe(opened.id);
    expect(await codeOf(t.chat.openSupport(other, { userId: user.userId }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(t.chat.openSupport(op, { userId: 424_242 }))).toBe('NOT_FOUND');
    expect(await codeOf(t.chat.openSupport(op, { userId: 'x' }))).toBe('INVALID_ARGUMENT');
    // Nothing was created for the refused ones.
    expect(await t.store.findSupport(424_242)).toBeUndefined();
  });

  it('announces every write once, in commit order, after the cursor', async () => {
    const start = await t.events.head();
    const group = await t.chat.createGroup(ana, { title: 'announced', usernames: ['ben'] });
    const { message } = await t.chat.sendMessage(ana, { conversationId: group.id, body: 'hello' });
    await t.chat.sendMessage(ana, { conversationId: group.id, body: 'hello', clientId: 'k' });
    await t.chat.sendMessage(ana, { conversationId: group.id, body: 'hello', clientId: 'k' }); // a retry: no event
    await t.chat.markRead(ben, { conversationId: group.id, seq: 2 });
    await t.chat.editMessage(ana, { messageId: message.id, body: 'hello!' });
    await t.chat.deleteMessage(ana, message.id);
    await t.chat.addMember(ana, { conversationId: group.id, username: 'cai' });
    await t.chat.leaveConversation(cai, group.id);

    const events = (await t.events.readAfter(start, 100)).map(decodeEvent);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => start + i + 1));
    const T = MessagesEventType;
    expect(events.map((e) => e.type)).toEqual([
      T.MESSAGES_EVENT_TYPE_CONVERSATION_CREATED,
      T.MESSAGES_EVENT_TYPE_MESSAGE_ADDED,
      T.MESSAGES_EVENT_TYPE_MESSAGE_ADDED,
      T.MESSAGES_EVENT_TYPE_MESSAGE_STATUS_CHANGED,
      T.MESSAGES_EVENT_TYPE_MARKER_MOVED,
      T.MESSAGES_EVENT_TYPE_MESSAGE_EDITED,
      T.MESSAGES_EVENT_TYPE_MESSAGE_DELETED,
      T.MESSAGES_EVENT_TYPE_MEMBER_JOINED,
      T.MESSAGES_EVENT_TYPE_MEMBER_LEFT,
    ]);
    expect(events[1].message).toMatchObject({ seq: 1, body: 'hello', authorId: ana.userId });
    expect(events[3]).toMatchObject({ userId: ana.userId, upToSeq: 2, status: MessageStatus.MESSAGE_STATUS_READ });
    expect(events[4]).toMatchObject({ userId: ben.userId, conversationId: group.id });
    expect(events[8]).toMatchObject({ userId: cai.userId });
  });
});
