import { metadataFor, unaryCall, type UnaryMethod } from '@charla/platform';
import type { TestStoreKind } from '@charla/platform/testing';
import { MessagesServiceClient, SendMessageRequest } from '@charla/proto/messages';
import { UsersServiceClient } from '@charla/proto/users';
import { startStack, type Stack } from '@charla/stack';
import { credentials } from '@grpc/grpc-js';
import { drive, type Measured } from './measure';

export const SERVICE_TOKEN = 'bench-service-token';

/** One unary call with a token, as a promise (the raw ServiceError on failure). */
export const call = <Req, Res>(client: object, method: UnaryMethod<Req, Res>, request: Req, token: string, deadlineMs = 30_000): Promise<Res> =>
  unaryCall(method.bind(client), request, metadataFor({ token }, SERVICE_TOKEN), deadlineMs);

/** A users-service on a fresh store of one kind, with `authors` registered; shared by that kind's scenarios. */
export interface Authors {
  /** Users-service alone: each scenario adds its own messages-service. */
  stack: Stack;
  names: string[];
  tokens: string[];
  ids: number[];
  stop(): Promise<void>;
}

export async function registerAuthors(kind: TestStoreKind, count: number): Promise<Authors> {
  const stack = await startStack({ label: 'bench_users', store: kind, serviceToken: SERVICE_TOKEN, messages: false, gateway: false });
  try {
    const client = new UsersServiceClient(stack.users.grpcAddr, credentials.createInsecure());
    stack.leftovers.push(async () => client.close());
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
    return { stack, names, tokens, ids, stop: stack.stop };
  } catch (error) {
    await stack.stop();
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
 * A fresh messages-service (its own store of the authors' kind) next to the authors'
 * users-service; the first author creates one group with all the others, then every author
 * sends in turn over real gRPC, `inFlight` calls outstanding.
 */
export async function measureCharlaSends(authors: Authors, options: SendsOptions): Promise<Measured> {
  return withMessagesService(authors, { SENDS_PER_COMMIT: String(options.sendsPerCommit) }, async (client) => {
    const { conversation } = await call(client, client.createGroup, { title: 'bench', usernames: authors.names.slice(1) }, authors.tokens[0]);
    const conversationId = conversation!.id;
    const send = (i: number) =>
      call(
        client,
        client.sendMessage,
        SendMessageRequest.fromPartial({ conversationId, body: `message ${i} from ${authors.names[i % authors.names.length]}`, clientId: `bench-${i}` }),
        authors.tokens[i % authors.tokens.length],
      ).then(() => undefined);
    // Warm-up: channels open, token checks cached, statements prepared; not measured.
    const warm = Math.min(options.inFlight * 2, 200);
    await drive(warm, options.inFlight, options.maxSeconds, (i) => send(options.sends + i));
    return await drive(options.sends, options.inFlight, options.maxSeconds, send);
  });
}

/** A fresh messages-service (its own store) next to the authors' users-service, for the length of `use`. */
export async function withMessagesService<T>(authors: Authors, env: Record<string, string>, use: (client: MessagesServiceClient) => Promise<T>): Promise<T> {
  const messages = await authors.stack.addMessagesService(env);
  const client = new MessagesServiceClient(messages.grpcAddr, credentials.createInsecure());
  try {
    return await use(client);
  } finally {
    client.close();
    await messages.stop();
  }
}
