// The raw limits of this machine, measured in the same run: a `ws` server writing one
// prebuilt frame to 100 sockets (the most deliveries/s the load generator can take in), and a
// mysql2 insert loop, one row per transaction (the most commits/s MariaDB makes at this
// durability). Charla's and the alternative's figures are read against them.
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import WebSocket from 'ws';
import { freePort, freshTestStore } from '@charla/platform/testing';
import { disposeAll, startProcess, type Leftover } from '@charla/stack';
import { boundWebSocket, sourceAddress } from '../lib/net';
import { ROOT } from '../lib/processes';
import type { Row, Scenario } from '../lib/scenario';

const SOCKETS = 100;
const FRAMES = 3_000;
const CONNECTIONS = [1, 50];
const INSERT_SECONDS = 3;

async function broadcastLimit(leftovers: Leftover[]): Promise<number> {
  const port = await freePort();
  await startProcess(
    { name: 'ws-broadcast', cwd: ROOT, entry: join('bench', 'limits', 'broadcast-server.ts'), env: { PORT: `${port}`, FRAME_BYTES: '600' }, ready: async () => (await fetch(`http://127.0.0.1:${port}/`)).ok },
    leftovers,
  );
  let received = 0;
  let last = 0;
  const sockets = await Promise.all(
    Array.from(
      { length: SOCKETS },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const Bound = boundWebSocket(sourceAddress());
          const socket = new Bound(`ws://127.0.0.1:${port}/`);
          // Parsed, as a client would.
          socket.on('message', (data: Buffer) => {
            JSON.parse(data.toString());
            received++;
            last = performance.now();
          });
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  leftovers.push(async () => sockets.forEach((socket) => socket.terminate()));
  const began = performance.now();
  await fetch(`http://127.0.0.1:${port}/?count=${FRAMES}`);
  while (received < SOCKETS * FRAMES && performance.now() - began < 60_000) await new Promise((resolve) => setTimeout(resolve, 10));
  return received / ((last - began) / 1000);
}

async function insertLimit(connections: number, leftovers: Leftover[]): Promise<number> {
  const location = await freshTestStore('mysql', 'bench_insert_limit');
  leftovers.push(location.dispose);
  const pool = createPool({ uri: location.url!, connectionLimit: connections });
  leftovers.push(() => pool.end());
  await pool.query('CREATE TABLE messages (id BIGINT PRIMARY KEY AUTO_INCREMENT, room_id BIGINT NOT NULL, body TEXT NOT NULL, created_at DATETIME(3) NOT NULL)');
  const end = performance.now() + INSERT_SECONDS * 1000;
  let inserted = 0;
  const loop = async () => {
    const connection = await pool.getConnection();
    try {
      while (performance.now() < end) {
        await connection.query('INSERT INTO messages (room_id, body, created_at) VALUES (1, ?, UTC_TIMESTAMP(3))', ['x'.repeat(80)]);
        inserted++;
      }
    } finally {
      connection.release();
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: connections }, loop));
  return inserted / ((performance.now() - began) / 1000);
}

export const limits: Scenario = {
  name: 'limits',
  needs: 'nothing',
  async run(context) {
    const leftovers: Leftover[] = [];
    try {
      const deliveries = await broadcastLimit(leftovers);
      context.say(`raw ws broadcast of a prebuilt frame to ${SOCKETS} sockets: ${Math.round(deliveries)} deliveries/s`);
      const inserts: Record<number, number> = {};
      for (const connections of CONNECTIONS) {
        inserts[connections] = await insertLimit(connections, leftovers);
        context.say(`raw mysql2 insert loop, ${connections} connections, autocommit: ${Math.round(inserts[connections])} inserts/s`);
      }
      const rows: Row[] = [
        { scenario: `limit: raw ws broadcast of a prebuilt 600-byte frame to ${SOCKETS} sockets`, figure: 'deliveries/s', unit: '/s', charla: undefined, alternative: undefined, target: '', check: `limit ${Math.round(deliveries).toLocaleString('en-US')}/s` },
        ...CONNECTIONS.map((connections): Row => ({
          scenario: `limit: raw mysql2 INSERT loop, ${connections} connection${connections === 1 ? '' : 's'}, one row per commit`,
          figure: 'inserts/s',
          unit: '/s',
          target: '',
          check: `limit ${Math.round(inserts[connections]).toLocaleString('en-US')}/s`,
        })),
      ];
      return { rows, data: { deliveries, inserts } };
    } finally {
      await disposeAll(leftovers);
    }
  },
};
