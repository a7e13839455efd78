// Search at scale: 1,000,000 messages across 1,000 conversations on MariaDB, searched through
// the real messages-service over gRPC (SearchMessages), p50/p99 printed; target p99 <= 50 ms.
// Then the newest 50 messages of a conversation at that size, at 500 requests/s (ListMessages);
// target p99 <= 10 ms. Beside each, the one-process alternative: the plain mysql2 query a
// developer would write for the same data (FULLTEXT over the body joined to the memberships;
// the newest 50 by seq), on the same MariaDB in the same run.
//
//   npx tsx bench/search.ts            BENCH_MESSAGES=200000 for a shorter run
//
// The messages are bulk-loaded straight into messages-service's database after it migrated
// (multi-row INSERTs of 2,000 rows, the FULLTEXT index dropped during the load and built once
// after it, by copying the table): sending a million messages through the service would take the benchmark's
// whole time budget and measure sends, which bench/sends.ts does. They are dated one second
// apart, ending now (a busy service's last eleven and a half days), as a service would have
// written them; the alternative's copy of them (id, conversation, body) has a FULLTEXT index
// over the body.
import { metadataFor, unaryCall } from '@charla/platform';
import { ListMessagesRequest, ListOrder, MessagesServiceClient, SearchMessagesRequest } from '@charla/proto/messages';
import { startStack, type TestUser } from '@charla/stack';
import { credentials } from '@grpc/grpc-js';
import { loadavg } from 'node:os';
import { createConnection, createPool, type Connection } from 'mysql2/promise';
import { Samples } from './lib/deliveries';
import { machine, run } from './lib/run';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const CONVERSATIONS = 1_000;
const USERS = 50;
/** Each user is in this many conversations (conversation c has users c % 50 and (c + k) % 50 for a few k). */
const MEMBERS_PER_CONVERSATION = 4;
const SEARCHES = 600;
const HISTORY_RATE = 500;
const HISTORY_SECONDS = 10;
const BATCH = 2_000;
/** The alternative runs every few queries of the same list (a plain FULLTEXT query takes seconds for a common word). */
const ALTERNATIVE_EVERY = 4;
/** Longer than this the alternative's query is cut off by MariaDB and counted at this. */
const ALTERNATIVE_CAP_MS = 10_000;

/** A deterministic pseudo-random sequence, so every run stores the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** 3,000 words that read like Spanish (accents included), used with a Zipf-like skew as people write. */
function vocabulary(next: () => number): string[] {
  const onsets = ['b', 'c', 'ch', 'd', 'f', 'g', 'l', 'll', 'm', 'n', 'ñ', 'p', 'r', 's', 't', 'v'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'á', 'é', 'í', 'ó'];
  const words = new Set<string>();
  while (words.size < 3_000) {
    const syllables = 2 + Math.floor(next() * 3);
    let word = '';
    for (let s = 0; s < syllables; s++) word += onsets[Math.floor(next() * onsets.length)] + vowels[Math.floor(next() * vowels.length)];
    words.add(word);
  }
  return [...words];
}

function bodyOf(words: string[], next: () => number): string {
  const length = 6 + Math.floor(next() * 14);
  const picked: string[] = [];
  // Rank ~ 1/u: a few words everywhere, most rare.
  for (let i = 0; i < length; i++) picked.push(words[Math.min(words.length - 1, Math.floor(words.length * next() ** 3))]);
  return picked.join(' ');
}

