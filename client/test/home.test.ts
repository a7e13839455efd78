// The first screen: my conversations, the people, the rooms to join, the message of the day; and all of it again after a reconnect.
import { HomeDocument, type HomeQuery } from '../src/api/generated';
import { Home } from '../src/state/home';
import { ANA, conversation, FakeServer, LUIS, MemoryStorage, storeWith } from './fakes';

function home(extra: Partial<HomeQuery> = {}): HomeQuery {
  return {
    me: ANA,
    conversations: [conversation('c1')],
    users: { edges: [{ node: LUIS }], pageInfo: { hasNextPage: false, endCursor: null } },
    rooms: [conversation('c1', { kind: 'ROOM' }), conversation('r1', { kind: 'ROOM' })],
    motd: 'Be kind.',
    ...extra,
  };
}

function setup(storage = new MemoryStorage()) {
  const server = new FakeServer();
  const store = storeWith();
  let queueLoads = 0;
  const screen = new Home({ store, request: server.request, storage, refreshSupportQueue: async () => void queueLoads++ });
  return { server, store, screen, storage, queueLoads: () => queueLoads };
}

describe('the first screen', () => {
  it('shows my conversations, the people, the rooms I have not joined and the message of the day', () => {
    const { store, screen } = setup();
    screen.apply(home());
    const s = store.get();
    expect(Object.keys(s.conversations)).toEqual(['c1']);
    expect(Object.keys(s.users).sort()).toEqual(['u1', 'u2']);
    expect(s.rooms.map((r) => r.id)).toEqual(['r1']);
    expect(s.motd).toBe('Be kind.');
  });

  it('does not show a dismissed message of the day again in this browser, but does a new one', () => {
    const storage = new MemoryStorage();
    const first = setup(storage);
    first.screen.apply(home());
    first.screen.dismissMotd();
    expect(first.store.get().motd).toBeNull();
    const later = setup(storage);
    later.screen.apply(home());
    expect(later.store.get().motd).toBeNull();
    later.screen.apply(home({ motd: 'New rooms!' }));
    expect(later.store.get().motd).toBe('New rooms!');
  });

  it('after a reconnect brings the lists up to date, and an operator’s support queue too', async () => {
    const { server, store, screen, queueLoads } = setup();
    server.answer(HomeDocument, () => home({ conversations: [conversation('c1'), conversation('c2')], me: { ...ANA, role: 'OPERATOR' } }));
    screen.apply(home());
    await screen.refresh();
    expect(Object.keys(store.get().conversations)).toEqual(['c1', 'c2']);
    expect(store.get().motd).toBe('Be kind.'); // not shown again after a reconnect
    expect(queueLoads()).toBe(1);
  });
});
