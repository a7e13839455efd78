import { freshTestStore, type TestStoreKind, type TestStoreLocation } from '@charla/platform/testing';
import { MessagesServiceClient } from '@charla/proto/messages';
import { UserRole, UsersServiceClient } from '@charla/proto/users';
import { credentials, Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import { startUsersService, usersConfigFromEnv, type RunningUsersService } from '../../users-service/src/app';
import { messagesConfigFromEnv, startMessagesService, type RunningMessagesService } from '../src/app';

export const SERVICE_TOKEN = 'test-service-token';

/** A real users-service and messages-service, each on port 0 with its own fresh store. */
export interface TestServices {
  users: UsersServiceClient;
  messages: MessagesServiceClient;
  messagesHttp: string;
  usersRunning: RunningUsersService;
  messagesRunning: RunningMessagesService;
  stop(): Promise<void>;
}

export async function startTestServices(kind: TestStoreKind, label: string): Promise<TestServices> {
  const usersStore: TestStoreLocation = await freshTestStore(kind, `${label}_users`);
  const messagesStore: TestStoreLocation = await freshTestStore(kind, `${label}_messages`);
  const common = { ...process.env, GRPC_PORT: '0', HTTP_PORT: '0', SERVICE_TOKEN, HOST: '127.0.0.1', REDIS_URL: '' };
  const usersRunning = await startUsersService(
    usersConfigFromEnv({ ...common, DATA_DIR: usersStore.dataDir, DATABASE_URL: usersStore.url ?? '' }),
  );
  const messagesRunning = await startMessagesService(
    messagesConfigFromEnv({
      ...common,
      DATA_DIR: messagesStore.dataDir,
      DATABASE_URL: messagesStore.url ?? '',
      USERS_GRPC_ADDR: `127.0.0.1:${usersRunning.grpcPort}`,
    }),
  );
  const users = new UsersServiceClient(`127.0.0.1:${usersRunning.grpcPort}`, credentials.createInsecure());
  const messages = new MessagesServiceClient(`127.0.0.1:${messagesRunning.grpcPort}`, credentials.createInsecure());
  return {
    users,
    messages,
    messagesHttp: `http://127.0.0.1:${messagesRunning.httpPort}`,
    usersRunning,
    messagesRunning,
    async stop() {
      users.close();
      messages.close();
      await messagesRunning.stop();
      await usersRunning.stop();
      await messagesStore.dispose();
      await usersStore.dispose();
    },
  };
}

type Unary<Req, Res> = (req: Req, md: Metadata, opts: Partial<CallOptions>, cb: (e: ServiceError | null, r: Res) => void) => unknown;

export function bearer(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

/** One unary call with a token (or none), as a promise. */
export function call<Req, Res>(client: object, method: Unary<Req, Res>, request: Req, token?: string): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, token === undefined ? new Metadata() : bearer(token), { deadline: Date.now() + 10_000 }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}

/** The gRPC status name a call failed with, or OK. */
export async function grpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    const names: Record<number, string> = { 3: 'INVALID_ARGUMENT', 5: 'NOT_FOUND', 7: 'PERMISSION_DENIED', 9: 'FAILED_PRECONDITION', 14: 'UNAVAILABLE', 16: 'UNAUTHENTICATED' };
    const code = (error as ServiceError).code;
    return names[code] ?? `code ${code}`;
  }
}

export interface TestUser {
  id: number;
  username: string;
  token: string;
}

/** Registers a real user through users-service; operators are promoted with the service credential. */
export async function registerUser(users: UsersServiceClient, username: string, role: 'user' | 'operator' = 'user'): Promise<TestUser> {
  const registered = await call(users, users.register, {
    username,
    password: 'correct horse battery',
    firstName: username,
    lastName: 'Test',
    email: '',
  });
  const id = registered.user!.id;
  if (role === 'operator') await call(users, users.setRole, { userId: id, role: UserRole.USER_ROLE_OPERATOR }, SERVICE_TOKEN);
  return { id, username, token: registered.token };
}
