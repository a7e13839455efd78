// Everyone registered (page after page) and my own record, fresh wherever it shows.
import { SetStatusDocument, UsersDocument } from '../src/api/generated';
import { USERS_PAGE } from '../src/state/home';
import { People } from '../src/state/people';
import { putUser } from '../src/state/store';
import type { User } from '../src/state/types';
import { ANA, FakeServer, LUIS, storeWith } from './fakes';

const person = (n: number): User => ({ ...LUIS, id: `p${n}`, username: `person${n}` });

function setup() {
  const server = new FakeServer();
  const store = storeWith();
  return { server, store, people: new People({ store, request: server.request }) };
}

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
