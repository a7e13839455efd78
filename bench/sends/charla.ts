import { createLogger } from '@charla/platform';
import { freshTestStore, type TestStoreKind, type TestStoreLocation } from '@charla/platform/testing';
import { MessagesServiceClient } from '@charla/proto/messages';
import { UsersServiceClient } from '@charla/proto/users';
import { credentials, Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import { messagesConfigFromEnv, startMessagesService } from '../../messages-service/src/app';
import { startUsersService, usersConfigFromEnv, type RunningUsersService } from '../../users-service/src/app';
import { drive, type Measured } from './measure';

export const SERVICE_TOKEN = 'bench-service-token';
const silent = createLogger('bench', 'silent');

type Unary<Req, Res> = (req: Req, md: Metadata, opts: Partial<CallOptions>, cb: (e: ServiceError | null, r: Res) => void) => unknown;

export function call<Req, Res>(client: object, method: Unary<Req, Res>, request: Req, token: string, deadlineMs = 30_000): Promise<Res> {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve, reject) => {
    method.call(client, request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

const common = { ...process.env, GRPC_PORT: '0', HTTP_PORT: '0', SERVICE_TOKEN, HOST: '127.0.0.1', REDIS_URL: '', LOG_LEVEL: 'silent' };

/** A users-service on a fresh store of one kind, with `authors` registered; shared by that kind's scenarios. */
export interface Authors {
  usersPort: number;
  names: string[];
  tokens: string[];
  ids: number[];
  stop(): Promise<void>;
}

export async function registerAuthors(kind: TestStoreKind, count: number): Promise<Authors> {
  const location: TestStoreLocation = await freshTestStore(kind, 'bench_users');
  let running: RunningUsersService | undefined;
  let client: UsersServiceClient | undefined;
  try {
    // A cheap scrypt: registration is set-up here, not what is measured.
    running = await startUsersService(
      usersConfigFromEnv({ ...common, SCRYPT_LOG2_N: '10', DATA_DIR: location.dataDir, DATABASE_URL: location.url ?? '' }),
      silent,
    );
    client = new UsersServiceClient(`127.0.0.1:${running.grpcPort}`, credentials.createInsecure());
    const names = Array.from({ length: count }, (_, i) => `author${i}`);
    const tokens: string[] = [];
    const ids: number[] = [];
    for (const username of names) {
      const registered = await call(
        client,
        client.register,
        { username, password: 'correct horse battery', firstName: username, lastName: 'Bench', email: '' },
        '',
      );
      tokens.push(registered.token);
      ids.push(registered.user!.id);
    }
    const users = running;
    const usersClient = client;
    return {
      usersPort: running.grpcPort,
      names,
      tokens,
      ids,
      async stop() {
        usersClient.close();
        await users.stop();
        await location.dispose();
      },
    };
  } catch (error) {
    client?.close();
    await running?.stop();
    await location.dispose();
    throw error;
  }
}

export interface SendsOptions {
  sends: number;
  inFlight: number;
  maxSeconds: number;
  /** 1 = one transaction per send. */
  sendsPerCommit: number;
}

/**
 * A fresh messages-service (its own store of `kind`) next to the authors' users-service; the
 * first author creates one group with all the others, then every author sends in turn over
 * real gRPC, `inFlight` calls outstanding.
 */
export async function measureCharlaSends(kind: TestStoreKind, authors: Authors, options: SendsOptions): Promise<Measured> {
  return withMessagesService(kind, authors, { SENDS_PER_COMMIT: String(options.sendsPerCommit) }, async (client) => {
    const { conversation } = await call(client, client.createGroup, { title: 'bench', usernames: authors.names.slice(1) }, authors.tokens[0]);
    const conversationId = conversation!.id;
    const send = (i: number) =>
      call(
        client,
        client.sendMessage,
        { conversationId, body: `message ${i} from ${authors.names[i % authors.names.length]}`, clientId: `bench-${i}` },
        authors.tokens[i % authors.tokens.length],
      ).then(() => undefined);
    // Warm-up: channels open, token checks cached, statements prepared; not measured.
    const warm = Math.min(options.inFlight * 2, 200);
    await drive(warm, options.inFlight, options.maxSeconds, (i) => send(options.sends + i));
    return await drive(options.sends, options.inFlight, options.maxSeconds, send);
  });
}

/** A fresh messages-service (its own store of `kind`) next to the authors' users-service, for the length of `use`. */
export async function withMessagesService<T>(
  kind: TestStoreKind,
  authors: Authors,
  env: Record<string, string>,
  use: (client: MessagesServiceClient) => Promise<T>,
): Promise<T> {
  const location = await freshTestStore(kind, 'bench_messages');
  try {
    const running = await startMessagesService(
      messagesConfigFromEnv({ ...common, DATA_DIR: location.dataDir, DATABASE_URL: location.url ?? '', USERS_GRPC_ADDR: `127.0.0.1:${authors.usersPort}`, ...env }),
      silent,
    );
    const client = new MessagesServiceClient(`127.0.0.1:${running.grpcPort}`, credentials.createInsecure());
    try {
      return await use(client);
    } finally {
      client.close();
      await running.stop();
    }
  } finally {
    await location.dispose();
  }
}
