// The first screen: conversations, everyone registered (page after page), the message of the day, and my profile.
import { HomeDocument, SetStatusDocument, UsersDocument, type HomeQuery } from '../src/api/generated';
import { Home, USERS_PAGE } from '../src/state/home';
import { People } from '../src/state/people';
import { putUser } from '../src/state/store';
import type { User } from '../src/state/types';
import { ANA, conversation, FakeServer, LUIS, MemoryStorage, storeWith } from './fakes';

const person = (n: number): User => ({ ...LUIS, id: `p${n}`, username: `person${n}` });

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
  const people = new People({ store, request: server.request });
  return { server, store, screen, people, storage, queueLoads: () => queueLoads };
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

describe('people', () => {
  it('loads everyone registered, page after page, past the first page', async () => {
    const { server, store, people } = setup();
    const everyone = Array.from({ length: 250 }, (_, i) => person(i));
    server.answer(UsersDocument, ({ after }) => {
      const from = Number(after);
      const page = everyone.slice(from, from + USERS_PAGE);
      const end = from + page.length;
      return { users: { edges: page.map((node) => ({ node })), pageInfo: { hasNextPage: end < everyone.length, endCursor: String(end) } } };
    });
    await people.loadEveryone({ hasNextPage: true, endCursor: '0' });
    expect(Object.keys(store.get().users)).toHaveLength(251);
    expect(server.sent(UsersDocument).map((v) => v.after)).toEqual(['0', '100', '200']);
    await people.loadEveryone({ hasNextPage: false, endCursor: '250' });
    expect(server.sent(UsersDocument)).toHaveLength(3);
  });

  it('shows a new name or status everywhere it appears, my own included', async () => {
    const { server, store, people } = setup();
    putUser(store, { ...ANA, firstName: 'Anita' });
    expect(store.get().me.firstName).toBe('Anita');
    expect(store.get().me.email).toBe(ANA.email);
    server.answer(SetStatusDocument, ({ status }) => ({ setStatus: { ...ANA, status } }));
    await people.setStatus('BUSY');
    expect(store.get().me.status).toBe('BUSY');
    expect(store.get().users[ANA.id].status).toBe('BUSY');
  });
});
