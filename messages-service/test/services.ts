import { metadataFor, unaryCall, type UnaryMethod } from '@charla/platform';
import type { TestStoreKind } from '@charla/platform/testing';
import { MessagesServiceClient } from '@charla/proto/messages';
import { UserRole, UsersServiceClient } from '@charla/proto/users';
import { startStack, type ServicePart } from '@charla/stack';
import { credentials, type Metadata, type ServiceError } from '@grpc/grpc-js';

export const SERVICE_TOKEN = 'test-service-token';

/** A real users-service and messages-service, each on port 0 with its own fresh store. */
export interface TestServices {
  users: UsersServiceClient;
  messages: MessagesServiceClient;
  messagesHttp: string;
  usersRunning: ServicePart;
  messagesRunning: ServicePart;
  stop(): Promise<void>;
}

export async function startTestServices(kind: TestStoreKind, label: string): Promise<TestServices> {
  const stack = await startStack({ label, store: kind, serviceToken: SERVICE_TOKEN, gateway: false });
  const users = new UsersServiceClient(stack.users.grpcAddr, credentials.createInsecure());
  const messages = new MessagesServiceClient(stack.messages.grpcAddr, credentials.createInsecure());
  stack.leftovers.push(async () => users.close(), async () => messages.close());
  return { users, messages, messagesHttp: stack.messages.http, usersRunning: stack.users, messagesRunning: stack.messages, stop: stack.stop };
}

export const bearer = (token: string): Metadata => metadataFor({ token }, SERVICE_TOKEN);

/** One unary call with a token (or none), as a promise. */
export const call = <Req, Res>(client: object, method: UnaryMethod<Req, Res>, request: Req, token?: string): Promise<Res> =>
  unaryCall(method.bind(client), request, metadataFor(token === undefined ? 'anonymous' : { token }, SERVICE_TOKEN), 10_000);

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
