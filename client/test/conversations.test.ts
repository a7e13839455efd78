// The conversation list: joining, leaving and what the server reports about it; the rooms to join and the support queue.
import { ConversationsDocument, JoinRoomDocument, LeaveConversationDocument, OpenDirectDocument, RoomsDocument, SupportQueueDocument } from '../src/api/generated';
import { Conversations, isOperator } from '../src/state/conversations';
import { patch } from '../src/state/store';
import { ANA, conversation, FakePage, FakeServer, LUIS, networkDown, settle, storeWith } from './fakes';

function setup() {
  const server = new FakeServer();
  const store = storeWith(conversation('c1'), conversation('c2'));
  const page = new FakePage();
  const dropped: string[] = [];
  const reports: string[] = [];
  const conversations = new Conversations({ store, request: server.request, page, report: (what) => reports.push(what), dropped: (id) => dropped.push(id) });
  const listed = () => Object.keys(store.get().conversations);
  return { server, store, page, dropped, reports, conversations, listed };
}

const withoutMe = (id: string) => conversation(id, { members: conversation(id).members.filter((m) => m.user?.id !== ANA.id) });

describe('conversations', () => {
  it('leaves a conversation at once, and late news about it does not bring it back', async () => {
    const { server, store, dropped, conversations, listed } = setup();
    server.answer(LeaveConversationDocument, () => ({ leaveConversation: true }));
    server.answer(RoomsDocument, () => ({ rooms: [conversation('r1', { kind: 'ROOM' })] }));
    patch(store, { activeId: 'c1' });
    await conversations.leave('c1');
    expect(listed()).toEqual(['c2']);
    expect(store.get().activeId).toBeNull();
    expect(dropped).toEqual(['c1']);
    conversations.put(conversation('c1'));
    expect(listed()).toEqual(['c2']);
    await settle();
    expect(store.get().rooms.map((r) => r.id)).toEqual(['r1']);

    // Added back since, as the server's own list says.
    server.answer(ConversationsDocument, () => ({ conversations: [conversation('c1'), conversation('c2')] }));
    await conversations.refresh();
    conversations.put(conversation('c1', { title: 'back' }));
    expect(store.get().conversations.c1.title).toBe('back');
  });

  it('drops a conversation I was removed from elsewhere; keeps the support conversation I answer', () => {
    const { conversations, listed } = setup();
    conversations.put(withoutMe('c2'));
    expect(listed()).toEqual(['c1']);
    conversations.put({ ...withoutMe('s1'), kind: 'SUPPORT' });
    expect(listed()).toEqual(['c1', 's1']);
  });

  it('shows the open conversation as read while it is in view, whatever count the server sends', () => {
    const { store, page, conversations } = setup();
    patch(store, { activeId: 'c1' });
    conversations.put(conversation('c1', { unreadCount: 2 }));
    expect(store.get().conversations.c1.unreadCount).toBe(0);
    page.shown = false;
    conversations.put(conversation('c1', { unreadCount: 2 }));
    expect(store.get().conversations.c1.unreadCount).toBe(2);
  });

  it('lists only the rooms not joined yet, and a joined room leaves that list', async () => {
    const { server, store, conversations } = setup();
    const room = (id: string) => conversation(id, { kind: 'ROOM' });
    server.answer(RoomsDocument, () => ({ rooms: [room('c1'), room('r1'), room('r2')] }));
    await conversations.refreshRooms();
    expect(store.get().rooms.map((r) => r.id)).toEqual(['r1', 'r2']);
    server.answer(JoinRoomDocument, ({ conversationId }) => ({ joinRoom: room(conversationId) }));
    expect(await conversations.joinRoom('r1')).toBe('r1');
    expect(store.get().rooms.map((r) => r.id)).toEqual(['r2']);
    expect(store.get().conversations.r1).toBeDefined();
  });

  it('keeps the support queue current as its conversations change', async () => {
    const { server, store, conversations } = setup();
    const support = (extra = {}) => ({ ...withoutMe('s1'), kind: 'SUPPORT' as const, ...extra });
    server.answer(SupportQueueDocument, () => ({ supportQueue: [support()] }));
    await conversations.refreshSupportQueue();
    conversations.put(support({ title: 'printer on fire' }));
    expect(store.get().supportQueue.map((c) => c.title)).toEqual(['printer on fire']);
  });

  it('returns the direct chat it opened, for the chat to show', async () => {
    const { server, store, conversations } = setup();
    server.answer(OpenDirectDocument, () => ({ openDirect: conversation('d1', { kind: 'DIRECT' }) }));
    expect(await conversations.openDirect(LUIS.username)).toBe('d1');
    expect(store.get().conversations.d1.kind).toBe('DIRECT');
  });

  it('reports a rooms list that failed after leaving, while the leave itself stands', async () => {
    const { server, conversations, listed, reports } = setup();
    server.answer(LeaveConversationDocument, () => ({ leaveConversation: true }));
    server.answer(RoomsDocument, () => {
      throw networkDown();
    });
    await conversations.leave('c1');
    await settle();
    expect(listed()).toEqual(['c2']);
    expect(reports).toEqual(['listing rooms after leaving failed']);
  });

  it('knows operators and admins answer the support desk', () => {
    expect([{ role: 'USER' as const }, { role: 'OPERATOR' as const }, { role: 'ADMIN' as const }].map(isOperator)).toEqual([false, true, true]);
  });
});
