// The simplest alternative Charla is measured against: one Node process, `ws` + `mysql2`, no
// framework. The kind of chat server a team writes in a day, kept honest: every message is
// stored in a transaction with a per-room seq before it is broadcast, and a retried clientId
// returns the first message. No permessage-deflate, nothing made slow on purpose.
//
//   DATABASE_URL=mysql://root@127.0.0.1:3306/chat PORT=4100 npx tsx bench/baseline/server.ts
//
// History: GET /rooms/<id>/messages?limit=50 with `Authorization: Bearer <token>`, newest first.
//
// Protocol (JSON text frames); connect to ws://host:port/?token=<users.token>:
//   → {"type":"join","room":"general"}                ← {"type":"joined","room":1,"lastSeq":0}
//   → {"type":"send","room":1,"clientId":"…","body":"…"}
//   ← {"type":"ack","clientId":"…","message":{…}}   to the sender
//   ← {"type":"message","message":{…}}              to every socket that joined the room
//   ← {"type":"error","clientId":"…","error":"…"}
import { createServer } from 'node:http';
import { createPool, type PoolConnection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { WebSocket, WebSocketServer } from 'ws';

const MAX_BODY = 4000;

interface Author {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
}

interface StoredMessage {
  id: number;
  room: number;
  seq: number;
  body: string;
  clientId: string;
  createdAt: string;
  author: Author;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS users (
     id BIGINT PRIMARY KEY AUTO_INCREMENT,
     username VARCHAR(40) NOT NULL UNIQUE,
     first_name VARCHAR(100) NOT NULL,
     last_name VARCHAR(100) NOT NULL,
     token CHAR(48) NOT NULL UNIQUE
   )`,
  `CREATE TABLE IF NOT EXISTS rooms (
     id BIGINT PRIMARY KEY AUTO_INCREMENT,
     name VARCHAR(100) NOT NULL UNIQUE,
     last_seq BIGINT NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE IF NOT EXISTS messages (
     id BIGINT PRIMARY KEY AUTO_INCREMENT,
     room_id BIGINT NOT NULL,
     seq BIGINT NOT NULL,
     author_id BIGINT NOT NULL,
     client_id VARCHAR(64) NOT NULL,
     body TEXT NOT NULL,
     created_at DATETIME(3) NOT NULL,
     UNIQUE KEY room_seq (room_id, seq),
     UNIQUE KEY room_author_client (room_id, author_id, client_id)
   )`,
  `INSERT IGNORE INTO rooms (name) VALUES ('general')`,
];

/** Sockets per room, and the next seq to broadcast so broadcasts leave in seq order. */
interface Room {
  sockets: Set<WebSocket>;
  nextSeq: number;
  /** Committed messages waiting for an earlier seq whose commit reply came back later. */
  early: Map<number, string>;
}

async function main(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/chat_baseline');
  const port = Number(process.env.PORT ?? 4100);
  const pool = createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    connectionLimit: Number(process.env.POOL_SIZE ?? 10),
    timezone: 'Z',
  });
  for (const statement of SCHEMA) await pool.query(statement);

  // Rooms are fixed at start (`general`); each keeps its sockets and broadcast order in memory.
  const rooms = new Map<number, Room>();
  const roomIds = new Map<string, number>();
  const [roomRows] = await pool.query<RowDataPacket[]>('SELECT id, name, last_seq FROM rooms');
  for (const row of roomRows) {
    rooms.set(Number(row.id), { sockets: new Set(), nextSeq: Number(row.last_seq) + 1, early: new Map() });
    roomIds.set(row.name, Number(row.id));
  }
  const server = createServer((request, response) => {
    const history = /^\/rooms\/(\d+)\/messages(?:\?limit=(\d+))?$/.exec(request.url ?? '');
    if (!history) return response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    recent(token, Number(history[1]), Math.min(100, Number(history[2] ?? 50))).then(
      (messages) => response.writeHead(messages ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(messages ?? { error: 'bad token' })),
      () => response.writeHead(500).end(),
    );
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });

  wss.on('connection', async (socket, request) => {
    // Frames that arrive while the token is being checked are handled after it.
    const early: Buffer[] = [];
    const hold = (data: Buffer) => early.push(data);
    socket.on('message', hold);
    const token = new URL(request.url ?? '/', 'http://x').searchParams.get('token') ?? '';
    let rows: RowDataPacket[];
    try {
      [rows] = await pool.query<RowDataPacket[]>('SELECT id, username, first_name, last_name FROM users WHERE token = ?', [token]);
    } catch {
      return socket.close(1011, 'database unavailable');
    }
    if (rows.length === 0) return socket.close(4403, 'bad token');
    const author: Author = { id: Number(rows[0].id), username: rows[0].username, firstName: rows[0].first_name, lastName: rows[0].last_name };
    const joined = new Set<Room>();
    socket.on('close', () => joined.forEach((room) => room.sockets.delete(socket)));
    const handle = (data: Buffer) => {
      let frame: { type?: string; room?: unknown; clientId?: unknown; body?: unknown };
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return socket.close(1003, 'not JSON');
      }
      if (frame.type === 'join' && typeof frame.room === 'string') {
        const id = roomIds.get(frame.room);
        const room = id === undefined ? undefined : rooms.get(id);
        if (id === undefined || !room) return socket.send(JSON.stringify({ type: 'error', error: 'no such room' }));
        room.sockets.add(socket);
        joined.add(room);
        socket.send(JSON.stringify({ type: 'joined', room: id, lastSeq: room.nextSeq - 1 }));
      } else if (frame.type === 'send') {
        const { room, clientId, body } = frame;
        if (typeof room !== 'number' || !rooms.has(room) || typeof clientId !== 'string' || clientId.length > 64 || typeof body !== 'string' || body === '' || body.length > MAX_BODY) {
          return socket.send(JSON.stringify({ type: 'error', clientId, error: 'bad send' }));
        }
        send(author, room, clientId, body).then(
          (message) => socket.send(JSON.stringify({ type: 'ack', clientId, message })),
          (error: Error) => socket.send(JSON.stringify({ type: 'error', clientId, error: error.message })),
        );
      }
    };
    socket.off('message', hold);
    socket.on('message', handle);
    early.forEach(handle);
  });

  async function send(author: Author, roomId: number, clientId: string, body: string): Promise<StoredMessage> {
    const connection = await pool.getConnection();
    let message: StoredMessage;
    try {
      await connection.beginTransaction();
      // The row lock on the room orders concurrent sends: seqs are gapless and in commit order.
      const [bumped] = await connection.query<ResultSetHeader>('UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ?', [roomId]);
      if (bumped.affectedRows === 0) throw new Error('no such room');
      const [[{ last_seq }]] = await connection.query<RowDataPacket[]>('SELECT last_seq FROM rooms WHERE id = ?', [roomId]);
      const createdAt = new Date();
      try {
        const [inserted] = await connection.query<ResultSetHeader>(
          'INSERT INTO messages (room_id, seq, author_id, client_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          [roomId, last_seq, author.id, clientId, body, createdAt],
        );
        message = { id: inserted.insertId, room: roomId, seq: Number(last_seq), body, clientId, createdAt: createdAt.toISOString(), author };
      } catch (error) {
        if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') throw error;
        await connection.rollback();
        return await existing(connection, author, roomId, clientId);
      }
      await connection.commit();
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
    broadcast(roomId, message);
    return message;
  }

  /** A retried clientId: the message stored the first time (already broadcast then). */
  async function existing(connection: PoolConnection, author: Author, roomId: number, clientId: string): Promise<StoredMessage> {
    const [[row]] = await connection.query<RowDataPacket[]>(
      'SELECT id, seq, body, created_at FROM messages WHERE room_id = ? AND author_id = ? AND client_id = ?',
      [roomId, author.id, clientId],
    );
    return { id: Number(row.id), room: roomId, seq: Number(row.seq), body: row.body, clientId, createdAt: new Date(row.created_at).toISOString(), author };
  }

  /** The newest `limit` messages of a room, newest first, for a valid token; undefined for a bad one. */
  async function recent(token: string, roomId: number, limit: number): Promise<StoredMessage[] | undefined> {
    const [users] = await pool.query<RowDataPacket[]>('SELECT id FROM users WHERE token = ?', [token]);
    if (users.length === 0) return undefined;
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT m.id, m.seq, m.body, m.client_id, m.created_at, u.id AS author_id, u.username, u.first_name, u.last_name
       FROM messages m JOIN users u ON u.id = m.author_id WHERE m.room_id = ? ORDER BY m.seq DESC LIMIT ?`,
      [roomId, limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      room: roomId,
      seq: Number(row.seq),
      body: row.body,
      clientId: row.client_id,
      createdAt: new Date(row.created_at).toISOString(),
      author: { id: Number(row.author_id), username: row.username, firstName: row.first_name, lastName: row.last_name },
    }));
  }

  /** Serializes once and writes to every socket in the room, in seq order. */
  function broadcast(roomId: number, message: StoredMessage): void {
    const room = rooms.get(roomId);
    if (!room) return;
    room.early.set(message.seq, JSON.stringify({ type: 'message', message }));
    for (let frame = room.early.get(room.nextSeq); frame !== undefined; frame = room.early.get(room.nextSeq)) {
      room.early.delete(room.nextSeq++);
      for (const socket of room.sockets) if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    }
  }

  await new Promise<void>((resolve) => server.listen(port, process.env.HOST ?? '127.0.0.1', resolve));
  console.log(`baseline listening on ${port}`);
  const stop = () => {
    for (const socket of wss.clients) socket.terminate();
    wss.close();
    server.close();
    pool.end().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
