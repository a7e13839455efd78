// Charla as it runs in production: users-service, messages-service and api-gateway as three
// processes on fresh MariaDB databases; the users talk to the gateway only, as the browser does.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { dropMysqlDatabase, ensureMysqlDatabase } from '@charla/platform';
import { MESSAGE_ADDED, REGISTER, SEND_MESSAGE } from '../../client/src/api/operations';
import { inBatches } from './parallel';
import { ROOT, freePort, startProcess, waitFor, type ServerProcess } from './processes';
import type { Deliver, FanoutParams, FanoutTarget, Sender } from './target';

export interface CharlaOptions {
  mysqlServer: string;
  /** How senders call sendMessage: HTTP POST as the browser client does, or over graphql-ws. */
  sendOver: 'http' | 'ws';
  /** messageAdded without a conversationId (what the browser subscribes to), or for the room only. */
  subscribe: 'all' | 'room';
  /** Where each process writes its --cpu-prof profile; undefined means no profiling. */
  cpuProfDir: string | undefined;
}

const PASSWORD = 'bench password 1';
/** Registration hashes with scrypt; 2^12 keeps setting up hundreds of users to seconds. */
const SCRYPT_LOG2_N = '12';

interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string }[];
}

interface BenchUser {
  id: string;
  token: string;
}

export async function startCharla(params: FanoutParams, options: CharlaOptions): Promise<FanoutTarget> {
  const run = randomBytes(3).toString('hex');
  const databases = ['users', 'messages'].map((part) => `${options.mysqlServer.replace(/\/$/, '')}/bench_fanout_${run}_${part}`);
  const processes: ServerProcess[] = [];
  const sockets: Client[] = [];
  const stop = async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    for (const part of processes.splice(0).reverse()) await part.stop();
    for (const url of databases) await dropMysqlDatabase(url).catch(() => undefined);
  };
  try {
    for (const url of databases) await ensureMysqlDatabase(url);
    const [usersGrpc, usersHttp, messagesGrpc, messagesHttp, port] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const common = { NODE_ENV: 'production', LOG_LEVEL: 'warn', SERVICE_TOKEN: randomBytes(24).toString('hex') };
    // One directory per process: each thread (tsx's loader runs in one) writes its own profile there.
    const profile = (name: string) => (options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, `${name}-${run}`)}`] : []);
    const start = (name: string, env: Record<string, string>) => {
      const part = startProcess({ name, cwd: join(ROOT, name), entry: 'src/main.ts', env: { ...common, ...env }, nodeArgs: profile(name) });
      processes.push(part);
    };
    start('users-service', { GRPC_PORT: `${usersGrpc}`, HTTP_PORT: `${usersHttp}`, DATABASE_URL: databases[0], SCRYPT_LOG2_N });
    start('messages-service', { GRPC_PORT: `${messagesGrpc}`, HTTP_PORT: `${messagesHttp}`, DATABASE_URL: databases[1], USERS_GRPC_ADDR: `127.0.0.1:${usersGrpc}` });
    start('api-gateway', {
      PORT: `${port}`,
      USERS_GRPC_ADDR: `127.0.0.1:${usersGrpc}`,
      MESSAGES_GRPC_ADDR: `127.0.0.1:${messagesGrpc}`,
      CLIENT_DIST: '/nonexistent',
      // The per-user limits protect a public server; here a handful of users send everything.
      SENDS_PER_SECOND: '1000000',
      SEND_BURST: '1000000',
      LOGINS_PER_MINUTE: '1000000',
    });
    const url = `http://127.0.0.1:${port}`;
    const explain = () => processes.map((part) => `--- ${part.name}\n${part.output()}`).join('\n');
    await waitFor('the gateway to be ready', async () => (await fetch(`${url}/readyz`)).ok, 60_000, explain);

    const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const result = (await response.json()) as GraphQLResult<T>;
      if (!result.data || result.errors) throw new Error(`GraphQL failed (${response.status}): ${JSON.stringify(result.errors)}`);
      return result.data;
    };
    const register = async (username: string): Promise<BenchUser> => {
      const { register } = await gql<{ register: { token: string; user: { id: string } } }>(REGISTER, {
        input: { firstName: username, lastName: 'Bench', username, password: PASSWORD },
      });
      return { id: register.user.id, token: register.token };
    };
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

    const wsUrl = `ws://127.0.0.1:${port}/graphql`;
    const socket = (token: string) => {
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { token }, lazy: false, retryAttempts: 0, onNonLazyError: () => undefined });
      sockets.push(client);
      return client;
    };
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
      processes,
      openReceivers: async (deliver: Deliver) => {
        const variables = options.subscribe === 'all' ? {} : { conversationId: general };
        await inBatches(receivers.length, 20, async (index) => {
          const client = socket(receivers[index].token);
          await connected(client);
          client.subscribe<{ messageAdded: { seq: number; clientId: string | null; conversationId: string } }>(
            { query: MESSAGE_ADDED, variables },
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
            return { send: async (clientId, body) => parse(await gql(SEND_MESSAGE, { conversationId: general, body, clientId }, token)) };
          }
          const client = socket(token);
          await connected(client);
          return {
            send: async (clientId, body) => {
              for await (const result of client.iterate<{ sendMessage: { seq: number } }>({ query: SEND_MESSAGE, variables: { conversationId: general, body, clientId } })) {
                if (!result.data || result.errors) throw new Error(`sendMessage failed: ${JSON.stringify(result.errors)}`);
                return parse(result.data);
              }
              throw new Error('sendMessage returned nothing');
            },
          };
        }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
