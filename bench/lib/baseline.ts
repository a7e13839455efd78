// The simplest alternative (bench/baseline/server.ts) on a fresh MariaDB database; its users are
// rows the bench inserts with a random token each (it has no registration to measure).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import WebSocket from 'ws';
import { freePort, freshTestStore } from '@charla/platform/testing';
import { disposeAll, startProcess, type Leftover } from '@charla/stack';
import { inBatches } from './parallel';
import { ROOT } from './processes';
import type { Deliver, FanoutParams, FanoutTarget, Sender } from './target';

export interface BaselineOptions {
  cpuProfDir: string | undefined;
}

interface Frame {
  type: string;
  room?: number;
  clientId?: string;
  error?: string;
  message?: { seq: number; clientId: string; room: number };
}

export async function startBaseline(params: FanoutParams, options: BaselineOptions): Promise<FanoutTarget> {
  const run = randomBytes(3).toString('hex');
  const leftovers: Leftover[] = [];
  const sockets: WebSocket[] = [];
  const stop = () => disposeAll(leftovers);
  try {
    const location = await freshTestStore('mysql', 'bench_fanout_baseline');
    leftovers.push(location.dispose);
    const database = location.url!;
    const port = await freePort();
    const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, `baseline-${run}`)}`] : [];
    const server = await startProcess(
      {
        name: 'baseline',
        cwd: ROOT,
        entry: join('bench', 'baseline', 'server.ts'),
        env: { DATABASE_URL: database, PORT: `${port}` },
        nodeArgs,
        ready: async () => (await fetch(`http://127.0.0.1:${port}/`)).ok,
        readyTimeoutMs: 30_000,
      },
      leftovers,
    );
    leftovers.push(async () => sockets.splice(0).forEach((socket) => socket.terminate()));

    const user = (kind: string, i: number) => ({ username: `${kind}${i}`, token: randomBytes(24).toString('hex') });
    const receivers = Array.from({ length: params.receivers }, (_, i) => user('receiver', i));
    const senders = Array.from({ length: params.senders }, (_, i) => user('sender', i));
    const connection = await createConnection(database);
    try {
      const rows = [...receivers, ...senders].map(({ username, token }) => [username, username, 'Bench', token]);
      await connection.query('INSERT INTO users (username, first_name, last_name, token) VALUES ?', [rows]);
    } finally {
      await connection.end();
    }

    /** Opens a socket (joining general when `join`); `onFrame` gets every frame after the join. */
    const open = (token: string, join: boolean, onFrame: (frame: Frame) => void) =>
      new Promise<{ socket: WebSocket; room: number }>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/?token=${token}`, { perMessageDeflate: false });
        sockets.push(socket);
        socket.once('close', (code) => reject(new Error(`socket closed: ${code}`)));
        socket.once('error', reject);
        let joined = !join;
        socket.once('open', () => (join ? socket.send(JSON.stringify({ type: 'join', room: 'general' })) : resolve({ socket, room: 0 })));
        socket.on('message', (data: Buffer) => {
          const frame = JSON.parse(data.toString()) as Frame;
          if (joined) return onFrame(frame);
          if (frame.type !== 'joined' || frame.room === undefined) return reject(new Error(`could not join: ${frame.error}`));
          joined = true;
          resolve({ socket, room: frame.room });
        });
      });
    // The room's id, learnt when the receivers join; senders post to it without joining, so
    // (as with Charla's HTTP senders) only the receivers get the broadcasts.
    let general = 0;

    return {
      name: 'baseline',
      notes: ['1 process: ws + mysql2 pool (10), no framework (bench/baseline/server.ts), MariaDB', 'receivers and senders: JSON frames on plain WebSockets'],
      processes: [server],
      openReceivers: async (deliver: Deliver) => {
        await inBatches(receivers.length, 20, async (index) => {
          const { room } = await open(receivers[index].token, true, (frame) => {
            if (frame.type === 'message' && frame.message?.room === general) deliver(index, frame.message.seq, frame.message.clientId);
          });
          general = room;
        });
      },
      openSenders: () =>
        inBatches(senders.length, 20, async (index): Promise<Sender> => {
          if (general === 0) throw new Error('open the receivers first');
          const waiting = new Map<string, { resolve: (seq: number) => void; reject: (error: Error) => void }>();
          const { socket } = await open(senders[index].token, false, (frame) => {
            const pending = frame.clientId === undefined ? undefined : waiting.get(frame.clientId);
            if (!pending || frame.clientId === undefined) return;
            waiting.delete(frame.clientId);
            if (frame.type === 'ack' && frame.message) pending.resolve(frame.message.seq);
            else pending.reject(new Error(`send failed: ${frame.error}`));
          });
          return {
            send: (clientId, body) =>
              new Promise<number>((resolve, reject) => {
                waiting.set(clientId, { resolve, reject });
                socket.send(JSON.stringify({ type: 'send', room: general, clientId, body }));
              }),
          };
        }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
