import { TEST_STORES } from '@charla/platform/testing';
import type { UploadFrame } from '../src/domain/files';
import type { Message, UserCaller } from '../src/domain/types';
import { openTestChat, type TestChat } from './support';

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
