// Charla as it runs in production: users-service, messages-service and api-gateway as three
// processes on fresh MariaDB databases; the users talk to the gateway only, as the browser does.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from '@charla/platform/testing';
import { startStack, type Stack } from '@charla/stack';
import { clientOperation } from './operations';
import { inBatches } from './parallel';
import type { Deliver, FanoutParams, FanoutTarget, Sender } from './target';

export interface CharlaOptions {
  /** How senders call sendMessage: HTTP POST as the browser client does, or over graphql-ws. */
  sendOver: 'http' | 'ws';
  /** messageAdded without a conversationId (what the browser subscribes to), or for the room only. */
  subscribe: 'all' | 'room';
  /** Where each process writes its --cpu-prof profile; undefined means no profiling. */
  cpuProfDir: string | undefined;
}

/** Registration hashes with scrypt; 2^12 keeps setting up hundreds of users to seconds. */
const SCRYPT_LOG2_N = '12';

export async function startCharla(params: FanoutParams, options: CharlaOptions): Promise<FanoutTarget> {
  const run = randomBytes(3).toString('hex');
  // One directory per process: each thread (tsx's loader runs in one) writes its own profile there.
  const profile = (name: string) => (options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, `${name}-${run}`)}`] : []);
  const stack: Stack = await startStack({
    label: 'bench_fanout',
    processes: { nodeArgs: profile },
    serviceToken: randomBytes(24).toString('hex'),
    env: {
      all: { NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      users: { SCRYPT_LOG2_N },
      // The per-user limits protect a public server; here a handful of users send everything.
      gateway: { SENDS_PER_SECOND: '1000000', SEND_BURST: '1000000', LOGINS_PER_MINUTE: '1000000' },
    },
  });
  try {
    const { gateway } = stack;
    const gql = gateway.data;
    const register = (username: string) => gateway.register({ username, lastName: 'Bench' });
    const receivers = await inBatches(params.receivers, 8, (i) => register(`receiver${i}`));
    const senders = await inBatches(params.senders, 8, (i) => register(`sender${i}`));

    // messages-service puts new users in `general` when it sees their registration event.
    const { rooms } = await gql<{ rooms: { id: string; title: string }[] }>('{ rooms { id title } }', {}, senders[0].token);
    const general = rooms.find((room) => room.title === 'general')?.id;
    if (!general) throw new Error('no general room');
    const waiting = new Set([...receivers, ...senders]);
    await waitFor(
      'every user to be in general',
      async () => {
        const pending = [...waiting];
        await inBatches(pending.length, 16, async (i) => {
          const { conversations } = await gql<{ conversations: { id: string }[] }>('{ conversations { id } }', {}, pending[i].token);
          if (conversations.some((conversation) => conversation.id === general)) waiting.delete(pending[i]);
        });
        return waiting.size === 0;
      },
      60_000,
      () => `${waiting.size} users are not in general yet`,
    );

    const sockets: Client[] = [];
    stack.leftovers.push(() => Promise.all(sockets.map((client) => client.dispose())));
    const socket = (token: string) => {
      const client = createClient({ url: gateway.wsUrl, webSocketImpl: WebSocket, connectionParams: { token }, lazy: false, retryAttempts: 0, onNonLazyError: () => undefined });
      sockets.push(client);
      return client;
    };
    const [messageAdded, sendMessage] = [clientOperation('MessageAdded'), clientOperation('SendMessage')];
    /** Resolves on connection_ack (the token was accepted); rejects if the socket closes first. */
    const connected = (client: Client) =>
      new Promise<void>((resolve, reject) => {
        const listeners: (() => void)[] = [];
        const settle = (done: () => void) => {
          listeners.forEach((off) => off());
          done();
        };
        listeners.push(
          client.on('connected', () => settle(resolve)),
          client.on('closed', (event) => settle(() => reject(new Error(`socket closed (${(event as { code?: number }).code})`)))),
        );
      });

    return {
      name: 'charla',
      notes: [
        `3 processes (users-service, messages-service, api-gateway), NODE_ENV=production, MariaDB, no REDIS_URL`,
        `receivers: graphql-ws messageAdded(${options.subscribe === 'all' ? '' : 'conversationId: general'}) selecting the browser client's fields`,
        `senders: sendMessage with a clientId over ${options.sendOver === 'http' ? 'HTTP POST /graphql (as the browser client)' : 'graphql-ws'}`,
        `SCRYPT_LOG2_N=${SCRYPT_LOG2_N} for registration; send rate limits raised (SENDS_PER_SECOND=SEND_BURST=1000000)`,
      ],
      processes: stack.processes,
      openReceivers: async (deliver: Deliver) => {
        const variables = options.subscribe === 'all' ? {} : { conversationId: general };
        await inBatches(receivers.length, 20, async (index) => {
          const client = socket(receivers[index].token);
          await connected(client);
          client.subscribe<{ messageAdded: { seq: number; clientId: string | null; conversationId: string } }>(
            { query: messageAdded, variables },
            {
              next: ({ data, errors }) => {
                if (errors) console.error(`receiver ${index}: ${JSON.stringify(errors)}`);
                const message = data?.messageAdded;
                if (message && message.conversationId === general) deliver(index, message.seq, message.clientId ?? '');
              },
              error: (error) => console.error(`receiver ${index} subscription failed:`, error),
              complete: () => undefined,
            },
          );
        });
      },
      openSenders: async () =>
        inBatches(senders.length, 20, async (index): Promise<Sender> => {
          const { token } = senders[index];
          const parse = (data: { sendMessage: { seq: number } }) => data.sendMessage.seq;
          if (options.sendOver === 'http') {
            return { send: async (clientId, body) => parse(await gql(sendMessage, { conversationId: general, body, clientId }, token)) };
          }
          const client = socket(token);
          await connected(client);
          return {
            send: async (clientId, body) => {
              for await (const result of client.iterate<{ sendMessage: { seq: number } }>({ query: sendMessage, variables: { conversationId: general, body, clientId } })) {
                if (!result.data || result.errors) throw new Error(`sendMessage failed: ${JSON.stringify(result.errors)}`);
                return parse(result.data);
              }
              throw new Error('sendMessage returned nothing');
            },
          };
        }),
      stop: stack.stop,
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
