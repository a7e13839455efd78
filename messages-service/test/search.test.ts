import { toDbTime } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import type { Caller } from '../src/domain/types';
import { openTestChat, type TestChat } from './support';

const DAY = 86_400_000;

/** Every hit of a search, page by page, in the order the pages give them. */
async function walkSearch(t: TestChat, caller: Caller, query: string, pageSize: number): Promise<number[]> {
  const ids: number[] = [];
  let pageToken = '';
  do {
    const page = await t.chat.search.search(caller, { query, pageSize, pageToken });
    ids.push(...page.items.map((hit) => hit.message.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ids;
}

describe.each(TEST_STORES)('search over a long history on %s', (kind) => {
  let t: TestChat;
  let ana: Caller;
  let conversationId: number;
  /** The ids of the messages that say "viaje", newest first. */
  const trips: number[] = [];

  const walk = (caller: Caller, query: string, pageSize: number) => walkSearch(t, caller, query, pageSize);

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

describe.each(TEST_STORES)('search across month boundaries on %s', (kind) => {
  let t: TestChat;
  let ana: Caller;
  /** Every message, newest first, with its body. */
  const sent: { id: number; body: string }[] = [];

  const walk = (query: string, pageSize: number) => walkSearch(t, ana, query, pageSize);
  const having = (...words: string[]) => sent.filter(({ body }) => words.every((w) => body.split(' ').includes(w))).map(({ id }) => id);

  beforeAll(async () => {
    t = await openTestChat(kind, 'search_months');
    ana = t.users.register('ana');
    t.users.register('ben');
    const conversationId = (await t.chat.conversations.createGroup(ana, { title: 'Meses', usernames: ['ben'] })).id;
    // Four months back to now: a few messages a day, thicker on the last and first days of each
    // month, the newest ten today (where a search reads straight before it asks the index).
    const now = new Date();
    const monthStart = (back: number) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1);
    const times: number[] = [];
    for (let back = 4; back >= 0; back--) {
      for (const offset of [-2, -1, -1, 0, 0, 0.5, 1, 9, 17]) times.push(monthStart(back) + offset * DAY + 3_600_000);
    }
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const past = times.filter((at) => at < today).sort((a, b) => a - b);
    for (const [n, at] of [...past, ...Array.from({ length: 10 }, (_, i) => today + i * 60_000)].entries()) {
      // "todos" and "straße" in every message: a word that common beside a rare one is left to the
      // rule (and to LIKE when its fold is plain ASCII, which "straße" is not).
      const words = ['todos', n % 4 === 0 ? 'viaje' : 'casa', [5, 23, 40].includes(n) ? 'raro' : 'comun', n % 2 === 0 ? 'par' : 'impar', 'straße'];
      const { message } = await t.chat.messages.send(ana, { conversationId, body: words.join(' ') });
      await t.db.updateTable('messages').set({ created_at: toDbTime(new Date(at)) }).where('id', '=', message.id).execute();
      sent.unshift({ id: message.id, body: words.join(' ') });
    }
  }, 60_000);
  afterAll(() => t.dispose());

  it('gives every match once, newest first, whatever the page size, as pages cross months', async () => {
    for (const pageSize of [1, 3, 7, 50]) {
      expect(await walk('todos', pageSize)).toEqual(having('todos'));
      expect(await walk('viaje', pageSize)).toEqual(having('viaje'));
      expect(await walk('raro', pageSize)).toEqual(having('raro'));
      expect(await walk('viaje im', pageSize)).toEqual(having('viaje', 'impar'));
      expect(await walk('raro par todo', pageSize)).toEqual(having('raro', 'par'));
      expect(await walk('STRASSE raro', pageSize)).toEqual([]);
      expect(await walk('straße raro', pageSize)).toEqual(having('raro'));
      expect(await walk('raro straß', pageSize)).toEqual(having('raro'));
    }
  });

  it('finds a rare word in the oldest month and a common one today on the same walk', async () => {
    const oldest = sent.at(-1)!;
    expect(await walk('raro', 2)).toContain(sent.find(({ body }) => body.includes('raro'))!.id);
    expect((await t.chat.search.search(ana, { query: 'todos', pageSize: 10 })).items.map((hit) => hit.message.id)).toEqual(sent.slice(0, 10).map(({ id }) => id));
    expect(await walk(oldest.body, 5)).toEqual(having(...oldest.body.split(' ')));
  });
});

describe.each(TEST_STORES)('search where the newest rows read straight meet the index on %s', (kind) => {
  let t: TestChat;
  let ana: Caller;
  /** Ana's messages, newest first. */
  const hers: { id: number; words: string[] }[] = [];
  const having = (...words: string[]) => hers.filter((m) => words.every((w) => m.words.includes(w))).map((m) => m.id);

  beforeAll(async () => {
    t = await openTestChat(kind, 'search_straight');
    const author = t.users.register('ana');
    ana = author;
    const ben = t.users.register('ben');
    t.users.register('cid');
    const ours = (await t.chat.conversations.createGroup(ana, { title: 'Nuestra', usernames: ['ben'] })).id;
    const theirs = (await t.chat.conversations.createGroup(ben, { title: 'Ajena', usernames: ['cid'] })).id;
    // The newest day is the 15th of last month, 2,500 messages of it (more than a search reads
    // straight before it asks the index), then a month and a half before it: so the month the
    // index is asked for holds the days already read, straight and by day.
    const now = new Date();
    const newestDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15);
    const times = [
      ...Array.from({ length: 60 }, (_, i) => newestDay - 45 * DAY + i * 18 * 3_600_000),
      ...Array.from({ length: 2_500 }, (_, i) => newestDay + i * 30_000),
    ];
    const rows = times.flatMap((at, i) => {
      // "raro" twice on the newest day below what is read straight, and in both months before.
      const words = ['todos', i % 7 === 0 ? 'eco' : 'nada', [5, 40, 60 + 100, 60 + 1_400].includes(i) ? 'raro' : 'comun'];
      const time = toDbTime(new Date(at));
      const row = { seq: i + 1, user_id: author.user.id, body: words.join(' '), client_id: null, status_id: 1, is_from_support: 0, created_at: time, updated_at: time };
      // Every fifth moment someone else's conversation says the same: never Ana's to find.
      return i % 5 === 0 ? [{ ...row, conversation_id: ours, words }, { ...row, conversation_id: theirs, words }] : [{ ...row, conversation_id: ours, words }];
    });
    for (let at = 0; at < rows.length; at += 500) {
      const chunk = rows.slice(at, at + 500);
      await t.db.insertInto('messages').values(chunk.map(({ words: _, ...row }) => row)).execute();
    }
    const ids = await t.db.selectFrom('messages').select(['id', 'body']).where('conversation_id', '=', ours).orderBy('id', 'desc').execute();
    hers.push(...ids.map((m) => ({ id: Number(m.id), words: m.body.split(' ') })));
  }, 120_000);
  afterAll(() => t.dispose());

  it('gives every match once, newest first, across the rows read straight, the day and the months', async () => {
    for (const pageSize of [1, 2, 50]) expect(await walkSearch(t, ana, 'raro', pageSize)).toEqual(having('raro'));
    expect(await walkSearch(t, ana, 'eco raro', 1)).toEqual(having('eco', 'raro'));
    expect(await walkSearch(t, ana, 'todos raro', 3)).toEqual(having('raro'));
    expect(await walkSearch(t, ana, 'eco', 50)).toEqual(having('eco'));
  });
});

describe.each(TEST_STORES)('search over more conversations than one statement asks on %s', (kind) => {
  let t: TestChat;
  let ana: Caller;
  /** Ana's messages that say "palabra", newest first, with their bodies. */
  const hers: { id: number; body: string }[] = [];
  const having = (...words: string[]) => hers.filter(({ body }) => words.every((w) => body.split(' ').includes(w))).map(({ id }) => id);

  beforeAll(async () => {
    t = await openTestChat(kind, 'search_chunks');
    const author = t.users.register('ana');
    ana = author;
    const ben = t.users.register('ben');
    const now = Date.now();
    const time = (at: number) => toDbTime(new Date(at));
    // 250 conversations of Ana's (more than a statement asks for at once), one she has left and one of Ben's alone.
    const conversations = Array.from({ length: 252 }, (_, i) => ({ kind: 'group' as const, title: `chunk ${i}`, last_seq: 0, created_at: time(now), updated_at: time(now) }));
    for (const c of conversations) await t.db.insertInto('conversations').values(c).execute();
    const ids = (await t.db.selectFrom('conversations').select('id').where('title', 'like', 'chunk %').orderBy('id').execute()).map((row) => Number(row.id));
    const members = ids.map((id, i) => ({
      conversation_id: id,
      user_id: i === 251 ? ben.user.id : author.user.id,
      role: 'member' as const,
      joined_at: time(now),
      left_at: i === 250 ? time(now) : null,
      last_delivered_seq: 0,
      last_read_seq: 0,
    }));
    await t.db.insertInto('conversation_members').values(members).execute();
    // Three messages in each, over the last three days, in turn across the conversations.
    const rows = [0, 1, 2].flatMap((round) =>
      ids.map((id, i) => {
        const at = time(now - (2 - round) * DAY + i * 1000);
        const body = ['palabra', `n${i}`, i % 3 === round ? 'otra' : 'nada'].join(' ');
        return { conversation_id: id, seq: round + 1, user_id: author.user.id, body, client_id: null, status_id: 1, is_from_support: 0, created_at: at, updated_at: at };
      }),
    );
    for (let at = 0; at < rows.length; at += 200) await t.db.insertInto('messages').values(rows.slice(at, at + 200)).execute();
    const stored = await t.db.selectFrom('messages').select(['id', 'body', 'conversation_id']).where('conversation_id', 'in', ids.slice(0, 250)).orderBy('id', 'desc').execute();
    hers.push(...stored.map((m) => ({ id: Number(m.id), body: m.body })));
  }, 60_000);
  afterAll(() => t.dispose());

  it('finds every match in every conversation of hers once, newest first, and none of the others', async () => {
    for (const pageSize of [7, 50]) expect(await walkSearch(t, ana, 'palabra', pageSize)).toEqual(having('palabra'));
    expect(await walkSearch(t, ana, 'palabra otra', 50)).toEqual(having('palabra', 'otra'));
    // The last word as a prefix, however short.
    expect(await walkSearch(t, ana, 'palabra ot', 50)).toEqual(having('palabra', 'otra'));
    expect(await walkSearch(t, ana, 'n249 palab', 50)).toEqual(having('n249'));
    expect(await walkSearch(t, ana, 'n250', 50)).toEqual([]);
    expect(await walkSearch(t, ana, 'n251', 50)).toEqual([]);
  });
});
