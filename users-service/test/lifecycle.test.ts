import { credentials } from '@grpc/grpc-js';
import { TEST_STORES, freshTestStore, type TestStoreLocation } from '@charla/platform/testing';
import { UserRole, UsersServiceClient } from '@charla/proto/users';
import { createLogger } from '@charla/platform';
import { openUsersStorage, startUsersService, usersConfigFromEnv, type UsersConfig } from '../src/app';
import { phcParams } from '../src/domain/password';
import { SERVICE_TOKEN, bearer, call } from './harness';

describe.each(TEST_STORES)('users-service start and stop on %s', (kind) => {
  let location: TestStoreLocation;
  let config: UsersConfig;

  beforeAll(async () => {
    location = await freshTestStore(kind, 'users_lifecycle');
    config = usersConfigFromEnv({
      ...process.env,
      GRPC_PORT: '0',
      HTTP_PORT: '0',
      DATABASE_URL: location.url ?? '',
      DATA_DIR: location.dataDir,
      SERVICE_TOKEN,
      CHARLA_ADMIN_USERNAME: 'root_admin',
      CHARLA_ADMIN_PASSWORD: 'admin password 1',
    });
  });
  afterAll(() => location.dispose());

  it('creates the admin from the environment, keeps accounts and tokens across a restart, and stops with streams open', async () => {
    const first = await startUsersService(config);
    let client = new UsersServiceClient(`127.0.0.1:${first.grpcPort}`, credentials.createInsecure());
    const admin = await call(client, client.login, { username: 'root_admin', password: 'admin password 1' });
    expect(admin.user?.role).toBe(UserRole.USER_ROLE_ADMIN);
    const ana = await call(client, client.register, { username: 'ana', password: 'correct horse battery', firstName: 'Ana', lastName: '', email: '' });

    const stream = client.watchEvents({ after: 0, fromNow: false, batched: false }, bearer(SERVICE_TOKEN));
    const ended = new Promise<void>((resolve) => {
      stream.on('data', () => undefined);
      stream.on('error', () => resolve());
      stream.on('end', () => resolve());
    });
    const started = Date.now();
    await first.stop();
    await ended;
    expect(Date.now() - started).toBeLessThan(1_500);
    client.close();

    // Same store, new process, higher scrypt cost: the account, its token and the admin from the environment
    // (not duplicated) are there, and a login upgrades the stored hash to the new cost.
    const second = await startUsersService({ ...config, scryptLog2N: config.scryptLog2N + 1 });
    client = new UsersServiceClient(`127.0.0.1:${second.grpcPort}`, credentials.createInsecure());
    try {
      const me = await call(client, client.authenticate, { token: ana.token });
      expect(me.user?.username).toBe('ana');
      const all = await call(client, client.listUsers, { pageSize: 100, pageToken: '' }, bearer(ana.token));
      expect(all.users.map((u) => u.username)).toEqual(['root_admin', 'ana']);
      await call(client, client.login, { username: 'ana', password: 'correct horse battery' });
    } finally {
      client.close();
      await second.stop();
    }
    const storage = await openUsersStorage(config, createLogger('test', 'silent'));
    try {
      expect(phcParams((await storage.store.passwordHash(ana.user!.id)) ?? '')?.ln).toBe(config.scryptLog2N + 1);
    } finally {
      await storage.close();
    }
  });
});
