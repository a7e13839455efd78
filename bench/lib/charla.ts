// Charla as it runs in production: users-service, messages-service and api-gateway as three
// processes of the built JavaScript on fresh MariaDB databases; the users talk to the gateway
// only, as the browser does.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Client } from 'graphql-ws';
import { createConnection } from 'mysql2/promise';
import { waitFor } from '@charla/platform/testing';
import { clientOperation, startStack, type Part, type Stack } from '@charla/stack';
import { BROWSER_CONNECTIONS, HttpClient, sourceAddress } from './net';
import { ROOT } from './processes';
import { inBatches } from './parallel';
import { graphqlSocket, openReceiver } from './sockets';
import { sendErrorOf, type BenchUser, type Closable, type OnMessage, type ReceiverSpec, type Sender, type System, type Transport } from './system';

export interface CharlaOptions {
  users: number;
  /** Where each process writes its --cpu-prof profile; undefined means no profiling. */
  cpuProfDir: string | undefined;
  /** Over the bench's environment, per part (e.g. a setting under test). */
  env?: { users?: Record<string, string>; messages?: Record<string, string>; gateway?: Record<string, string> };
}

/** Registration hashes with scrypt; 2^12 keeps setting up hundreds of users to seconds (the sign-up scenario uses the real cost). */
export const SETUP_SCRYPT_LOG2_N = '12';

/** The per-user limits protect a public server; here a few users send everything (the alternative has none). */
export const RAISED_LIMITS = { SENDS_PER_SECOND: '1000000', SEND_BURST: '1000000', LOGINS_PER_MINUTE: '1000000' };

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterMs?: number } }[];
}

let built = false;
/**
 * npm run build of the three parts, once per bench process (tsc -b: seconds when nothing changed).
 * The bench runs what production runs: tsx's output names every function it creates
 * (esbuild's keepNames), which costs each closure a property store of its own (a quarter of a
 * KiB: most of an idle socket's heap) and a defineProperty at every creation.
 */
