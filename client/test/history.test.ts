// Each conversation's messages: history pages, holes in the live stream filled from history, and unread counts.
import { ConversationsDocument, MessagesDocument, type MessagesQueryVariables } from '../src/api/generated';
import { History } from '../src/state/history';
import { patch } from '../src/state/store';
import type { Conversation, Message } from '../src/state/types';
import { conversation, FakePage, FakeServer, fromLuis, message, messagesPage, networkDown, settle, storeWith } from './fakes';

/** A server holding `messages` for c1: answers history pages before or after a seq. */
function historyServer(messages: Message[]) {
  const server = new FakeServer();
  let down = false;
  server.answer(MessagesDocument, ({ first, before, after }: MessagesQueryVariables) => {
    if (down) throw networkDown();
    const size = first ?? 40;
    if (after != null) {
      const newer = messages.filter((m) => m.seq > Number(after));
      return messagesPage(newer.slice(0, size), { hasNextPage: newer.length > size });
    }
    const older = messages.filter((m) => before == null || m.seq < Number(before));
    return messagesPage(older.slice(-size), { hasPreviousPage: older.length > size });
  });
  return { server, setDown: (value: boolean) => (down = value) };
}

function setup(messages: Message[], conversations: Conversation[] = [conversation('c1')]) {
  const { server, setDown } = historyServer(messages);
  const store = storeWith(...conversations);
  const page = new FakePage();
  const calls = { settled: [] as string[], delivered: [] as number[], markActiveRead: 0, typingStopped: [] as (string | undefined)[], reports: [] as string[] };
  const put = (c: Conversation) => patch(store, { conversations: { ...store.get().conversations, [c.id]: c } });
  const history = new History({
    store,
    request: server.request,
    page,
    report: (what) => calls.reports.push(what),
    settled: (clientId) => calls.settled.push(clientId),
    delivered: (_id, ms) => calls.delivered.push(...ms.map((m) => m.seq)),
    markActiveRead: () => calls.markActiveRead++,
    typingStopped: (_id, userId) => calls.typingStopped.push(userId),
    conversations: { put, refresh: () => server.request(ConversationsDocument, {}).then(({ conversations }) => conversations.forEach(put)) },
  });
  const seqs = (id = 'c1') => store.get().timelines[id]?.messages.map((m) => m.seq);
  return { server, setDown, store, page, calls, history, seqs };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => fromLuis(from + i));

describe('conversation history', () => {
  it('shows the latest page first and older pages on scrolling up, until the first message', async () => {
    const { history, store, seqs, server } = setup(range(1, 90));
    await history.loadOlder('c1');
    expect(seqs()).toEqual(range(51, 90).map((m) => m.seq));
    await history.loadOlder('c1');
    await history.loadOlder('c1');
    expect(seqs()).toEqual(range(1, 90).map((m) => m.seq));
    expect(store.get().timelines.c1.hasOlder).toBe(false);
    await history.loadOlder('c1');
    expect(server.sent(MessagesDocument).map((v) => v.before)).toEqual([undefined, '51', '11']);
  });

  it('fills a gap in the live stream from history, so nothing is missed and nothing shows twice', async () => {
    const all = range(1, 3);
    const { history, seqs, server } = setup(all);
    await history.loadOlder('c1');
    // 4–7 were sent while the stream missed them; 8 came down it (twice: a push and a replay).
    all.push(...range(4, 8));
    history.receive([fromLuis(8)], true);
    history.receive([fromLuis(8), fromLuis(3)], true);
    await settle();
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // One run of history filled it, from the last seq held with nothing missing before it.
    expect(server.sent(MessagesDocument).filter((v) => v.after != null).map((v) => v.after)).toEqual(['3']);
  });

  it('asks history for what is missing after the last seq with nothing before it missing', async () => {
    const all = range(1, 100);
    const { history, seqs, server } = setup(all);
    await history.loadOlder('c1'); // 61–100
    all.push(...range(101, 150));
    history.receive([fromLuis(101)], true); // no hole
    history.receive([fromLuis(150)], true); // 102–149 missing
    await settle();
    expect(seqs()).toEqual(range(61, 150).map((m) => m.seq));
    expect(server.sent(MessagesDocument).filter((v) => v.after != null).map((v) => v.after)).toEqual(['101', '141']);
  });

  it('leaves a hole it could not fill for the next message to try again', async () => {
    const all = range(1, 5);
    const { history, seqs, setDown, calls } = setup(all);
    await history.loadOlder('c1');
    all.push(...range(6, 9));
    setDown(true);
    history.receive([fromLuis(7)], true);
    await settle();
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 7]);
    expect(calls.reports).toEqual(['filling missed messages failed']);
    setDown(false);
    history.receive([fromLuis(9)], true);
    await settle();
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('counts a new message from someone else as unread, unless its conversation is open and in view', () => {
    const { history, store, page, calls } = setup([], [conversation('c1'), conversation('c2')]);
    patch(store, { activeId: 'c1' });
    history.receive([fromLuis(1, { conversationId: 'c1' }), fromLuis(1, { conversationId: 'c2' })], true);
    expect(store.get().conversations.c1.unreadCount).toBe(0);
    expect(store.get().conversations.c2.unreadCount).toBe(1);
    expect(calls.markActiveRead).toBe(1);
    page.shown = false;
    history.receive([fromLuis(2, { conversationId: 'c1' })], true);
    expect(store.get().conversations.c1.unreadCount).toBe(1);
    // My own messages, and edits of old ones, are never unread.
    history.receive([message(3, { conversationId: 'c2' }), fromLuis(1, { conversationId: 'c2', body: 'edited' })], false);
    expect(store.get().conversations.c2.unreadCount).toBe(1);
    expect(store.get().conversations.c2.lastMessage?.seq).toBe(3);
  });

  it('marks others’ new messages delivered, and their author as done typing', () => {
    const { history, calls } = setup([]);
    history.receive([fromLuis(1)], true);
    expect(calls.delivered).toEqual([1]);
    expect(calls.typingStopped).toEqual(['u2']);
  });

  it('settles my pending message when the server’s copy arrives, whichever way', () => {
    const { history, calls } = setup([]);
    history.receive([message(1, { clientId: 'k1' })], true);
    expect(calls.settled).toEqual(['k1']);
  });

  it('loads the conversation list when a message arrives in a conversation I was just added to', async () => {
    const { history, store, server } = setup([], []);
    server.answer(ConversationsDocument, () => ({ conversations: [conversation('c9')] }));
    history.receive([fromLuis(1, { conversationId: 'c9' })], true);
    await settle();
    expect(Object.keys(store.get().conversations)).toEqual(['c9']);
  });
});
