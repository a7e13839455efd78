import { UserEventType, type UserEvent } from '@charla/proto/users';
import { createLogger } from '@charla/platform';
import { freshTestStore, type TestStoreLocation } from '@charla/platform/testing';
import { startUsersService, usersConfigFromEnv, type RunningUsersService } from '@charla/users-service';
import { connectUsers } from '../src/clients/users';
import { ServiceWatch } from '../src/live/watch';
import { until } from './stack';

const settings = { deadlineMs: 3_000, serviceToken: 'charla-dev-service-token' };
let db: TestStoreLocation;
let service: RunningUsersService | undefined;

function startUsers(grpcPort: number) {
  return startUsersService(
    usersConfigFromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', GRPC_PORT: String(grpcPort), HTTP_PORT: '0', DATABASE_URL: db.url, SCRYPT_LOG2_N: '10' }),
  );
}

beforeAll(async () => {
  db = await freshTestStore('mysql', 'gw_watch');
});
afterAll(async () => {
  await service?.stop();
  await db?.dispose();
});

test('an event stream that breaks before its first event resumes where it began, not from a later "now"', async () => {
  service = await startUsers(0);
  const address = `127.0.0.1:${service.grpcPort}`;
  const users = connectUsers(address, settings);
  const seen: string[] = [];
  const watch = new ServiceWatch<UserEvent>({
    name: 'users',
    open: (after) => users.watchEvents(after),
    // Long enough that the restarted service commits an event before the stream reopens.
    retryMs: 1_500,
    log: createLogger('test', 'silent'),
    onEvent: (event) => {
      if (event.type === UserEventType.USER_EVENT_TYPE_REGISTERED) seen.push(event.user!.username);
    },
  });
  try {
    watch.start();
    await watch.ready();
    // The service restarts before anything happened on this stream...
    await service.stop();
    service = await startUsers(Number(address.split(':')[1]));
    // ...and someone registers while the gateway waits to reconnect.
    await users.register({ username: 'early', password: 'correct horse 1', firstName: 'Early', lastName: 'Bird', email: '' }, 'anonymous');
    expect(watch.connected).toBe(false);
    await until(() => seen.includes('early'), 8_000, () => JSON.stringify(seen));
    expect(seen).toEqual(['early']);
  } finally {
    watch.stop();
    users.close();
  }
});