async function load(db: Connection, users: TestUser[], words: string[]): Promise<void> {
  const next = random(7);
  const dbTime = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
  const now = dbTime(Date.now());
  // One second apart, the last one now.
  const first = Date.now() - MESSAGES * 1000;
  let written = 0;
  await db.query('ALTER TABLE messages DROP INDEX messages_search_terms');
  const conversations = Array.from({ length: CONVERSATIONS }, (_, c) => [`bench ${c}`, 'group', MESSAGES / CONVERSATIONS, now, now]);
  await db.query('INSERT INTO conversations (title, kind, last_seq, created_at, updated_at) VALUES ?', [conversations]);
  const [rows] = (await db.query("SELECT id FROM conversations WHERE title LIKE 'bench %' ORDER BY id")) as unknown as [{ id: number }[]];
  const ids = rows.map((r) => Number(r.id));
  const members: unknown[][] = [];
  const membersOf = (c: number) => [...new Set(Array.from({ length: MEMBERS_PER_CONVERSATION }, (_, k) => users[(c + k * 13) % USERS]))];
  ids.forEach((id, c) => membersOf(c).forEach((u) => members.push([id, Number(u.id), 'member', now, MESSAGES / CONVERSATIONS, MESSAGES / CONVERSATIONS])));
  await db.query('INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, last_delivered_seq, last_read_seq) VALUES ?', [members]);
  const perConversation = MESSAGES / CONVERSATIONS;
  let batch: unknown[][] = [];
  const started = Date.now();
  // Interleaved by seq, as conversations fill up side by side over time.
  for (let seq = 1; seq <= perConversation; seq++) {
    for (let c = 0; c < CONVERSATIONS; c++) {
      const authors = membersOf(c);
      const at = dbTime(first + ++written * 1000);
      batch.push([ids[c], seq, Number(authors[seq % authors.length].id), bodyOf(words, next), 3, at, at]);
      if (batch.length === BATCH) {
        await db.query('INSERT INTO messages (conversation_id, seq, user_id, body, status_id, created_at, updated_at) VALUES ?', [batch]);
        batch = [];
      }
    }
  }
  if (batch.length) await db.query('INSERT INTO messages (conversation_id, seq, user_id, body, status_id, created_at, updated_at) VALUES ?', [batch]);
  console.log(`loaded ${MESSAGES.toLocaleString()} messages in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const indexing = Date.now();
  // ALGORITHM=COPY: MariaDB 10.11 answers nothing from a FULLTEXT index dropped and added back in place.
  await db.query('ALTER TABLE messages ADD FULLTEXT INDEX messages_search_terms (search_terms), ALGORITHM=COPY');
  console.log(`built the FULLTEXT index in ${((Date.now() - indexing) / 1000).toFixed(0)} s`);
  const copying = Date.now();
  await db.query(`CREATE TABLE alternative_messages (id BIGINT PRIMARY KEY, conversation_id BIGINT NOT NULL, seq BIGINT NOT NULL, body TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    created_at DATETIME(3) NOT NULL, deleted_at DATETIME(3), UNIQUE KEY alternative_conversation_seq (conversation_id, seq))`);
  await db.query('INSERT INTO alternative_messages SELECT id, conversation_id, seq, body, created_at, deleted_at FROM messages');
  await db.query('ALTER TABLE alternative_messages ADD FULLTEXT INDEX alternative_body (body)');
  console.log(`the alternative's copy with its FULLTEXT index over the body in ${((Date.now() - copying) / 1000).toFixed(0)} s`);
}

/** The alternative's search: every word required, the last as a prefix; the user's conversations; newest first. */
async function alternativeSearch(db: Connection, userId: number, query: string): Promise<number> {
  const words = query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const against = words.map((w, i) => `+${w}${i === words.length - 1 ? '*' : ''}`).join(' ');
  const [rows] = await db.query(
    `SET STATEMENT max_statement_time = ${ALTERNATIVE_CAP_MS / 1000} FOR
     SELECT m.id, m.conversation_id, m.seq, m.body, m.created_at FROM alternative_messages m
     JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = ? AND cm.left_at IS NULL
     WHERE m.deleted_at IS NULL AND MATCH(m.body) AGAINST (? IN BOOLEAN MODE) ORDER BY m.id DESC LIMIT 21`,
    [userId, against],
  );
  return (rows as unknown[]).length;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

run(async () => {
  console.log(`search bench: ${MESSAGES.toLocaleString()} messages, ${CONVERSATIONS} conversations, MariaDB; ${machine()}`);
  const stack = await startStack({ label: 'bench_search', store: 'mysql', gateway: false });
  try {
    const users: TestUser[] = [];
    const register = async (i: number) => {
      const { UsersServiceClient } = await import('@charla/proto/users');
      const client = new UsersServiceClient(stack.users.grpcAddr, credentials.createInsecure());
      const res = await unaryCall(client.register.bind(client), { username: `reader${i}`, password: 'correct horse 1', firstName: 'Reader', lastName: String(i), email: '' }, metadataFor('anonymous', stack.serviceToken), 10_000);
      client.close();
      return { id: String(res.user!.id), username: `reader${i}`, token: res.token };
    };
    for (let i = 0; i < USERS; i++) users.push(await register(i));

    const db = await createConnection(stack.messages.database.url!);
    const words = vocabulary(random(3));
    await load(db, users, words);
    await db.end();

    const client = new MessagesServiceClient(stack.messages.grpcAddr, credentials.createInsecure());
    const next = random(11);
    // Queries as people type them: two words (from the common half) and a prefix of a third, accents left out.
    const plain = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '');
    const pick = () => words[Math.floor(words.length * next() ** 2 * 0.5)];
    const queries = Array.from({ length: SEARCHES }, (_, i) => (i % 3 === 0 ? plain(pick()) : i % 3 === 1 ? `${plain(pick())} ${plain(pick()).slice(0, 3)}` : `${plain(pick())} ${plain(pick())}`));
    const search = new Samples();
    const times: number[] = [];
    let hits = 0;
    for (const [i, query] of queries.entries()) {
      const user = users[i % USERS];
      const at = performance.now();
      const res = await unaryCall(client.searchMessages.bind(client), SearchMessagesRequest.fromPartial({ query, pageSize: 20 }), metadataFor({ token: user.token }, stack.serviceToken), 10_000);
      times.push(performance.now() - at);
      search.add(times.at(-1)!);
      hits += res.hits.length;
    }
    const [p50, p99, max] = search.percentiles(50, 99, 100);
    console.log(`SearchMessages x${SEARCHES} (one at a time, ${(hits / SEARCHES).toFixed(1)} hits each on average): p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)} (target p99 <= 50 ms); load average ${loadavg()[0].toFixed(2)}`);
    // By the shape of the query: where the time goes differs (a common word is read straight, a rare pair asks every day).
    for (const [shape, name] of ['one word', 'a word and three letters', 'two words'].entries()) {
      const those = new Samples();
      times.forEach((t, i) => i % 3 === shape && those.add(t));
      const [s50, s99] = those.percentiles(50, 99);
      console.log(`  ${name} x${those.count}: p50 ${ms(s50)}, p99 ${ms(s99)}`);
    }

    // The alternative on every few of the same queries, and Charla's times for those same queries beside it.
    const plainDb = await createConnection(stack.messages.database.url!);
    const alternative = new Samples();
    const charlaSame = new Samples();
    let capped = 0;
    for (let i = 0; i < SEARCHES; i += ALTERNATIVE_EVERY) {
      const at = performance.now();
      try {
        await alternativeSearch(plainDb, Number(users[i % USERS].id), queries[i]);
        alternative.add(performance.now() - at);
      } catch {
        capped++;
        alternative.add(ALTERNATIVE_CAP_MS);
      }
      charlaSame.add(times[i]);
    }
    const [a50, a99, amax] = alternative.percentiles(50, 99, 100);
    const [c50, c99] = charlaSame.percentiles(50, 99);
    console.log(`alternative (plain mysql2 FULLTEXT query) x${alternative.count}: p50 ${ms(a50)}, p99 ${ms(a99)}, max ${ms(amax)}${capped ? `, ${capped} cut off at ${ALTERNATIVE_CAP_MS} ms` : ''}; Charla on the same ${charlaSame.count}: p50 ${ms(c50)}, p99 ${ms(c99)}`);

    // History at that size: the newest 50 of a random conversation the user is in, 500/s.
    const [rows] = (await (async () => {
      const c = await createConnection(stack.messages.database.url!);
      const result = await c.query('SELECT conversation_id, user_id FROM conversation_members');
      await c.end();
      return result;
    })()) as unknown as [{ conversation_id: number; user_id: number }[]];
    const byUser = new Map(users.map((u) => [u.id, { token: u.token, conversations: rows.filter((r) => String(r.user_id) === u.id).map((r) => Number(r.conversation_id)) }]));
    const members = [...byUser.values()].filter((m) => m.conversations.length > 0);
    const total = HISTORY_RATE * HISTORY_SECONDS;
    /** Reads `total` pages at HISTORY_RATE on a fixed schedule; each `read` gets a member and one of their conversations. */
    const openLoop = async (read: (token: string, conversationId: number) => Promise<unknown>) => {
      const latencies = new Samples();
      const start = performance.now();
      const calls: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / HISTORY_RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const member = members[i % members.length];
        // Open loop: latency counts from when the request was due, so a backlog shows.
        calls.push(read(member.token, member.conversations[i % member.conversations.length]).then(() => latencies.add(performance.now() - due)));
      }
      await Promise.all(calls);
      return { latencies, seconds: (performance.now() - start) / 1000 };
    };
    const { latencies: history, seconds } = await openLoop((token, conversationId) =>
      unaryCall(client.listMessages.bind(client), ListMessagesRequest.fromPartial({ conversationId, pageSize: 50, order: ListOrder.LIST_ORDER_NEWEST_FIRST }), metadataFor({ token }, stack.serviceToken), 60_000),
    );
    const [h50, h99, hmax] = history.percentiles(50, 99, 100);
    console.log(`ListMessages newest 50 x${total} at ${HISTORY_RATE}/s (achieved ${(total / seconds).toFixed(0)}/s): p50 ${ms(h50)}, p99 ${ms(h99)}, max ${ms(hmax)} (target p99 <= 10 ms); load average ${loadavg()[0].toFixed(2)}`);
    client.close();

    // The alternative: the same reads as one plain query each on a pool of 10.
    const pool = createPool({ uri: stack.messages.database.url!, connectionLimit: 10 });
    const { latencies: plainHistory } = await openLoop((_token, conversationId) => pool.query('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 50', [conversationId]));
    const [q50, q99, qmax] = plainHistory.percentiles(50, 99, 100);
    console.log(`alternative (plain mysql2 query, pool of 10) x${total} at ${HISTORY_RATE}/s: p50 ${ms(q50)}, p99 ${ms(q99)}, max ${ms(qmax)}`);
    await Promise.all([pool.end(), plainDb.end()]);
  } finally {
    await stack.stop();
  }
});