function buildCharla(): void {
  if (built) return;
  execFileSync('npm', ['run', 'build', '--silent', ...['users-service', 'messages-service', 'api-gateway'].flatMap((part) => ['-w', part])], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

/** Starts Charla's built parts as processes on fresh databases; each part's --cpu-prof directory is named after it. */
export function startCharlaStack(label: string, options: Pick<CharlaOptions, 'cpuProfDir' | 'env'>, extra: { users?: Record<string, string> } = {}): Promise<Stack> {
  buildCharla();
  const run = randomBytes(3).toString('hex');
  // One directory per process: each thread (tsx's loader runs in one) writes its own profile there.
  const profile = (part: Part) => (options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, `${part}-${run}`)}`] : []);
  return startStack({
    label,
    processes: { nodeArgs: profile, built: true },
    serviceToken: randomBytes(24).toString('hex'),
    env: {
      all: { NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      users: { SCRYPT_LOG2_N: SETUP_SCRYPT_LOG2_N, ...extra.users, ...options.env?.users },
      messages: { ...options.env?.messages },
      gateway: { ...RAISED_LIMITS, ...options.env?.gateway },
    },
  });
}

export async function startCharla(options: CharlaOptions): Promise<System> {
  const stack = await startCharlaStack('bench', options);
  try {
    const { gateway } = stack;
    const users = await inBatches(options.users, 8, async (i): Promise<BenchUser> => {
      const { username, token } = await gateway.register({ username: `bench${i}`, lastName: 'Bench' });
      return { username, token };
    });
    // messages-service puts new users in `general` when it sees their registration event.
    const { rooms } = await gateway.data<{ rooms: { id: string; title: string }[] }>('{ rooms { id title } }', {}, users[0].token);
    const general = rooms.find((room) => room.title === 'general')?.id;
    if (!general) throw new Error('no general room');
    const waiting = new Set(users);
    await waitFor(
      'every user to be in general',
      async () => {
        const pending = [...waiting];
        await inBatches(pending.length, 16, async (i) => {
          const { conversations } = await gateway.data<{ conversations: { id: string }[] }>('{ conversations { id } }', {}, pending[i].token);
          if (conversations.some((conversation) => conversation.id === general)) waiting.delete(pending[i]);
        });
        return waiting.size === 0;
      },
      60_000,
      () => `${waiting.size} users are not in general yet`,
    );

    const sockets = new Set<Client>();
    stack.leftovers.push(() => Promise.all([...sockets].map((client) => client.dispose())));
    const [sendMessage, history] = [clientOperation('SendMessage'), clientOperation('Messages')];
    const receiverSpec: ReceiverSpec = { kind: 'charla', url: gateway.wsUrl, room: general };
    const opened = new Set<Closable>();
    stack.leftovers.push(async () => [...opened].forEach((receiver) => receiver.close()));
    const http = new HttpClient(gateway.url, sourceAddress(), 256);
    stack.leftovers.push(async () => http.close());

    const gql = async <T>(query: string, variables: Record<string, unknown>, token: string, client = http): Promise<T> => {
      const response = await client.send('POST', '/graphql', JSON.stringify({ query, variables }), { authorization: `Bearer ${token}` });
      const body = JSON.parse(response.body) as GraphQLBody<T>;
      const error = body.errors?.[0];
      if (error || !body.data) {
        const retryAfter = Number(response.headers['retry-after']);
        throw sendErrorOf(error?.extensions?.code ?? `HTTP ${response.status}`, error?.message ?? 'no data', error?.extensions?.retryAfterMs ?? (retryAfter > 0 ? retryAfter * 1000 : undefined));
      }
      return body.data;
    };

    const socket = (token: string) => graphqlSocket(gateway.wsUrl, token, (client) => sockets.add(client));
    const closer = (client: Client): Closable => ({
      close: () => {
        sockets.delete(client);
        void client.dispose();
      },
    });

    return {
      name: 'charla',
      notes: [
        '3 processes (users-service, messages-service, api-gateway) of the built JavaScript (npm run build), NODE_ENV=production, MariaDB, no REDIS_URL',
        "receivers: graphql-ws messageAdded (no conversationId, as the browser) selecting the browser client's fields",
        `send rate limits raised (${Object.entries(RAISED_LIMITS).map(([k, v]) => `${k}=${v}`).join(', ')}); SCRYPT_LOG2_N=${SETUP_SCRYPT_LOG2_N} for setting up users`,
      ],
      processes: stack.processes,
      socketServer: stack.processes.find((part) => part.name === 'api-gateway')!,
      users,
      transports: ['ws', 'http'],
      receiverSpec,
      receiver: async (user: BenchUser, onMessage: OnMessage) => {
        const receiver = await openReceiver(receiverSpec, user.token, onMessage);
        opened.add(receiver);
        return { close: () => (opened.delete(receiver), receiver.close()) };
      },
      sender: async (user: BenchUser, over: Transport) => {
        const variables = (clientId: string, body: string) => ({ conversationId: general, body, clientId });
        if (over === 'http') {
          const own = new HttpClient(gateway.url, sourceAddress(), BROWSER_CONNECTIONS);
          return {
            send: async (clientId, body) => (await gql<{ sendMessage: { seq: number } }>(sendMessage, variables(clientId, body), user.token, own)).sendMessage.seq,
            close: () => own.close(),
          } satisfies Sender & Closable;
        }
        const client = await socket(user.token);
        return {
          send: (clientId, body) =>
            new Promise<number>((resolve, reject) => {
              client.subscribe<{ sendMessage: { seq: number } }>(
                { query: sendMessage, variables: variables(clientId, body) },
                {
                  next: ({ data, errors }) => {
                    const error = errors?.[0] as { message: string; extensions?: { code?: string; retryAfterMs?: number } } | undefined;
                    if (data?.sendMessage) resolve(data.sendMessage.seq);
                    else reject(sendErrorOf(error?.extensions?.code ?? 'NO_DATA', error?.message ?? 'no data', error?.extensions?.retryAfterMs));
                  },
                  error: (errors) => {
                    const error = (Array.isArray(errors) ? errors[0] : errors) as { message?: string; extensions?: { code?: string; retryAfterMs?: number } } | undefined;
                    reject(sendErrorOf(error?.extensions?.code ?? 'SOCKET', error?.message ?? String(errors), error?.extensions?.retryAfterMs));
                  },
                  complete: () => undefined,
                },
              );
            }),
          ...closer(client),
        };
      },
      lastSeq: async () => {
        const { conversation } = await gql<{ conversation: { lastSeq: number } }>('query($id: ID!) { conversation(id: $id) { lastSeq } }', { id: general }, users[0].token);
        return conversation.lastSeq;
      },
      history: async (count: number) => {
        const readers = users.slice(0, 20);
        const { createGroup } = await gql<{ createGroup: { id: string } }>(
          'mutation($title: String!, $usernames: [String!]) { createGroup(title: $title, usernames: $usernames) { id } }',
          { title: 'history', usernames: readers.slice(1).map((user) => user.username) },
          readers[0].token,
        );
        await fillHistory(stack.messages.database.url!, Number(createGroup.id), count);
        return async (user, pageSize) => {
          const { messages } = await gql<{ messages: { edges: unknown[] } }>(history, { conversationId: createGroup.id, first: pageSize }, user.token);
          return messages.edges.length;
        };
      },
      stop: stack.stop,
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/**
 * `count` messages in one conversation, written straight into messages-service's database (as
 * years of use would leave them): MariaDB's sequence engine makes the rows in one statement per
 * 100,000, authored by the conversation's members in turn.
 */
async function fillHistory(url: string, conversationId: number, count: number): Promise<void> {
  const db = await createConnection(url);
  try {
    const [members] = await db.query('SELECT user_id FROM conversation_members WHERE conversation_id = ?', [conversationId]);
    const authors = (members as { user_id: number }[]).map((row) => Number(row.user_id));
    const chunk = 100_000;
    for (let from = 1; from <= count; from += chunk) {
      const to = Math.min(count, from + chunk - 1);
      await db.query(
        `INSERT INTO messages (conversation_id, seq, user_id, body, client_id, status_id, is_from_support, created_at, updated_at)
         SELECT ?, seq, ELT(1 + seq % ?, ${authors.join(',')}), CONCAT('history message number ', seq, ' of the bench'), NULL,
                (SELECT id FROM message_statuses WHERE description = 'read'), 0, UTC_TIMESTAMP(3) - INTERVAL (? - seq) SECOND, UTC_TIMESTAMP(3) - INTERVAL (? - seq) SECOND
         FROM seq_${from}_to_${to}`,
        [conversationId, authors.length, count, count],
      );
    }
    await db.query('UPDATE conversations SET last_seq = ? WHERE id = ?', [count, conversationId]);
    await db.query('UPDATE conversation_members SET last_delivered_seq = ?, last_read_seq = ? WHERE conversation_id = ?', [count, count, conversationId]);
  } finally {
    await db.end();
  }
}
