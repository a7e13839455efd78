import { credentials, Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import { fromServiceError, type ChatError } from '@charla/platform';
import { freshTestStore, type TestStoreKind, type TestStoreLocation } from '@charla/platform/testing';
import { UsersServiceClient } from '@charla/proto/users';
import { startUsersService, usersConfigFromEnv, type RunningUsersService, type UsersConfig } from '../src/app';

export const SERVICE_TOKEN = 'test-service-token';

export interface TestUsersService {
  service: RunningUsersService;
  config: UsersConfig;
  client: UsersServiceClient;
  http: string;
  stop(): Promise<void>;
}

/** A real users-service on 127.0.0.1 port 0 over a fresh store, with a generated client. */
export async function startTestUsersService(kind: TestStoreKind, label: string, env: Record<string, string> = {}): Promise<TestUsersService> {
  const location: TestStoreLocation = await freshTestStore(kind, label);
  const config = usersConfigFromEnv({
    ...process.env,
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: location.url ?? '',
    DATA_DIR: location.dataDir,
    REDIS_URL: '',
    SERVICE_TOKEN,
    PRESENCE_SWEEP_MS: '50',
    ...env,
  });
  const service = await startUsersService(config);
  const client = new UsersServiceClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
  return {
    service,
    config,
    client,
    http: `http://127.0.0.1:${service.httpPort}`,
    stop: async () => {
      client.close();
      await service.stop();
      await location.dispose();
    },
  };
}

export function bearer(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

// Matches the generated client's last overload, the one TypeScript infers from.
type Unary<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => unknown;

/** Calls a unary RPC of the generated client as a promise. */
export function call<Req, Res>(client: UsersServiceClient, method: Unary<Req, Res>, request: Req, metadata = new Metadata()): Promise<Res> {
  return new Promise((resolve, reject) =>
    method.call(client, request, metadata, {}, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

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
