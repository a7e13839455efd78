// The one-process alternative (bench/baseline/server.ts) on a fresh MariaDB database; its users
// are rows the bench inserts with a random token each (it has no registration to measure).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort, freshTestStore } from '@charla/platform/testing';
import { disposeAll, startProcess, type Leftover } from '@charla/stack';
import { HttpClient, sourceAddress } from './net';
import { ROOT } from './processes';
import { alternativeSocket, openReceiver } from './sockets';
import { sendErrorOf, type BenchUser, type Closable, type OnMessage, type ReceiverSpec, type Sender, type System } from './system';

export interface BaselineOptions {
  users: number;
  cpuProfDir: string | undefined;
}

export async function startBaseline(options: BaselineOptions): Promise<System> {
  const run = randomBytes(3).toString('hex');
  const leftovers: Leftover[] = [];
  const opened = new Set<{ close(): void }>();
  const stop = () => disposeAll(leftovers);
  try {
    const location = await freshTestStore('mysql', 'bench_alternative');
    leftovers.push(location.dispose);
    const database = location.url!;
    const port = await freePort();
    const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, `alternative-${run}`)}`] : [];
    const server = await startProcess(
      {
        name: 'alternative',
        cwd: ROOT,
        entry: join('bench', 'baseline', 'server.ts'),
        env: { DATABASE_URL: database, PORT: `${port}`, NODE_ENV: 'production' },
        nodeArgs,
        ready: async () => (await fetch(`http://127.0.0.1:${port}/`)).ok,
        readyTimeoutMs: 30_000,
      },
      leftovers,
    );
    leftovers.push(async () => [...opened].forEach((socket) => socket.close()));

    const users = Array.from({ length: options.users }, (_, i): BenchUser => ({ username: `bench${i}`, token: randomBytes(24).toString('hex') }));
    const db = await createConnection(database);
    leftovers.push(() => db.end());
    await db.query('INSERT INTO users (username, first_name, last_name, token) VALUES ?', [users.map(({ username, token }) => [username, username, 'Bench', token])]);
    const [[general]] = (await db.query("SELECT id FROM rooms WHERE name = 'general'")) as unknown as [{ id: number }[]];
    const room = Number(general.id);
    const http = new HttpClient(`http://127.0.0.1:${port}`, sourceAddress(), 256);
    leftovers.push(async () => http.close());

    const url = `ws://127.0.0.1:${port}`;
    const receiverSpec: ReceiverSpec = { kind: 'alternative', url, room: String(room) };
    const closer = (socket: { close(): void }): Closable => {
      opened.add(socket);
      return { close: () => (opened.delete(socket), socket.close()) };
    };

    return {
      name: 'alternative',
      notes: ['1 process: ws + mysql2 pool (10), one INSERT transaction per message, broadcast after commit (bench/baseline/server.ts), MariaDB', 'receivers and senders: JSON frames on plain WebSockets; no rate limits'],
      processes: [server],
      socketServer: server,
      users,
      transports: ['ws'],
      receiverSpec,
      receiver: async (user: BenchUser, onMessage: OnMessage) => closer(await openReceiver(receiverSpec, user.token, onMessage)),
      // Senders post to the room without joining it, so (as with Charla's) only receivers get the broadcasts.
      sender: async (user: BenchUser) => {
        const waiting = new Map<string, { resolve: (seq: number) => void; reject: (error: Error) => void }>();
        const socket = await alternativeSocket(url, user.token, false, (frame) => {
          const pending = frame.clientId === undefined ? undefined : waiting.get(frame.clientId);
          if (!pending || frame.clientId === undefined) return;
          waiting.delete(frame.clientId);
          if (frame.type === 'ack' && frame.message) pending.resolve(frame.message.seq);
          else pending.reject(sendErrorOf(frame.error ?? 'error', frame.error ?? 'error'));
        });
        socket.on('close', () => {
          for (const pending of waiting.values()) pending.reject(sendErrorOf('SOCKET', 'socket closed'));
          waiting.clear();
        });
        return {
          send: (clientId: string, body: string) =>
            new Promise<number>((resolve, reject) => {
              waiting.set(clientId, { resolve, reject });
              socket.send(JSON.stringify({ type: 'send', room, clientId, body }));
            }),
          ...closer({ close: () => socket.terminate() }),
        } satisfies Sender & Closable;
      },
      lastSeq: async () => {
        const [[row]] = (await db.query('SELECT last_seq FROM rooms WHERE id = ?', [room])) as unknown as [{ last_seq: number }[]];
        return Number(row.last_seq);
      },
      history: async (count: number) => {
        const [created] = (await db.query("INSERT INTO rooms (name, last_seq) VALUES ('history', ?)", [count])) as unknown as [{ insertId: number }];
        const [[{ first, n }]] = (await db.query('SELECT MIN(id) AS first, COUNT(*) AS n FROM users')) as unknown as [{ first: number; n: number }[]];
        const chunk = 100_000;
        for (let from = 1; from <= count; from += chunk) {
          const to = Math.min(count, from + chunk - 1);
          await db.query(
            `INSERT INTO messages (room_id, seq, author_id, client_id, body, created_at)
             SELECT ?, seq, ? + seq % ?, CONCAT('h', seq), CONCAT('history message number ', seq, ' of the bench'), UTC_TIMESTAMP(3) - INTERVAL (? - seq) SECOND
             FROM seq_${from}_to_${to}`,
            [created.insertId, Number(first), Math.min(20, Number(n)), count],
          );
        }
        return async (user, pageSize) => {
          const response = await http.send('GET', `/rooms/${created.insertId}/messages?limit=${pageSize}`, undefined, { authorization: `Bearer ${user.token}` });
          if (response.status !== 200) throw new Error(`history: HTTP ${response.status}`);
          return (JSON.parse(response.body) as unknown[]).length;
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
