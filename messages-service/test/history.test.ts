import { TEST_STORES } from '@charla/platform/testing';
import type { UploadFrame } from '../src/domain/files';
import type { Message, UserCaller } from '../src/domain/types';
import { codeOf, openTestChat, type TestChat } from './support';

async function* framesOf(conversationId: number, name: string, text: string): AsyncGenerator<UploadFrame> {
  yield { metadata: { conversationId, name, declaredSize: 0 } };
  yield { chunk: Buffer.from(text) };
}

/**
 * A history page reads reactions and files only for the messages its own statement says have
 * some: each message on a page must be as the message read alone (every detail looked up) is.
 */
describe.each(TEST_STORES)('history pages on %s', (kind) => {
  let t: TestChat;
  let ana: UserCaller;
  let ben: UserCaller;
  let group: number;

  beforeAll(async () => {
    t = await openTestChat(kind, 'messages_history');
    [ana, ben] = ['ana', 'ben'].map((name) => t.users.register(name));
    group = (await t.chat.conversations.createGroup(ana, { title: 'Trip', usernames: ['ben'] })).id;
  });
  afterAll(() => t?.dispose());

  const send = async (body: string, files: string[] = []) => {
    const attachmentIds = [];
    for (const name of files) attachmentIds.push((await t.chat.files.upload(ana, framesOf(group, name, `${name} bytes`))).id);
    return (await t.chat.messages.send(ana, { conversationId: group, body, attachmentIds })).message;
  };

  it('shows each message with its own reactions and files, and none of another’s, whichever way and size it is read', async () => {
    const plain = await send('plain');
    const reacted = await send('reacted');
    const filed = await send('filed', ['a.txt', 'b.txt']);
    const both = await send('both @ben', ['c.txt']);
    const gone = await send('deleted with its file', ['d.txt']);
    const last = await send('last plain');
    await t.chat.reactions.add(ben, { messageId: reacted.id, emoji: '👍' });
    await t.chat.reactions.add(ana, { messageId: reacted.id, emoji: '👍' });
    await t.chat.reactions.add(ben, { messageId: both.id, emoji: '🎉' });
    await t.chat.reactions.add(ben, { messageId: gone.id, emoji: '👍' });
    await t.chat.messages.delete(ana, gone.id);
    const ids = [plain, reacted, filed, both, gone, last].map((m) => m.id);
    const alone = new Map<number, Message>();
    for (const id of ids) alone.set(id, (await t.store.getMessage(id))!);
    expect(alone.get(reacted.id)!.reactions).toEqual([{ emoji: '👍', count: 2, userIds: [ben.user.id, ana.user.id] }]);
    expect(alone.get(filed.id)!.attachments.map((a) => a.name)).toEqual(['a.txt', 'b.txt']);
    expect(alone.get(gone.id)!).toMatchObject({ attachments: [], reactions: [] });

    for (const order of ['newest-first', 'oldest-first'] as const) {
      for (const pageSize of [1, 2, 6]) {
        const seen: Message[] = [];
        let pageToken = '';
        do {
          const page = await t.chat.messages.list(ben, { conversationId: group, pageSize, order, pageToken });
          seen.push(...page.items);
          pageToken = page.nextPageToken;
        } while (pageToken);
        const mine = seen.filter((m) => ids.includes(m.id));
        expect(mine.map((m) => m.id)).toEqual(order === 'newest-first' ? [...ids].reverse() : ids);
        for (const message of mine) expect(message).toEqual(alone.get(message.id));
      }
    }
  });
});

/**
 * The newest page is kept between reads while its conversation's stamp (last_seq and the history
 * version, read with the caller's access) stays the same. Whatever changed it, on this replica
 * or on another over the same database, the next read must show the change.
 */
