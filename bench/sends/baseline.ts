import { freshTestStore } from '@charla/platform/testing';
import { createPool, type ResultSetHeader } from 'mysql2/promise';
import { drive, type Measured } from './measure';

/**
 * The simplest alternative: one Node process, a mysql2 pool, and the same logical write per
 * send: one transaction that bumps the conversation's last_seq and inserts the message with
 * that seq, (conversation, seq) and (conversation, author, client id) unique. No auth, no
 * receipts, no events, no gRPC: the floor the service's extra work is measured against.
 */
export async function measureBaselineSends(options: { sends: number; inFlight: number; maxSeconds: number; authors: number; poolSize: number }): Promise<Measured> {
  const location = await freshTestStore('mysql', 'bench_baseline');
  const pool = createPool({ uri: location.url, connectionLimit: options.poolSize, charset: 'utf8mb4' });
  try {
    await pool.query(`CREATE TABLE conversations (id BIGINT PRIMARY KEY AUTO_INCREMENT, last_seq BIGINT NOT NULL DEFAULT 0)`);
    await pool.query(`CREATE TABLE messages (
      id BIGINT PRIMARY KEY AUTO_INCREMENT,
      conversation_id BIGINT NOT NULL,
      seq BIGINT NOT NULL,
      user_id BIGINT NOT NULL,
      body TEXT NOT NULL,
      client_id VARCHAR(64),
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY messages_conversation_seq (conversation_id, seq),
      UNIQUE KEY messages_conversation_author_client (conversation_id, user_id, client_id)
    )`);
    const [created] = await pool.query<ResultSetHeader>(`INSERT INTO conversations (last_seq) VALUES (0)`);
    const conversationId = created.insertId;

    const send = async (i: number) => {
      const connection = await pool.getConnection();
      try {
        await connection.query('BEGIN');
        // LAST_INSERT_ID(expr) hands the new seq back with the UPDATE: no read-back query.
        const [bumped] = await connection.query<ResultSetHeader>(
          'UPDATE conversations SET last_seq = LAST_INSERT_ID(last_seq + 1) WHERE id = ?',
          [conversationId],
        );
        await connection.query(
          'INSERT INTO messages (conversation_id, seq, user_id, body, client_id, created_at) VALUES (?, ?, ?, ?, ?, NOW(3))',
          [conversationId, bumped.insertId, (i % options.authors) + 1, `message ${i}`, `bench-${i}`],
        );
        await connection.query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    };
    await drive(Math.min(options.inFlight * 2, 200), options.inFlight, options.maxSeconds, (i) => send(options.sends + i));
    return await drive(options.sends, options.inFlight, options.maxSeconds, send);
  } finally {
    await pool.end();
    await location.dispose();
  }
}
