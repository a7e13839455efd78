import { TEST_STORES } from '@charla/platform/testing';
import type { ChatEvent } from '../src/domain/events';
import type { ConversationView, UserCaller } from '../src/domain/types';
import { codeOf, decoded, inParallel, openTestChat, SERVICE, type TestChat } from './support';

/** Replies, reactions, mentions, pins, conversation settings and preferences, through the domain on a real store. */
describe.each(TEST_STORES)('richer conversations on %s', (kind) => {
  let t: TestChat;
  let ana: UserCaller;
  let ben: UserCaller;
  let cai: UserCaller;
  let eve: UserCaller;
  let group: ConversationView;

  beforeAll(async () => {
    t = await openTestChat(kind, 'rich');
    [ana, ben, cai, eve] = ['ana', 'ben', 'cai', 'eve'].map((name) => t.users.register(name));
    group = await t.chat.conversations.createGroup(ana, { title: 'Trip', usernames: ['ben', 'cai'] });
  });
  afterAll(() => t.dispose());

  const send = async (who: UserCaller, body: string, extra: { replyToId?: unknown; conversationId?: number } = {}) =>
    (await t.chat.messages.send(who, { conversationId: extra.conversationId ?? group.id, body, replyToId: extra.replyToId })).message;
  /** Events written since `after`, decoded. */
  const eventsAfter = async (after: number): Promise<ChatEvent[]> => (await t.events.readAfter(after)).map(decoded);
  const head = async () => (await t.events.readAfter(0)).at(-1)?.id ?? 0;
  const history = async (who: UserCaller, conversationId = group.id) =>
    (await t.chat.messages.list(who, { conversationId, pageSize: 100, order: 'oldest-first' })).items;

  describe('replies', () => {
    it('quotes the original (author, first line) and shows it as deleted once it is', async () => {
      const original = await send(ana, 'Shall we go on Friday?\nOr Saturday?');
      const reply = await send(ben, 'Friday!', { replyToId: original.id });
      expect(reply.replyToId).toBe(original.id);
      expect(reply.replyTo).toEqual({ id: original.id, seq: original.seq, authorId: ana.user.id, excerpt: 'Shall we go on Friday?', deleted: false });

      await t.chat.messages.delete(ana, original.id);
      const [stored] = (await history(cai)).filter((m) => m.id === reply.id);
      expect(stored.replyTo).toEqual({ id: original.id, seq: original.seq, authorId: ana.user.id, excerpt: '', deleted: true });
      // A deleted message can still be answered: the quote says what became of it.
      expect((await send(cai, 'too late', { replyToId: original.id })).replyTo?.deleted).toBe(true);
    });

    it('answers only a message of the same conversation, and says so the same way for one that does not exist', async () => {
      const elsewhere = await t.chat.conversations.openDirect(ana, { username: 'eve' });
      const secret = await send(eve, 'between us', { conversationId: elsewhere.id });
      const lastSeq = (await t.chat.conversations.get(ana, group.id)).lastSeq;
      for (const replyToId of [secret.id, 999_999, 'x', -1]) {
        const refused = await t.chat.messages.send(ben, { conversationId: group.id, body: 'hm', replyToId }).catch((error: unknown) => error);
        expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'reply_to_id' }] });
      }
      expect((await t.chat.conversations.get(ana, group.id)).lastSeq).toBe(lastSeq);
    });
  });

  describe('reactions', () => {
    it('counts each emoji, knows who reacted, and announces every change with all the reactions', async () => {
      const message = await send(ana, 'Tickets booked');
      const before = await head();
      await t.chat.reactions.add(ben, { messageId: message.id, emoji: '👍' });
      await t.chat.reactions.add(cai, { messageId: message.id, emoji: '👍' });
      const after = await t.chat.reactions.add(cai, { messageId: message.id, emoji: '🎉' });
      expect(after.reactions).toEqual([
        { emoji: '👍', count: 2, userIds: [ben.user.id, cai.user.id] },
        { emoji: '🎉', count: 1, userIds: [cai.user.id] },
      ]);
      // The same reaction again changes nothing and announces nothing.
      await t.chat.reactions.add(cai, { messageId: message.id, emoji: '🎉' });
      const removed = await t.chat.reactions.remove(ben, { messageId: message.id, emoji: '👍' });
      expect(removed.reactions).toEqual([
        { emoji: '👍', count: 1, userIds: [cai.user.id] },
        { emoji: '🎉', count: 1, userIds: [cai.user.id] },
      ]);
      await t.chat.reactions.remove(ben, { messageId: message.id, emoji: '👍' });

      const events = (await eventsAfter(before)).filter((e) => e.type === 'reaction_changed');
      expect(events.map((e) => [e.userId, e.message?.reactions.map((r) => `${r.emoji}${r.count}`).join(' ')])).toEqual([
        [ben.user.id, '👍1'],
        [cai.user.id, '👍2'],
        [cai.user.id, '👍2 🎉1'],
        [ben.user.id, '👍1 🎉1'],
      ]);
      // A reader of history sees them too (a replay reads storage).
      expect((await history(ben)).find((m) => m.id === message.id)?.reactions).toEqual(removed.reactions);
    });

    it('takes at most 20 different emoji per message, even when they arrive together, and any of those again', async () => {
      const message = await send(ana, 'vote with anything');
      const emoji = ['😀', '😃', '😄', '😁', '😆', '😅', '🤣', '😂', '🙂', '🙃', '😉', '😊', '😇', '🥰', '😍', '🤩', '😘', '😗', '😚', '😙', '🥲', '😋', '😛'];
      const outcomes = await Promise.all(emoji.map((e) => codeOf(t.chat.reactions.add(ben, { messageId: message.id, emoji: e }))));
      expect(outcomes.filter((c) => c === 'OK')).toHaveLength(20);
      expect(outcomes.filter((c) => c === 'FAILED_PRECONDITION')).toHaveLength(3);
      const [stored] = (await history(ana)).filter((m) => m.id === message.id);
      expect(stored.reactions).toHaveLength(20);
      // Someone else can still join one that is there.
      const joined = await t.chat.reactions.add(cai, { messageId: message.id, emoji: stored.reactions[0].emoji });
      expect(joined.reactions[0].count).toBe(2);
    });

    it('refuses what is not one emoji, outsiders and deleted messages, changing nothing', async () => {
      const message = await send(ana, 'react to me');
      const bad = await t.chat.reactions.add(ben, { messageId: message.id, emoji: 'yes' }).catch((error: unknown) => error);
      expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'emoji' }] });
      const before = await head();
      expect(await codeOf(t.chat.reactions.add(eve, { messageId: message.id, emoji: '👍' }))).toBe('NOT_FOUND');
      expect(await codeOf(t.chat.reactions.remove(eve, { messageId: message.id, emoji: '👍' }))).toBe('NOT_FOUND');
      expect(await codeOf(t.chat.reactions.add(SERVICE, { messageId: message.id, emoji: '👍' }))).toBe('UNAUTHENTICATED');
      await t.chat.messages.delete(ana, message.id);
      expect(await codeOf(t.chat.reactions.add(ben, { messageId: message.id, emoji: '👍' }))).toBe('FAILED_PRECONDITION');
      expect((await eventsAfter(before)).filter((e) => e.type === 'reaction_changed')).toEqual([]);
    });

    it('goes with its message when it is deleted', async () => {
      const message = await send(ana, 'oops');
      await t.chat.reactions.add(ben, { messageId: message.id, emoji: '😮' });
      const deleted = await t.chat.messages.delete(ana, message.id);
      expect(deleted.reactions).toEqual([]);
    });
  });

  describe('mentions', () => {
    it('resolves @names of members with one lookup, counts my unread ones, and clears them when I read', async () => {
      t.users.batchCalls.length = 0;
      const message = await send(ana, 'hey @ben and @cai, and @eve who is not here, and @nobody');
      expect(message.mentionIds).toEqual([ben.user.id, cai.user.id].sort((a, b) => a - b));
      expect(t.users.batchCalls).toEqual([['ben', 'cai', 'eve', 'nobody']]);
      await send(ana, 'nothing for anyone');
      expect(t.users.batchCalls).toHaveLength(1);

      const seen = async (who: UserCaller) => (await t.chat.conversations.get(who, group.id)).mentionCount;
      expect(await seen(ben)).toBe(1);
      expect(await seen(ana)).toBe(0);
      await send(cai, '@ben again');
      expect(await seen(ben)).toBe(2);
      const list = await t.chat.conversations.list(ben, {});
      expect(list.items.find((c) => c.id === group.id)?.mentionCount).toBe(2);

      const { lastSeq } = await t.chat.conversations.get(ben, group.id);
      await t.chat.messages.markRead(ben, { conversationId: group.id, seq: lastSeq });
      expect(await seen(ben)).toBe(0);
      expect((await history(cai)).find((m) => m.id === message.id)?.mentionIds).toEqual(message.mentionIds);
    });

    it('says anew whom an edited message mentions, and no one once it is deleted', async () => {
      const message = await send(ana, 'for @ben');
      expect(await t.chat.conversations.get(cai, group.id).then((c) => c.mentionCount)).toBe(0);
      const edited = await t.chat.messages.edit(ana, { messageId: message.id, body: 'for @cai instead' });
      expect(edited.mentionIds).toEqual([cai.user.id]);
      expect(await t.chat.conversations.get(cai, group.id).then((c) => c.mentionCount)).toBe(1);
      await t.chat.messages.delete(ana, message.id);
      expect(await t.chat.conversations.get(cai, group.id).then((c) => c.mentionCount)).toBe(0);
    });
  });

  describe('pins', () => {
    it('pins for any group member, lists newest pin first, and unpins when the message is deleted', async () => {
      const first = await send(ana, 'meeting point: station');
      const second = await send(ben, 'bring passports');
      const before = await head();
      const pinned = await t.chat.pins.pin(cai, first.id);
      expect(pinned.pinnedAt).toBeInstanceOf(Date);
      expect(pinned.pinnedBy).toBe(cai.user.id);
      await t.chat.pins.pin(ben, second.id);
      await t.chat.pins.pin(ben, second.id); // already pinned: nothing new
      expect((await t.chat.pins.list(ana, { conversationIds: [group.id] })).map((m) => m.id)).toEqual([second.id, first.id]);
      expect((await history(ana)).find((m) => m.id === first.id)?.pinnedAt).toBeInstanceOf(Date);

      await t.chat.pins.unpin(ana, first.id);
      await t.chat.messages.delete(ben, second.id);
      expect(await t.chat.pins.list(ana, { conversationIds: [group.id] })).toEqual([]);
      const types = (await eventsAfter(before)).map((e) => e.type).filter((type) => type.includes('pinned'));
      expect(types).toEqual(['message_pinned', 'message_pinned', 'message_unpinned']);
    });

    it('in a room, only its owner pins; outsiders learn nothing; at most 50 per conversation', async () => {
      const room = await t.chat.conversations.createRoom(ana, { title: 'pins-room' });
      await t.chat.conversations.joinRoom(ben, room.id);
      const note = await send(ana, 'house rules', { conversationId: room.id });
      expect(await codeOf(t.chat.pins.pin(ben, note.id))).toBe('PERMISSION_DENIED');
      expect(await codeOf(t.chat.pins.pin(eve, note.id))).toBe('NOT_FOUND');
      expect(await codeOf(t.chat.pins.list(eve, { conversationIds: [group.id] }))).toBe('NOT_FOUND');
      await t.chat.pins.pin(ana, note.id);

      const many = [];
      for (let i = 0; i < 50; i++) many.push(await send(ana, `pin ${i}`, { conversationId: room.id }));
      await inParallel(many, 5, (m) => codeOf(t.chat.pins.pin(ana, m.id)));
      expect(await t.chat.pins.list(ana, { conversationIds: [room.id] })).toHaveLength(50);
    });
  });

  describe('conversation settings', () => {
    it('lets any group member rename it and set a topic, each change a system line by them', async () => {
      const before = await head();
      const renamed = await t.chat.settings.update(cai, { conversationId: group.id, title: 'Trip to Porto', topic: 'Friday, 9:00 at the station' });
      expect(renamed).toMatchObject({ title: 'Trip to Porto', topic: 'Friday, 9:00 at the station' });
      const lines = (await history(ana)).slice(-2);
      expect(lines.map((m) => [m.kind, m.authorId, m.body, m.system])).toEqual([
        ['system', cai.user.id, 'cai renamed the group to “Trip to Porto”', { action: 'renamed', title: 'Trip to Porto', topic: '' }],
        ['system', cai.user.id, 'cai set the topic to “Friday, 9:00 at the station”', { action: 'topic_changed', title: '', topic: 'Friday, 9:00 at the station' }],
      ]);
      const events = await eventsAfter(before);
      expect(events.filter((e) => e.type === 'message_added').map((e) => e.message?.kind)).toEqual(['system', 'system']);
      expect(events.filter((e) => e.type === 'conversation_updated')).toHaveLength(1);
      // The same title again: nothing written, no line.
      const quiet = await head();
      await t.chat.settings.update(ben, { conversationId: group.id, title: 'Trip to Porto' });
      expect(await eventsAfter(quiet)).toEqual([]);
      // Nobody edits or deletes a system line.
      expect(await codeOf(t.chat.messages.edit(cai, { messageId: lines[0].id, body: 'x' }))).toBe('FAILED_PRECONDITION');
      expect(await codeOf(t.chat.messages.delete(cai, lines[0].id))).toBe('FAILED_PRECONDITION');
    });

    it('leaves rooms to their owner, refuses direct chats and outsiders, and keeps room names unique', async () => {
      const room = await t.chat.conversations.createRoom(ana, { title: 'music' });
      await t.chat.conversations.createRoom(ben, { title: 'films' });
      await t.chat.conversations.joinRoom(ben, room.id);
      expect(await codeOf(t.chat.settings.update(ben, { conversationId: room.id, topic: 'mine now' }))).toBe('PERMISSION_DENIED');
      expect(await codeOf(t.chat.settings.update(eve, { conversationId: group.id, title: 'hijacked' }))).toBe('NOT_FOUND');
      expect(await codeOf(t.chat.settings.update(ana, { conversationId: room.id, title: 'FILMS' }))).toBe('ALREADY_EXISTS');
      const direct = await t.chat.conversations.openDirect(ana, { username: 'ben' });
      expect(await codeOf(t.chat.settings.update(ana, { conversationId: direct.id, title: 'us' }))).toBe('FAILED_PRECONDITION');
      expect(await codeOf(t.chat.settings.update(ana, { conversationId: room.id }))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(t.chat.settings.update(ana, { conversationId: room.id, title: '   ' }))).toBe('INVALID_ARGUMENT');
      expect((await t.chat.settings.update(ana, { conversationId: room.id, title: 'Music & more' })).title).toBe('Music & more');
      // A room created later may take the old name; the renamed one keeps its new one.
      expect((await t.chat.conversations.createRoom(cai, { title: 'music' })).title).toBe('music');
      expect((await t.chat.conversations.get(ana, room.id)).title).toBe('Music & more');
    });

    it('keeps general’s name, and lets staff set its topic', async () => {
      const generalId = await t.store.generalRoomId();
      const admin = t.users.register('root', 'operator');
      await t.chat.conversations.joinGeneral(admin.user.id);
      await t.chat.conversations.joinGeneral(ana.user.id);
      expect(await codeOf(t.chat.settings.update(admin, { conversationId: generalId, title: 'lobby' }))).toBe('FAILED_PRECONDITION');
      expect((await t.chat.settings.update(admin, { conversationId: generalId, topic: 'Say hello' })).topic).toBe('Say hello');
      expect(await codeOf(t.chat.settings.update(ana, { conversationId: generalId, topic: 'mine' }))).toBe('PERMISSION_DENIED');
    });
  });

  describe('preferences', () => {
    it('are each member’s own, announced to them alone, and read back for a whole audience in one call', async () => {
      const before = await head();
      const muted = await t.chat.settings.setPreferences(ben, { conversationId: group.id, muted: true, favourite: true });
      expect(muted).toMatchObject({ muted: true, favourite: true, archived: false });
      expect(await t.chat.conversations.get(cai, group.id)).toMatchObject({ muted: false, favourite: false });
      await t.chat.settings.setPreferences(ben, { conversationId: group.id, muted: true }); // unchanged: no event
      await t.chat.settings.setPreferences(ben, { conversationId: group.id, archived: true, favourite: false });
      const events = (await eventsAfter(before)).filter((e) => e.type === 'preferences_changed');
      expect(events.map((e) => e.userId)).toEqual([ben.user.id, ben.user.id]);

      const states = await t.chat.settings.memberStates(SERVICE, { conversationId: group.id, userIds: [ana.user.id, ben.user.id, eve.user.id] });
      expect(states.sort((a, b) => a.userId - b.userId)).toEqual(
        [
          { userId: ana.user.id, mentionCount: expect.any(Number), muted: false, favourite: false, archived: false },
          { userId: ben.user.id, mentionCount: expect.any(Number), muted: true, favourite: false, archived: true },
        ].sort((a, b) => a.userId - b.userId),
      );
      expect(await codeOf(t.chat.settings.memberStates(ana, { conversationId: group.id, userIds: [] }))).toBe('UNAUTHENTICATED');
    });

    it('refuses outsiders, nothing to change and what is not a boolean', async () => {
      expect(await codeOf(t.chat.settings.setPreferences(eve, { conversationId: group.id, muted: true }))).toBe('NOT_FOUND');
      expect(await codeOf(t.chat.settings.setPreferences(ana, { conversationId: group.id }))).toBe('INVALID_ARGUMENT');
      const bad = await t.chat.settings.setPreferences(ana, { conversationId: group.id, muted: 'yes' }).catch((error: unknown) => error);
      expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'muted' }] });
    });
  });

  it('leaves a gateway everything a resumed subscriber needs in storage: current reactions and pins of replayed messages', async () => {
    const message = await send(ana, 'replay me');
    await t.chat.reactions.add(ben, { messageId: message.id, emoji: '🙌' });
    await t.chat.pins.pin(ben, message.id);
    const replayed = (await t.chat.messages.list(cai, { conversationId: group.id, afterSeq: message.seq - 1, pageSize: 10, order: 'oldest-first' })).items[0];
    expect(replayed).toMatchObject({ id: message.id, reactions: [{ emoji: '🙌', count: 1, userIds: [ben.user.id] }], pinnedBy: ben.user.id });
    expect(replayed.pinnedAt).toBeInstanceOf(Date);
  });
});
