import { status as GrpcCode } from '@grpc/grpc-js';
import { TEST_STORES } from '@charla/platform/testing';
import { NotificationLevel, UserEventType, type UserEvent, type UsersServiceClient } from '@charla/proto/users';
import { SERVICE_TOKEN, bearer, call, refusal, startTestUsersService, uniqueName, type TestUsersService } from './harness';

/** The notification level (the user's own, like the email), and users by username in one call (mentions). */
describe.each(TEST_STORES)('notification levels and usernames in a batch on %s', (kind) => {
  let t: TestUsersService;
  let client: UsersServiceClient;
  const register = (username = uniqueName()) =>
    call(client, client.register, { username, password: 'correct horse battery', firstName: 'Ana', lastName: 'García', email: '' });

  beforeAll(async () => {
    t = await startTestUsersService(kind, 'users_levels');
    client = t.client;
  });
  afterAll(() => t.stop());

  it('starts at ALL, is set through UpdateUser, and is seen by its owner and services only', async () => {
    const ana = await register();
    const ben = await register();
    expect(ana.user?.notificationLevel).toBe(NotificationLevel.NOTIFICATION_LEVEL_ALL);
    const changed = await call(
      client,
      client.updateUser,
      { user: { ...ana.user!, notificationLevel: NotificationLevel.NOTIFICATION_LEVEL_MENTIONS }, updateMask: ['notification_level'] },
      bearer(ana.token),
    );
    expect(changed.user).toMatchObject({ notificationLevel: NotificationLevel.NOTIFICATION_LEVEL_MENTIONS, firstName: 'Ana' });
    const id = ana.user!.id;
    expect((await call(client, client.getUser, { id, username: '' }, bearer(ana.token))).user?.notificationLevel).toBe(NotificationLevel.NOTIFICATION_LEVEL_MENTIONS);
    expect((await call(client, client.getUser, { id, username: '' }, bearer(ben.token))).user?.notificationLevel).toBe(NotificationLevel.NOTIFICATION_LEVEL_UNSPECIFIED);
    expect((await call(client, client.getUser, { id, username: '' }, bearer(SERVICE_TOKEN))).user?.notificationLevel).toBe(NotificationLevel.NOTIFICATION_LEVEL_MENTIONS);
    // An empty mask is the profile others see: it leaves the level alone.
    await call(client, client.updateUser, { user: { ...changed.user!, firstName: 'Anita', notificationLevel: NotificationLevel.NOTIFICATION_LEVEL_UNSPECIFIED }, updateMask: [] }, bearer(ana.token));
    expect((await call(client, client.authenticate, { token: ana.token })).user?.notificationLevel).toBe(NotificationLevel.NOTIFICATION_LEVEL_MENTIONS);

    const bad = await refusal(
      call(client, client.updateUser, { user: { ...ana.user!, notificationLevel: NotificationLevel.NOTIFICATION_LEVEL_UNSPECIFIED }, updateMask: ['notification_level'] }, bearer(ana.token)),
    );
    expect(bad.grpcCode).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(bad.violations.map((v) => v.field)).toEqual(['notification_level']);
  });

  it('announces a new level to nobody (no profile event), and never streams it', async () => {
    const ana = await register();
    const events: UserEvent[] = [];
    const stream = client.watchEvents({ after: 0, fromNow: false, batched: false }, bearer(SERVICE_TOKEN));
    stream.on('data', (response: { event?: UserEvent }) => response.event && events.push(response.event));
    stream.on('error', () => undefined);
    await call(client, client.updateUser, { user: { ...ana.user!, notificationLevel: NotificationLevel.NOTIFICATION_LEVEL_NONE }, updateMask: ['notification_level'] }, bearer(ana.token));
    await call(client, client.updateUser, { user: { ...ana.user!, lastName: 'Ruiz' }, updateMask: ['last_name'] }, bearer(ana.token));
    const deadline = Date.now() + 5_000;
    while (!events.some((e) => e.user?.id === ana.user!.id && e.type === UserEventType.USER_EVENT_TYPE_PROFILE_CHANGED) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    stream.cancel();
    const mine = events.filter((e) => e.user?.id === ana.user!.id && e.type === UserEventType.USER_EVENT_TYPE_PROFILE_CHANGED);
    expect(mine.map((e) => e.user?.lastName)).toEqual(['Ruiz']);
    expect(mine[0].user?.notificationLevel).toBe(NotificationLevel.NOTIFICATION_LEVEL_UNSPECIFIED);
  });

  it('is changed over REST by its name', async () => {
    const ana = await register();
    const patch = (body: unknown) =>
      fetch(`${t.http}/v1/users/${ana.user!.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await patch({ notificationLevel: 'mentions' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { user: { notificationLevel: string } }).user.notificationLevel).toBe('NOTIFICATION_LEVEL_MENTIONS');
    expect((await patch({ notification_level: 'NOTIFICATION_LEVEL_NONE' })).status).toBe(200);
    const bad = await patch({ notificationLevel: 'loud' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('notification_level');
  });

  it('finds users by username in one call, ignoring case, unknown ones left out', async () => {
    const names = [uniqueName('zoe'), uniqueName('luis')];
    const [zoe, luis] = await Promise.all(names.map((name) => register(name)));
    const found = await call(client, client.batchGetUsers, { ids: [], usernames: [names[1].toUpperCase(), 'nobody-here', names[0], names[0]] }, bearer(SERVICE_TOKEN));
    expect(found.users.map((u) => u.id)).toEqual([luis.user!.id, zoe.user!.id]);
    const tooMany = await refusal(call(client, client.batchGetUsers, { ids: [], usernames: Array.from({ length: 1001 }, (_, i) => `u${i}`) }, bearer(SERVICE_TOKEN)));
    expect(tooMany.violations.map((v) => v.field)).toEqual(['usernames']);
  });
});
