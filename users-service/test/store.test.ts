import { isChatError } from '@charla/platform';
import { TEST_STORES, freshTestStore, type TestStoreLocation } from '@charla/platform/testing';
import { openUsersStorage, usersConfigFromEnv, type UsersStorage } from '../src/app';
import { uniqueKey } from '../src/domain/validation';
import type { NewUser } from '../src/store/store';

const newUser = (username: string, email?: string): NewUser => ({
  username,
  usernameKey: uniqueKey(username),
  firstName: '',
  lastName: '',
  email,
  emailKey: email && uniqueKey(email),
  passwordHash: '$scrypt$ln=10,r=8,p=1$c2FsdA$aGFzaA',
  role: 'user',
});

/** Two stores on one database: two replicas of the service. */
describe.each(TEST_STORES)('users store shared by two replicas on %s', (kind) => {
  let location: TestStoreLocation;
  let a: UsersStorage;
  let b: UsersStorage;

  beforeAll(async () => {
    location = await freshTestStore(kind, 'users_store');
    const config = usersConfigFromEnv({ DATABASE_URL: location.url ?? '', DATA_DIR: location.dataDir });
    const log = (await import('@charla/platform')).createLogger('test', 'silent');
    a = await openUsersStorage(config, log);
    // SQLite is the single-replica store (one process, one connection): there both "replicas"
    // share it and the races below are between interleaved async calls.
    b = kind === 'mysql' ? await openUsersStorage(config, log) : a;
  });
  afterAll(async () => {
    await a.close();
    if (b !== a) await b.close();
    await location.dispose();
  });

  it('lets exactly one of two racing registrations of a name (in any case) win', async () => {
    const results = await Promise.allSettled([
      a.store.createUser(newUser('Racer'), undefined, new Date()),
      b.store.createUser(newUser('rACER'), undefined, new Date()),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(isChatError(lost.reason) && lost.reason.code).toBe('ALREADY_EXISTS');
    expect(isChatError(lost.reason) && lost.reason.violations[0].field).toBe('username');
  });

  it('writes neither the user nor its event when the email is taken', async () => {
    await a.store.createUser(newUser('first_owner', 'same@example.org'), undefined, new Date());
    const head = await a.events.head();
    await expect(a.store.createUser(newUser('second_owner', 'SAME@example.org'), undefined, new Date())).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      violations: [{ field: 'email', description: expect.any(String) }],
    });
    expect(await a.store.userByUsernameKey('second_owner')).toBeUndefined();
    expect(await a.events.head()).toBe(head);
  });

  it('announces a user going offline once when both replicas sweep together', async () => {
    const user = await a.store.createUser(newUser('sweepme'), undefined, new Date());
    const opened = new Date(Date.now() - 10_000);
    await a.store.openLease({ id: 'lease-sweep', userId: user.id, holder: 'gw', expiresAt: new Date(opened.getTime() + 1_000) }, opened);
    expect((await a.store.userById(user.id))?.status).toBe('online');
    const head = await a.events.head();

    const now = new Date();
    const cutoff = new Date(now.getTime() - 5_000);
    const [fromA, fromB] = await Promise.all([a.store.sweepPresence(cutoff, now), b.store.sweepPresence(cutoff, now)]);
    expect(fromA + fromB).toBe(1);
    const events = (await a.events.readAfter(head)).filter((e) => e.subjectId === user.id);
    expect(events.map((e) => e.type)).toEqual(['status_changed']);
    const after = await a.store.userById(user.id);
    expect(after?.status).toBe('offline');
    expect(after?.lastSeenAt?.getTime()).toBe(now.getTime());
  });

  it('keeps a user online while one lease of several lives', async () => {
    const user = await a.store.createUser(newUser('twotabs'), undefined, new Date());
    const now = new Date();
    await a.store.openLease({ id: 'tab-1', userId: user.id, holder: 'gw-a', expiresAt: new Date(now.getTime() + 60_000) }, now);
    await b.store.openLease({ id: 'tab-2', userId: user.id, holder: 'gw-b', expiresAt: new Date(now.getTime() + 60_000) }, now);
    await a.store.closeLease('tab-1', new Date(now.getTime() - 60_000 + 1));
    const later = new Date(now.getTime() + 30_000);
    await a.store.sweepPresence(new Date(later.getTime() - 5_000), later);
    expect((await a.store.userById(user.id))?.status).toBe('online');
  });

  it('prunes sessions that ended before the cutoff and keeps live ones', async () => {
    const user = await a.store.createUser(newUser('sessions_owner'), undefined, new Date());
    const now = new Date();
    const day = 86_400_000;
    await a.store.createSession(user.id, { id: 'old-expired', tokenHash: 'a'.repeat(64), expiresAt: new Date(now.getTime() - 9 * day) }, new Date(now.getTime() - 10 * day));
    await a.store.createSession(user.id, { id: 'old-revoked', tokenHash: 'b'.repeat(64), expiresAt: new Date(now.getTime() + day) }, new Date(now.getTime() - 10 * day));
    await a.store.revokeSessions(user.id, { only: 'old-revoked' }, new Date(now.getTime() - 9 * day));
    await a.store.createSession(user.id, { id: 'live', tokenHash: 'c'.repeat(64), expiresAt: new Date(now.getTime() + day) }, now);
    expect(await a.store.pruneSessions(new Date(now.getTime() - 7 * day))).toBe(2);
    const found = await a.store.sessionsByTokenHashes(['c'.repeat(64), 'b'.repeat(64), 'd'.repeat(64)], now);
    expect([...found].map(([hash, { session }]) => [hash, session.id])).toEqual([['c'.repeat(64), 'live']]);
  });
});
