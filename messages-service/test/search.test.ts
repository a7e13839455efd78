import { toDbTime } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import type { Caller } from '../src/domain/types';
import { openTestChat, type TestChat } from './support';

const DAY = 86_400_000;

describe.each(TEST_STORES)('search over a long history on %s', (kind) => {
  let t: TestChat;
  let ana: Caller;
  let conversationId: number;
  /** The ids of the messages that say "viaje", newest first. */
  const trips: number[] = [];

  /** Every hit of a search, page by page, in the order the pages give them. */
  const walk = async (caller: Caller, query: string, pageSize: number) => {
    const ids: number[] = [];
    let pageToken = '';
    do {
      const page = await t.chat.search.search(caller, { query, pageSize, pageToken });
      ids.push(...page.items.map((hit) => hit.message.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return ids;
  };

  beforeAll(async () => {
    t = await openTestChat(kind, 'search_days');
    ana = t.users.register('ana');
    t.users.register('ben');
    conversationId = (await t.chat.conversations.createGroup(ana, { title: 'Viajes', usernames: ['ben'] })).id;
    // Sixty days of history, a message or two a day; every third one about a trip.
    const start = Date.now() - 60 * DAY;
    for (let n = 0; n < 90; n++) {
      const body = n % 3 === 0 ? `Día ${n}: el viaje sigue` : `Día ${n}: en casa`;
      const { message } = await t.chat.messages.send(ana, { conversationId, body });
      // As if written back then: the day a message was written is part of how it is found.
      await t.db.updateTable('messages').set({ created_at: toDbTime(new Date(start + Math.floor(n / 1.5) * DAY + n * 1000)) }).where('id', '=', message.id).execute();
      if (n % 3 === 0) trips.unshift(message.id);
    }
  }, 60_000);
  afterAll(() => t.dispose());

  it('pages through months of history newest first, every match once, across days', async () => {
    expect(await walk(ana, 'viaje', 4)).toEqual(trips);
    expect(await walk(ana, 'VIAJE sig', 7)).toEqual(trips);
    expect(await walk(ana, 'dia', 50)).toHaveLength(90);
    // One page for all: the same order as the walk.
    const all = await t.chat.search.search(ana, { query: 'viaje', pageSize: 50 });
    expect(all.items.map((hit) => hit.message.id)).toEqual(trips);
    expect(all.nextPageToken).toBe('');
  });

  it('continues a page token from before tokens carried the day', async () => {
    const old = Buffer.from(`s${trips[9]}`).toString('base64url');
    const page = await t.chat.search.search(ana, { query: 'viaje', pageSize: 50, pageToken: old });
    expect(page.items.map((hit) => hit.message.id)).toEqual(trips.slice(10));
  });

  it('finds a word longer than the index holds, whole or by its start', async () => {
    const long = `super${'cali'.repeat(20)}istico`;
    const { message } = await t.chat.messages.send(ana, { conversationId, body: `es ${long} de verdad` });
    const found = async (query: string) => (await t.chat.search.search(ana, { query })).items.map((hit) => hit.message.id);
    expect(await found(long)).toEqual([message.id]);
    expect(await found(`${long} verdad`)).toEqual([message.id]);
    expect(await found(long.slice(0, 83))).toEqual([message.id]);
    // Whole words still: the long word without its end is no word of the message unless it is the last.
    expect(await found(`${long.slice(0, 83)} verdad`)).toEqual([]);
  });
});
