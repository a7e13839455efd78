import { TEST_STORES } from '@charla/platform/testing';
import type { ConversationView, Page } from '../src/domain/types';
import { codeOf, openTestChat, type TestChat } from './support';

/** Walks a list page by page, calling `between` after each page; returns every id seen, in order. */
async function walk(
  list: (pageToken: string) => Promise<Page<ConversationView>>,
  between: (page: number) => Promise<unknown> = async () => undefined,
): Promise<number[]> {
  const seen: number[] = [];
  let pageToken = '';
  let page = 0;
  do {
    const result = await list(pageToken);
    seen.push(...result.items.map((c) => c.id));
    pageToken = result.nextPageToken;
    await between(++page);
  } while (pageToken);
  return seen;
}

describe.each(TEST_STORES)('conversation lists on %s', (kind) => {
  let t: TestChat;

  beforeAll(async () => {
    t = await openTestChat(kind, 'lists');
  });
  afterAll(() => t.dispose());

  it('walks my conversations with none repeated or skipped while new ones arrive ahead and old ones move', async () => {
    const me = t.users.register('walker');
    const friend = t.users.register('friend');
    // Created at once, so many share one updated_at: the id breaks the tie.
    const groups = await Promise.all(Array.from({ length: 25 }, (_, i) => t.chat.conversations.createGroup(me, { title: `g${i}`, usernames: ['friend'] })));
    const before = groups.map((g) => g.id);

    const created: number[] = [];
    const seen = await walk(
      (pageToken) => t.chat.conversations.list(me, { pageSize: 7, pageToken }),
      async (page) => {
        // New conversations come first in the order, ahead of the walk; so does one that gets a message.
        created.push((await t.chat.conversations.createGroup(friend, { title: `new${page}`, usernames: ['walker'] })).id);
        if (page === 2) await t.chat.messages.send(friend, { conversationId: groups[20].id, body: 'bump' });
      },
    );
    expect(new Set(seen).size).toBe(seen.length); // nothing twice
    // Everything there at the start and not moved ahead was seen, in the list's order.
    const moved = groups[20].id;
    const numeric = (ids: number[]) => [...ids].sort((a, b) => a - b);
    expect(numeric(seen.filter((id) => before.includes(id)))).toEqual(numeric(before.filter((id) => id !== moved || seen.includes(id))));
    expect(seen.filter((id) => created.includes(id))).toEqual([]);
    // A fresh walk shows everything, newest activity first.
    const fresh = await walk((pageToken) => t.chat.conversations.list(me, { pageSize: 7, pageToken }));
    expect(fresh.slice(0, 2)).toEqual([created.at(-1), created.at(-2)]);
    expect(numeric(fresh)).toEqual(numeric([...before, ...created]));
  });

  it('walks rooms in creation order; rooms created during the walk come at its end', async () => {
    const me = t.users.register('roomer');
    const start = await walk((pageToken) => t.chat.conversations.rooms(me, { pageSize: 100, pageToken }));
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.chat.conversations.createRoom(me, { title: `room ${i}` })));
    const before = await walk((pageToken) => t.chat.conversations.rooms(me, { pageSize: 100, pageToken }));
    const added: number[] = [];
    const seen = await walk(
      (pageToken) => t.chat.conversations.rooms(me, { pageSize: 5, pageToken }),
      async (page) => added.push((await t.chat.conversations.createRoom(me, { title: `late room ${page}` })).id),
    );
    expect(seen.slice(0, before.length)).toEqual(before);
    expect(before.slice(0, start.length)).toEqual(start);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(before.length)).toEqual(added.slice(0, seen.length - before.length));
  });

  it('walks the support queue without skipping anyone when conversations are answered or join it mid-walk', async () => {
    const op = t.users.register('queue-op', 'operator');
    const askers = Array.from({ length: 12 }, (_, i) => t.users.register(`waiting${i}`));
    const supports: number[] = [];
    for (const asker of askers) {
      const support = await t.chat.conversations.openSupport(asker);
      await t.chat.messages.send(asker, { conversationId: support.id, body: 'help' });
      supports.push(support.id);
    }
    const late: number[] = [];
    const seen = await walk(
      (pageToken) => t.chat.conversations.supportQueue(op, { pageSize: 5, pageToken }),
      async (page) => {
        if (page !== 1) return;
        // Two from the first page are answered (they leave the queue); two new questions join its end.
        await t.chat.messages.send(op, { conversationId: supports[0], body: 'on it' });
        await new Promise((resolve) => setTimeout(resolve, 5)); // answered at distinct times, for the order below
        await t.chat.messages.send(op, { conversationId: supports[1], body: 'on it' });
        for (const name of ['late0', 'late1']) {
          const asker = t.users.register(name);
          const support = await t.chat.conversations.openSupport(asker);
          await t.chat.messages.send(asker, { conversationId: support.id, body: 'me too' });
          late.push(support.id);
        }
      },
    );
    expect(seen).toEqual([...supports, ...late]);

    // With the answered ones: waiting first (oldest wait first), then the answered, most recent first.
    const all = await walk((pageToken) => t.chat.conversations.supportQueue(op, { pageSize: 3, pageToken, includeAnswered: true }));
    expect(all).toEqual([...supports.slice(2), ...late, supports[1], supports[0]]);
  });

  it('refuses a page token it did not issue, offsets from before included', async () => {
    const me = t.users.register('forger');
    const offsetToken = Buffer.from(JSON.stringify({ n: 5 })).toString('base64url');
    for (const pageToken of ['garbage', offsetToken, Buffer.from(JSON.stringify({ i: 0, u: 1, w: null })).toString('base64url')]) {
      expect(await codeOf(t.chat.conversations.list(me, { pageToken }))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(t.chat.conversations.rooms(me, { pageToken }))).toBe('INVALID_ARGUMENT');
    }
  });
});
