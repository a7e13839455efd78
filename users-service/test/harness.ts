import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { fromServiceError, metadataFor, unaryCall, type ChatError, type UnaryMethod } from '@charla/platform';
import type { TestStoreKind } from '@charla/platform/testing';
import { UsersServiceClient } from '@charla/proto/users';
import { startStack, type ServicePart } from '@charla/stack';

export const SERVICE_TOKEN = 'test-service-token';

export interface TestUsersService {
  service: ServicePart;
  client: UsersServiceClient;
  http: string;
  stop(): Promise<void>;
}

/** A real users-service on 127.0.0.1 port 0 over a fresh store, with a generated client. */
export async function startTestUsersService(kind: TestStoreKind, label: string, env: Record<string, string> = {}): Promise<TestUsersService> {
  const stack = await startStack({ label, store: kind, serviceToken: SERVICE_TOKEN, messages: false, gateway: false, env: { users: { PRESENCE_SWEEP_MS: '50', ...env } } });
  const client = new UsersServiceClient(stack.users.grpcAddr, credentials.createInsecure());
  stack.leftovers.push(async () => client.close());
  return { service: stack.users, client, http: stack.users.http, stop: stack.stop };
}

export const bearer = (token: string): Metadata => metadataFor({ token }, SERVICE_TOKEN);

/** Calls a unary RPC of the generated client as a promise. */
export const call = <Req, Res>(client: UsersServiceClient, method: UnaryMethod<Req, Res>, request: Req, metadata = new Metadata()): Promise<Res> =>
  unaryCall(method.bind(client), request, metadata, 10_000);

/** The refusal of a call, decoded back from its gRPC status and google.rpc details. */
export async function refusal(promise: Promise<unknown>): Promise<ChatError & { grpcCode: number }> {
  try {
    await promise;
  } catch (error) {
    return Object.assign(fromServiceError(error), { grpcCode: (error as ServiceError).code });
  }
  throw new Error('expected the call to fail');
}

let counter = 0;
/** A username unique within the run. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}_${Date.now().toString(36).slice(-4)}`;
}
