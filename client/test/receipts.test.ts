// Read and delivered markers: sent once per advance, only for what the person has seen or received.
import { MarkDeliveredDocument, MarkReadDocument } from '../src/api/generated';
import { Receipts } from '../src/state/receipts';
import { patch, setTimeline } from '../src/state/store';
import { mergeIntoTimeline } from '../src/state/timeline';
import type { Conversation } from '../src/state/types';
import { conversation, FakePage, FakeServer, fromLuis, message, networkDown, settle, storeWith } from './fakes';

function setup() {
  const server = new FakeServer();
  let down = false;
  server.answer(MarkReadDocument, ({ conversationId, seq }) => {
    if (down) throw networkDown();
    return { markRead: conversation(conversationId, { unreadCount: 0, members: conversation(conversationId).members.map((m) => ({ ...m, lastReadSeq: seq })) }) };
  });
  server.answer(MarkDeliveredDocument, ({ conversationId }) => {
    if (down) throw networkDown();
    return { markDelivered: { id: conversationId } };
  });
  const store = storeWith(conversation('c1', { unreadCount: 3 }));
  const page = new FakePage();
  const put = (c: Conversation) => patch(store, { conversations: { ...store.get().conversations, [c.id]: c } });
  const receipts = new Receipts({ store, request: server.request, page, put });
  const arrive = (...seqs: number[]) => setTimeline(store, 'c1', (t) => mergeIntoTimeline(t, seqs.map((s) => fromLuis(s))));
  return { server, store, page, receipts, arrive, setDown: (value: boolean) => (down = value) };
}

describe('read markers', () => {
  it('marks the open conversation read once per new last message, and clears its unread count at once', async () => {
    const { server, store, receipts, arrive } = setup();
    arrive(1, 2, 3);
    patch(store, { activeId: 'c1' });
    receipts.markActiveRead();
    expect(store.get().conversations.c1.unreadCount).toBe(0);
    receipts.markActiveRead();
    await settle();
    receipts.markActiveRead();
    arrive(4);
    receipts.markActiveRead();
    receipts.markActiveRead();
    await settle();
    expect(server.sent(MarkReadDocument)).toEqual([
      { conversationId: 'c1', seq: 3 },
      { conversationId: 'c1', seq: 4 },
    ]);
  });

  it('waits while the tab is hidden or nothing is open', () => {
    const { server, store, page, receipts, arrive } = setup();
    arrive(1);
    receipts.markActiveRead();
    patch(store, { activeId: 'c1' });
    page.shown = false;
    receipts.markActiveRead();
    expect(server.sent(MarkReadDocument)).toEqual([]);
    expect(store.get().conversations.c1.unreadCount).toBe(3);
  });

  it('sends a marker again after it failed to go out', async () => {
    const { server, store, receipts, arrive, setDown } = setup();
    arrive(1);
    patch(store, { activeId: 'c1' });
    setDown(true);
    receipts.markActiveRead();
    await settle();
    setDown(false);
    receipts.markActiveRead();
    await settle();
    expect(server.sent(MarkReadDocument)).toEqual([
      { conversationId: 'c1', seq: 1 },
      { conversationId: 'c1', seq: 1 },
    ]);
  });
});

describe('delivered markers', () => {
  it('tells the authors once per advance that their messages reached this device, never for my own', async () => {
    const { server, receipts, setDown } = setup();
    receipts.delivered('c1', [fromLuis(1), fromLuis(2), message(3)]);
    receipts.delivered('c1', [fromLuis(2)]);
    receipts.delivered('c1', [message(4), fromLuis(5, { status: 'READ' })]);
    setDown(true);
    receipts.delivered('c1', [fromLuis(6)]);
    await settle();
    setDown(false);
    receipts.delivered('c1', [fromLuis(6)]);
    expect(server.sent(MarkDeliveredDocument)).toEqual([
      { conversationId: 'c1', seq: 2 },
      { conversationId: 'c1', seq: 6 },
      { conversationId: 'c1', seq: 6 },
    ]);
  });
});
