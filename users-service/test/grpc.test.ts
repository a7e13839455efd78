import { status as GrpcCode } from '@grpc/grpc-js';
import { TEST_STORES } from '@charla/platform/testing';
import { UserRole, UserStatus, type UsersServiceClient } from '@charla/proto/users';
import { SERVICE_TOKEN, bearer, call, refusal, startTestUsersService, uniqueName, type TestUsersService } from './harness';

describe.each(TEST_STORES)('UsersService over gRPC on %s', (kind) => {
  let t: TestUsersService;
  let client: UsersServiceClient;
  const register = (username = uniqueName(), extra: { email?: string; password?: string } = {}) =>
    call(client, client.register, {
      username,
      password: extra.password ?? 'correct horse battery',
      firstName: 'Ana',
      lastName: 'García',
      email: extra.email ?? '',
    });

  beforeAll(async () => {
    t = await startTestUsersService(kind, 'users_grpc');
    client = t.client;
  });
  afterAll(() => t.stop());

  it('registers a user who can then log in and be authenticated', async () => {
    const username = uniqueName('ana');
    const registered = await register(username, { email: `${username}@example.org` });
    expect(registered.user).toMatchObject({ username, firstName: 'Ana', lastName: 'García', email: `${username}@example.org` });
    expect(registered.user?.role).toBe(UserRole.USER_ROLE_USER);
    expect(registered.user?.status).toBe(UserStatus.USER_STATUS_OFFLINE);
    expect(registered.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const login = await call(client, client.login, { username: username.toUpperCase(), password: 'correct horse battery' });
    expect(login.user?.id).toBe(registered.user?.id);
    expect(login.token).not.toBe(registered.token);

    const authenticated = await call(client, client.authenticate, { token: login.token });
    expect(authenticated.user?.id).toBe(registered.user?.id);
    expect(authenticated.sessionId).not.toBe('');
  });

  it('resolves many tokens in one BatchAuthenticate, each in its place, a bad or revoked one without a user', async () => {
    const [ana, bea] = [await register(), await register()];
    const revoked = await call(client, client.login, { username: bea.user!.username, password: 'correct horse battery' });
    await call(client, client.logout, {}, bearer(revoked.token));
    const service = bearer(SERVICE_TOKEN);
    const { results } = await call(client, client.batchAuthenticate, { tokens: [bea.token, 'not-a-token', ana.token, revoked.token, '', ana.token] }, service);
    expect(results.map((result) => result.user?.id ?? 0)).toEqual([bea.user!.id, 0, ana.user!.id, 0, 0, ana.user!.id]);
    expect(results[0].sessionId).not.toBe('');
    expect(results[0].expiresAt!.getTime()).toBeGreaterThan(Date.now());
    const tooMany = await refusal(call(client, client.batchAuthenticate, { tokens: Array.from({ length: 501 }, () => ana.token) }, service));
    expect(tooMany.grpcCode).toBe(GrpcCode.INVALID_ARGUMENT);
    // Only Charla's services may check tokens by the hundred: to anyone else a batch is guesses.
    const anonymous = await refusal(call(client, client.batchAuthenticate, { tokens: [bea.token] }));
    expect(anonymous).toMatchObject({ grpcCode: GrpcCode.UNAUTHENTICATED, reason: 'SERVICE_TOKEN_REQUIRED' });
    const asUser = await refusal(call(client, client.batchAuthenticate, { tokens: [bea.token] }, bearer(ana.token)));
    expect(asUser).toMatchObject({ grpcCode: GrpcCode.PERMISSION_DENIED, reason: 'SERVICE_TOKEN_REQUIRED' });
  });

  it('gives the same UNAUTHENTICATED refusal for a wrong password and an unknown user', async () => {
    const username = uniqueName();
    await register(username);
    const wrongPassword = await refusal(call(client, client.login, { username, password: 'not the password' }));
    const unknownUser = await refusal(call(client, client.login, { username: uniqueName('ghost'), password: 'correct horse battery' }));
    expect(wrongPassword.grpcCode).toBe(GrpcCode.UNAUTHENTICATED);
    expect({ ...unknownUser, cause: undefined, stack: undefined }).toEqual({ ...wrongPassword, cause: undefined, stack: undefined });
    expect(unknownUser.message).toBe(wrongPassword.message);
  });

  it('names the bad field and takes usernames and emails case-insensitively', async () => {
    const short = await refusal(register('ab'));
    expect(short.grpcCode).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(short.violations.map((v) => v.field)).toEqual(['username']);

    const weakAndBadEmail = await refusal(register(uniqueName(), { password: 'short', email: 'not-an-email' }));
    expect(weakAndBadEmail.violations.map((v) => v.field).sort()).toEqual(['email', 'password']);

    const spaces = await refusal(register('has space'));
    expect(spaces.violations[0].field).toBe('username');

    const username = uniqueName('Taken');
    await register(username, { email: `${username}@Example.org` });
    const taken = await refusal(register(username.toLowerCase()));
    expect(taken.grpcCode).toBe(GrpcCode.ALREADY_EXISTS);
    expect(taken.violations[0].field).toBe('username');
    const emailTaken = await refusal(register(uniqueName(), { email: `${username.toUpperCase()}@example.ORG` }));
    expect(emailTaken.grpcCode).toBe(GrpcCode.ALREADY_EXISTS);
    expect(emailTaken.violations[0].field).toBe('email');
  });

  it('leaves no half-written user behind a refused registration', async () => {
    const username = uniqueName();
    await refusal(register(username, { email: 'bad' }));
    const again = await register(username);
    expect(again.user?.username).toBe(username);
  });

  it('needs a token to read users, and shows email only to its owner', async () => {
    const owner = await register(uniqueName(), { email: `${uniqueName()}@example.org` });
    const other = await register();
    const id = owner.user!.id;

    const anonymous = await refusal(call(client, client.getUser, { id, username: '' }));
    expect(anonymous.grpcCode).toBe(GrpcCode.UNAUTHENTICATED);
    const badToken = await refusal(call(client, client.getUser, { id, username: '' }, bearer('nope')));
    expect(badToken.grpcCode).toBe(GrpcCode.UNAUTHENTICATED);

    const mine = await call(client, client.getUser, { id, username: '' }, bearer(owner.token));
    expect(mine.user?.email).toBe(owner.user?.email);
    const theirs = await call(client, client.getUser, { id: 0, username: owner.user!.username }, bearer(other.token));
    expect(theirs.user?.id).toBe(id);
    expect(theirs.user?.email).toBe('');
    const asService = await call(client, client.getUser, { id, username: '' }, bearer(SERVICE_TOKEN));
    expect(asService.user?.email).toBe(owner.user?.email);

    const missing = await refusal(call(client, client.getUser, { id: 987654321, username: '' }, bearer(other.token)));
    expect(missing.grpcCode).toBe(GrpcCode.NOT_FOUND);
  });

  it('fetches users in batches and pages through all of them', async () => {
    const a = await register();
    const b = await register();
    const batch = await call(client, client.batchGetUsers, { ids: [b.user!.id, 999999, a.user!.id], usernames: [] }, bearer(SERVICE_TOKEN));
    expect(batch.users.map((u) => u.id)).toEqual([b.user!.id, a.user!.id]);

    const seen: number[] = [];
    let pageToken = '';
    do {
      const page = await call(client, client.listUsers, { pageSize: 2, pageToken }, bearer(a.token));
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((u) => u.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(seen).toEqual(expect.arrayContaining([a.user!.id, b.user!.id]));

    const tooBig = await refusal(call(client, client.listUsers, { pageSize: 101, pageToken: '' }, bearer(a.token)));
    expect(tooBig.violations[0].field).toBe('page_size');
    const forged = await refusal(call(client, client.listUsers, { pageSize: 0, pageToken: 'garbage' }, bearer(a.token)));
    expect(forged.violations[0].field).toBe('page_token');
  });

  it('updates only the caller’s own profile, by mask', async () => {
    const me = await register(uniqueName(), { email: `${uniqueName()}@example.org` });
    const other = await register();
    const renamed = uniqueName('Renamed');
    const updated = await call(
      client,
      client.updateUser,
      { user: { ...me.user!, firstName: 'Anita', username: renamed, lastName: 'ignored' }, updateMask: ['first_name', 'username'] },
      bearer(me.token),
    );
    expect(updated.user).toMatchObject({ firstName: 'Anita', username: renamed, lastName: 'García', email: me.user!.email });

    const notMine = await refusal(
      call(client, client.updateUser, { user: { ...other.user!, firstName: 'X' }, updateMask: ['first_name'] }, bearer(me.token)),
    );
    expect(notMine.grpcCode).toBe(GrpcCode.PERMISSION_DENIED);
    const badPath = await refusal(call(client, client.updateUser, { user: me.user!, updateMask: ['role'] }, bearer(me.token)));
    expect(badPath.violations[0].field).toBe('update_mask');
    const taken = await refusal(
      call(client, client.updateUser, { user: { ...updated.user!, username: other.user!.username.toUpperCase() }, updateMask: ['username'] }, bearer(me.token)),
    );
    expect(taken.grpcCode).toBe(GrpcCode.ALREADY_EXISTS);
  });

  it('logs out one session, and a password change ends all the others', async () => {
    const username = uniqueName();
    const first = await register(username);
    const second = await call(client, client.login, { username, password: 'correct horse battery' });
    const third = await call(client, client.login, { username, password: 'correct horse battery' });

    await call(client, client.logout, {}, bearer(first.token));
    expect((await refusal(call(client, client.authenticate, { token: first.token }))).grpcCode).toBe(GrpcCode.UNAUTHENTICATED);

    const wrongOld = await refusal(
      call(client, client.changePassword, { oldPassword: 'nope nope nope', newPassword: 'a brand new secret' }, bearer(second.token)),
    );
    expect(wrongOld.violations[0].field).toBe('old_password');
    await call(client, client.changePassword, { oldPassword: 'correct horse battery', newPassword: 'a brand new secret' }, bearer(second.token));
    await call(client, client.authenticate, { token: second.token });
    expect((await refusal(call(client, client.authenticate, { token: third.token }))).grpcCode).toBe(GrpcCode.UNAUTHENTICATED);
    await refusal(call(client, client.login, { username, password: 'correct horse battery' }));
    await call(client, client.login, { username, password: 'a brand new secret' });
  });

  it('lets only admins and services grant roles', async () => {
    const admin = await register();
    const user = await register();
    const denied = await refusal(call(client, client.setRole, { userId: user.user!.id, role: UserRole.USER_ROLE_OPERATOR }, bearer(user.token)));
    expect(denied.grpcCode).toBe(GrpcCode.PERMISSION_DENIED);
    await call(client, client.setRole, { userId: admin.user!.id, role: UserRole.USER_ROLE_ADMIN }, bearer(SERVICE_TOKEN));
    const granted = await call(client, client.setRole, { userId: user.user!.id, role: UserRole.USER_ROLE_OPERATOR }, bearer(admin.token));
    expect(granted.user?.role).toBe(UserRole.USER_ROLE_OPERATOR);
    const unspecified = await refusal(call(client, client.setRole, { userId: user.user!.id, role: UserRole.USER_ROLE_UNSPECIFIED }, bearer(admin.token)));
    expect(unspecified.violations[0].field).toBe('role');
  });

  it('keeps internal calls for the service credential', async () => {
    const user = await register();
    const asUser = await refusal(call(client, client.openLease, { userId: user.user!.id, holder: 'gw', ttlSeconds: 0 }, bearer(user.token)));
    expect(asUser.grpcCode).toBe(GrpcCode.PERMISSION_DENIED);
    const anonymous = await refusal(call(client, client.renewLeases, { leaseIds: [], ttlSeconds: 0 }));
    expect(anonymous.grpcCode).toBe(GrpcCode.UNAUTHENTICATED);
    const serviceAsUser = await refusal(call(client, client.logout, {}, bearer(SERVICE_TOKEN)));
    expect(serviceAsUser.grpcCode).toBe(GrpcCode.PERMISSION_DENIED);
  });
});