describe.each(TEST_STORES)('the newest page kept on %s', (kind) => {
  let t: TestChat;
  let other: TestChat;
  let ana: UserCaller;
  let ben: UserCaller;
  let cleo: UserCaller;
  let group: number;

  beforeAll(async () => {
    t = await openTestChat(kind, 'messages_newest');
    other = await t.replica();
    [ana, ben, cleo] = ['ana', 'ben', 'cleo'].map((name) => t.users.register(name));
    group = (await t.chat.conversations.createGroup(ana, { title: 'Kept', usernames: ['ben'] })).id;
    for (let i = 1; i <= 8; i++) await t.chat.messages.send(ana, { conversationId: group, body: `message ${i}` });
    await t.chat.messages.send(ben, { conversationId: group, body: 'from ben' });
  });
  afterAll(() => t?.dispose());
  afterEach(() => jest.restoreAllMocks());

  const newest = (chat: TestChat, caller = ben, pageSize = 5) => chat.chat.messages.list(caller, { conversationId: group, pageSize });
  /** The same newest messages read from the store itself, as every detail is now. */
  const stored = async (pageSize = 5) => (await t.store.listMessages({ conversationId: group, order: 'newest-first', afterSeq: 0, beforeSeq: 0, limit: pageSize })).slice(0, pageSize);

  it('reads the page from the store once while nothing changes, and serves a smaller page from it', async () => {
    await newest(t);
    const reads = jest.spyOn(t.store, 'listMessages');
    const again = await newest(t);
    const fewer = await newest(t, ben, 3);
    expect(reads).not.toHaveBeenCalled();
    // A larger page than the one kept is read again.
    const more = await newest(t, ben, 7);
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    expect(again.items).toEqual(await stored());
    expect(fewer.items).toEqual(again.items.slice(0, 3));
    expect(more.items).toEqual(await stored(7));
    // Every size asked in turn, twice, is the newest messages of that size (only a few are kept as pages).
    for (const size of [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]) expect((await newest(t, ben, size)).items).toEqual(more.items.slice(0, size));
    // The smaller page's token walks on from where it ended, nothing skipped.
    const next = await t.chat.messages.list(ben, { conversationId: group, pageSize: 3, pageToken: fewer.nextPageToken });
    expect(next.items).toEqual(more.items.slice(3, 6));
  });

  describe.each([
    ['this replica', () => t],
    ['another replica', () => other],
  ])('a change made on %s', (_where, writer) => {
    // Each change is made after both replicas hold the page, and each must show at once on both.
    const afterChange = async (change: () => Promise<unknown>) => {
      await Promise.all([newest(t), newest(other)]);
      await change();
      const [here, there] = await Promise.all([newest(t), newest(other)]);
      const now = await stored();
      expect(here.items).toEqual(now);
      expect(there.items).toEqual(now);
      return here.items;
    };

    it('a new message shows on top', async () => {
      const sent = await writer().chat.messages.send(ana, { conversationId: group, body: 'brand new' });
      const [top] = await afterChange(async () => undefined);
      expect(top).toMatchObject({ id: sent.message.id, body: 'brand new' });
      const next = await afterChange(() => writer().chat.messages.send(ben, { conversationId: group, body: 'newer still' }));
      expect(next[0].body).toBe('newer still');
      expect(next[1].id).toBe(sent.message.id);
    });

    it('an edit shows its new words', async () => {
      const { items } = await newest(t);
      const mine = items.find((m) => m.authorId === ana.user.id)!;
      const page = await afterChange(() => writer().chat.messages.edit(ana, { messageId: mine.id, body: 'edited words' }));
      expect(page.find((m) => m.id === mine.id)).toMatchObject({ body: 'edited words', editedAt: expect.any(Date) });
    });

    it('a reaction and its removal show', async () => {
      const { items } = await newest(t);
      const target = items[1];
      const reacted = await afterChange(() => writer().chat.reactions.add(ben, { messageId: target.id, emoji: '👍' }));
      expect(reacted.find((m) => m.id === target.id)!.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [ben.user.id] }]);
      const removed = await afterChange(() => writer().chat.reactions.remove(ben, { messageId: target.id, emoji: '👍' }));
      expect(removed.find((m) => m.id === target.id)!.reactions).toEqual([]);
    });

    it('a pin and an unpin show', async () => {
      const { items } = await newest(t);
      const target = items[2];
      const pinned = await afterChange(() => writer().chat.pins.pin(ben, target.id));
      expect(pinned.find((m) => m.id === target.id)).toMatchObject({ pinnedAt: expect.any(Date), pinnedBy: ben.user.id });
      const unpinned = await afterChange(() => writer().chat.pins.unpin(ben, target.id));
      expect(unpinned.find((m) => m.id === target.id)!.pinnedAt).toBeUndefined();
    });

    it('a read receipt turns the author’s messages read', async () => {
      const sent = await writer().chat.messages.send(ana, { conversationId: group, body: 'read me' });
      const before = await afterChange(async () => undefined);
      expect(before.find((m) => m.id === sent.message.id)!.status).toBe('sent');
      const after = await afterChange(() => writer().chat.messages.markRead(ben, { conversationId: group, seq: sent.message.seq }));
      expect(after.find((m) => m.id === sent.message.id)!.status).toBe('read');
    });

    it('a message with a file shows the file, and a delete shows the message gone with it', async () => {
      const upload = await writer().chat.files.upload(ana, framesOf(group, 'notes.txt', 'some notes'));
      const page = await afterChange(() => writer().chat.messages.send(ana, { conversationId: group, body: 'see file', attachmentIds: [upload.id] }));
      const filed = page[0];
      expect(filed.attachments.map((a) => a.name)).toEqual(['notes.txt']);
      const gone = await afterChange(() => writer().chat.messages.delete(ana, filed.id));
      expect(gone[0]).toMatchObject({ id: filed.id, body: '', status: 'deleted', attachments: [], deletedAt: expect.any(Date) });
    });

    it('a reply quotes its original as the original is now', async () => {
      const original = (await writer().chat.messages.send(ben, { conversationId: group, body: 'original words' })).message;
      const reply = (await writer().chat.messages.send(ana, { conversationId: group, body: 'a reply', replyToId: original.id })).message;
      const page = await afterChange(() => writer().chat.messages.edit(ben, { messageId: original.id, body: 'changed words' }));
      expect(page.find((m) => m.id === reply.id)!.replyTo).toMatchObject({ id: original.id, excerpt: 'changed words' });
    });
  });

  it('still refuses a non-member, and a member who left, the page others have read', async () => {
    await newest(t, ana);
    expect(await codeOf(newest(t, cleo))).toBe('NOT_FOUND');
    const dan = t.users.register('dan');
    await t.chat.conversations.addMember(ana, { conversationId: group, username: 'dan' });
    // Once a member, the history before they joined is theirs to read too.
    expect((await newest(t, dan)).items).toEqual(await stored());
    await other.chat.conversations.leave(dan, group);
    expect(await codeOf(newest(t, dan))).toBe('NOT_FOUND');
    expect(await codeOf(newest(other, dan))).toBe('NOT_FOUND');
  });
});
