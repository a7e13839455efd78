// Search at scale: 1,000,000 messages across 1,000 conversations on MariaDB, searched through
// the real messages-service over gRPC (SearchMessages), p50/p99 printed; target p99 <= 50 ms.
// Then the newest 50 messages of a conversation at that size, at 500 requests/s (ListMessages);
// target p99 <= 10 ms.
//
//   npx tsx bench/search.ts            BENCH_MESSAGES=200000 for a shorter run
//
// The messages are bulk-loaded straight into messages-service's database after it migrated
// (multi-row INSERTs of 2,000 rows, the FULLTEXT index dropped during the load and built once
// after it, by copying the table): sending a million messages through the service would take the benchmark's
// whole time budget and measure sends, which bench/sends.ts does.
import { metadataFor, unaryCall } from '@charla/platform';
import { ListMessagesRequest, ListOrder, MessagesServiceClient, SearchMessagesRequest } from '@charla/proto/messages';
import { startStack, type TestUser } from '@charla/stack';
import { credentials } from '@grpc/grpc-js';
import { createConnection, type Connection } from 'mysql2/promise';
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
  const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
  await db.query('ALTER TABLE messages DROP INDEX messages_body_fulltext');
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
      batch.push([ids[c], seq, Number(authors[seq % authors.length].id), bodyOf(words, next), 3, now, now]);
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
  await db.query('ALTER TABLE messages ADD FULLTEXT INDEX messages_body_fulltext (body), ALGORITHM=COPY');
  console.log(`built the FULLTEXT index in ${((Date.now() - indexing) / 1000).toFixed(0)} s`);
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
    let hits = 0;
    for (const [i, query] of queries.entries()) {
      const user = users[i % USERS];
      const at = performance.now();
      const res = await unaryCall(client.searchMessages.bind(client), SearchMessagesRequest.fromPartial({ query, pageSize: 20 }), metadataFor({ token: user.token }, stack.serviceToken), 10_000);
      search.add(performance.now() - at);
      hits += res.hits.length;
    }
    const [p50, p99, max] = search.percentiles(50, 99, 100);
    console.log(`SearchMessages x${SEARCHES} (one at a time, ${(hits / SEARCHES).toFixed(1)} hits each on average): p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)} (target p99 <= 50 ms)`);

    // History at that size: the newest 50 of a random conversation the user is in, 500/s.
    const history = new Samples();
    const [rows] = (await (async () => {
      const c = await createConnection(stack.messages.database.url!);
      const result = await c.query('SELECT conversation_id, user_id FROM conversation_members');
      await c.end();
      return result;
    })()) as unknown as [{ conversation_id: number; user_id: number }[]];
    const byUser = new Map(users.map((u) => [u.id, { token: u.token, conversations: rows.filter((r) => String(r.user_id) === u.id).map((r) => Number(r.conversation_id)) }]));
    const members = [...byUser.values()].filter((m) => m.conversations.length > 0);
    const total = HISTORY_RATE * HISTORY_SECONDS;
    const start = performance.now();
    const calls: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / HISTORY_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const member = members[i % members.length];
      const conversationId = member.conversations[i % member.conversations.length];
      calls.push(
        unaryCall(client.listMessages.bind(client), ListMessagesRequest.fromPartial({ conversationId, pageSize: 50, order: ListOrder.LIST_ORDER_NEWEST_FIRST }), metadataFor({ token: member.token }, stack.serviceToken), 60_000).then(() =>
          // Open loop: latency counts from when the request was due, so a backlog shows.
          history.add(performance.now() - due),
        ),
      );
    }
    await Promise.all(calls);
    const [h50, h99, hmax] = history.percentiles(50, 99, 100);
    const seconds = (performance.now() - start) / 1000;
    console.log(`ListMessages newest 50 x${total} at ${HISTORY_RATE}/s (achieved ${(total / seconds).toFixed(0)}/s): p50 ${ms(h50)}, p99 ${ms(h99)}, max ${ms(hmax)} (target p99 <= 10 ms)`);
    client.close();
  } finally {
    await stack.stop();
  }
});
