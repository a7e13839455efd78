import type { ClientReadableStream } from '@grpc/grpc-js';
import { fromServiceError } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import {
  UserEventType,
  UserStatus,
  type UserEvent,
  type UsersServiceClient,
  type WatchEventsResponse,
} from '@charla/proto/users';
import { SERVICE_TOKEN, bearer, call, refusal, startTestUsersService, uniqueName, type TestUsersService } from './harness';

const GRACE_MS = 300;

/** Collects a WatchEvents stream's events until cancelled. */
function watch(client: UsersServiceClient, after: number, fromNow = false) {
  const events: UserEvent[] = [];
  const stream: ClientReadableStream<WatchEventsResponse> = client.watchEvents({ after, fromNow, batched: false }, bearer(SERVICE_TOKEN));
  stream.on('data', (response: WatchEventsResponse) => response.event && events.push(response.event));
  stream.on('error', () => undefined);
  const until = async (predicate: (events: UserEvent[]) => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(events)) {
      if (Date.now() > deadline) throw new Error(`timed out; saw ${JSON.stringify(events.map((e) => [e.id, e.type]))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return events;
  };
  return { events, until, cancel: () => stream.cancel() };
}

describe.each(TEST_STORES)('presence leases and the event stream on %s', (kind) => {
  let t: TestUsersService;
  let client: UsersServiceClient;
  const service = bearer(SERVICE_TOKEN);
  const register = (username = uniqueName()) =>
    call(client, client.register, { username, password: 'correct horse battery', firstName: '', lastName: '', email: `${username}@example.org` });
  const statusOf = async (id: number) => (await call(client, client.getUser, { id, username: '' }, service)).user!.status;

  beforeAll(async () => {
    t = await startTestUsersService(kind, 'users_presence', { PRESENCE_GRACE_MS: String(GRACE_MS), PRESENCE_SWEEP_MS: '50' });
    client = t.client;
  });
  afterAll(() => t.stop());

  it('is online while a lease lives and offline a grace period after the last one closes', async () => {
    const { user } = await register();
    const id = user!.id;
    const first = await call(client, client.openLease, { userId: id, holder: 'gw-1', ttlSeconds: 30 }, service);
    expect(first.user?.status).toBe(UserStatus.USER_STATUS_ONLINE);
    const second = await call(client, client.openLease, { userId: id, holder: 'gw-2', ttlSeconds: 30 }, service);

    await call(client, client.closeLease, { leaseId: first.leaseId }, service);
    await new Promise((r) => setTimeout(r, GRACE_MS + 300));
    expect(await statusOf(id)).toBe(UserStatus.USER_STATUS_ONLINE);

    await call(client, client.closeLease, { leaseId: second.leaseId }, service);
    expect(await statusOf(id)).toBe(UserStatus.USER_STATUS_ONLINE);
    await new Promise((r) => setTimeout(r, GRACE_MS + 400));
    const after = (await call(client, client.getUser, { id, username: '' }, service)).user!;
    expect(after.status).toBe(UserStatus.USER_STATUS_OFFLINE);
    expect(after.lastSeenAt).toBeInstanceOf(Date);
  });

  it('does not flap when a socket reconnects within the grace period', async () => {
    const { user } = await register();
    const stream = watch(client, 0, true);
    await new Promise((r) => setTimeout(r, 100));
    const lease = await call(client, client.openLease, { userId: user!.id, holder: 'gw', ttlSeconds: 30 }, service);
    await call(client, client.closeLease, { leaseId: lease.leaseId }, service);
    await call(client, client.openLease, { userId: user!.id, holder: 'gw', ttlSeconds: 30 }, service);
    await new Promise((r) => setTimeout(r, GRACE_MS + 300));
    stream.cancel();
    const statusEvents = stream.events.filter((e) => e.type === UserEventType.USER_EVENT_TYPE_STATUS_CHANGED && e.user?.id === user!.id);
    expect(statusEvents.map((e) => e.user?.status)).toEqual([UserStatus.USER_STATUS_ONLINE]);
  });

  it('shows the chosen status while present, offline while absent', async () => {
    const { user, token } = await register();
    const away = await call(client, client.setStatus, { status: UserStatus.USER_STATUS_AWAY }, bearer(token));
    expect(away.user?.status).toBe(UserStatus.USER_STATUS_OFFLINE);
    const opened = await call(client, client.openLease, { userId: user!.id, holder: 'gw', ttlSeconds: 0 }, service);
    expect(opened.user?.status).toBe(UserStatus.USER_STATUS_AWAY);
    const busy = await call(client, client.setStatus, { status: UserStatus.USER_STATUS_BUSY }, bearer(token));
    expect(busy.user?.status).toBe(UserStatus.USER_STATUS_BUSY);
    const offline = await refusal(call(client, client.setStatus, { status: UserStatus.USER_STATUS_OFFLINE }, bearer(token)));
    expect(offline.violations[0].field).toBe('status');
  });

  it('renews live leases in one call and reports the ended ones', async () => {
    const { user } = await register();
    const live = await call(client, client.openLease, { userId: user!.id, holder: 'gw', ttlSeconds: 1 }, service);
    const closed = await call(client, client.openLease, { userId: user!.id, holder: 'gw', ttlSeconds: 1 }, service);
    await call(client, client.closeLease, { leaseId: closed.leaseId }, service);
    const renewed = await call(client, client.renewLeases, { leaseIds: [live.leaseId, closed.leaseId, 'never-issued'], ttlSeconds: 5 }, service);
    expect(renewed.expiredLeaseIds.sort()).toEqual([closed.leaseId, 'never-issued'].sort());
    // Renewed past its first TTL, the user is still online.
    await new Promise((r) => setTimeout(r, 1_000 + GRACE_MS + 300));
    expect(await statusOf(user!.id)).toBe(UserStatus.USER_STATUS_ONLINE);

    const badTtl = await refusal(call(client, client.renewLeases, { leaseIds: [live.leaseId], ttlSeconds: 301 }, service));
    expect(badTtl.violations[0].field).toBe('ttl_seconds');
    const unknownUser = await refusal(call(client, client.openLease, { userId: 99999999, holder: 'gw', ttlSeconds: 0 }, service));
    expect(unknownUser.reason).toBe('USER_NOT_FOUND');
  });

  it('streams user events in order, without email, and resumes after a cursor', async () => {
    const live = watch(client, 0, true);
    await new Promise((r) => setTimeout(r, 100));
    const username = uniqueName();
    const { user, token } = await register(username);
    await call(client, client.updateUser, { user: { ...user!, firstName: 'Eva' }, updateMask: ['first_name'] }, bearer(token));
    await call(client, client.logout, {}, bearer(token));
    const mine = (events: UserEvent[]) => events.filter((e) => e.user?.id === user!.id);
    await live.until((events) => mine(events).length >= 3);
    live.cancel();

    const seen = mine(live.events);
    expect(seen.map((e) => e.type)).toEqual([
      UserEventType.USER_EVENT_TYPE_REGISTERED,
      UserEventType.USER_EVENT_TYPE_PROFILE_CHANGED,
      UserEventType.USER_EVENT_TYPE_SESSION_REVOKED,
    ]);
    expect(seen.every((e) => e.user?.email === '')).toBe(true);
    expect(seen[1].user?.firstName).toBe('Eva');
    expect(seen[2].sessionIds).toHaveLength(1);
    const ids = live.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // A gateway that saw only the first resumes after it and misses nothing.
    const resumed = watch(client, seen[0].id);
    await resumed.until((events) => events.some((e) => e.id === seen[2].id));
    resumed.cancel();
    expect(resumed.events[0].id).toBe(seen[0].id + 1);
    expect(mine(resumed.events).map((e) => e.id)).toEqual([seen[1].id, seen[2].id]);
  });

  it('refuses the stream to anyone but a service', async () => {
    const { token } = await register();
    const stream = client.watchEvents({ after: 0, fromNow: false, batched: false }, bearer(token));
    const error = await new Promise<{ code: number }>((resolve) => {
      stream.on('data', () => undefined);
      stream.on('error', resolve);
    });
    expect(error.code).toBe(7); // PERMISSION_DENIED
  });

  it('refuses a cursor that is no event id, naming after', async () => {
    const stream = client.watchEvents({ after: -1, fromNow: false, batched: false }, service);
    const error = await new Promise<Error>((resolve) => {
      stream.on('data', () => undefined);
      stream.on('error', resolve);
    });
    expect(fromServiceError(error)).toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'after' }] });
  });
});
