/**
 * Sends while delivery receipts flow: Charla's SendMessage over real gRPC into one group of
 * `members` (every one of them receiving every message), while receipts for those members
 * arrive the way a gateway sends them, measured receipt pattern by receipt pattern:
 *
 *   none               no receipts: what sends alone do in this room
 *   mark-delivered     the gateway before RecordDeliveries: every 50 ms, each member who got a
 *                      message since their last call calls MarkDelivered with their own token
 *                      (one call per socket per conversation per window; a member whose call
 *                      is still out skips the window, so the load offered is, if anything, less)
 *   record-deliveries  every 250 ms, one RecordDeliveries (service credential) with every
 *                      member at the newest seq
 *
 *   npx tsx bench/deliveries.ts [--members=200] [--authors=20] [--sends=2000] [--in-flight=20]
 *                               [--max-seconds=30] [--deadline-ms=5000] [--stores=mysql,sqlite]
 *                               [--receipts=none,mark-delivered,record-deliveries]
 *
 * Options can also come from the environment in upper case (MEMBERS=50). Sends and receipts
 * get the gateway's 5 s deadline (--deadline-ms) and are not retried: a send that misses it
 * counts as failed. Everything runs in this one process (users-service, messages-service and
 * the load), as in bench/sends.ts. MariaDB is TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306).
 */
import type { TestStoreKind } from '@charla/platform/testing';
import { SendMessageRequest, type MessagesServiceClient } from '@charla/proto/messages';
import { call, registerAuthors, SERVICE_TOKEN, withMessagesService, type Authors } from './sends/charla';
import { drive, summarize, type Measured } from './sends/measure';
import { options } from './lib/options';
import { machine, run } from './lib/run';
import { table } from './lib/stats';

const PATTERNS = ['none', 'mark-delivered', 'record-deliveries'] as const;
type Pattern = (typeof PATTERNS)[number];

const { count, list } = options();
const config = {
  members: count('members', 200),
  authors: count('authors', 20),
  sends: count('sends', 2000),
  inFlight: count('in-flight', 20),
  maxSeconds: count('max-seconds', 30),
  deadlineMs: count('deadline-ms', 5000),
  stores: list<TestStoreKind>('stores', 'mysql', ['mysql', 'sqlite']),
  receipts: list<Pattern>('receipts', PATTERNS.join(','), PATTERNS),
};
if (config.authors > config.members) throw new Error('--authors must be at most --members');

/** What the receipts did while the sends were measured. */
interface ReceiptTally {
  calls: number;
  failed: number;
  latencies: number[];
}

/**
 * Sends the receipts of one pattern until stopped; `newest` is the highest seq acknowledged
 * so far (every member is taken to have it, as their sockets would).
 */
function flowReceipts(pattern: Pattern, client: MessagesServiceClient, authors: Authors, conversationId: number, newest: () => number): { stop(): Promise<ReceiptTally> } {
  const tally: ReceiptTally = { calls: 0, failed: 0, latencies: [] };
  const outstanding = new Set<Promise<unknown>>();
  const track = (request: () => Promise<unknown>) => {
    const t0 = performance.now();
    tally.calls++;
    const p = request().then(
      () => tally.latencies.push(performance.now() - t0),
      () => tally.failed++,
    );
    outstanding.add(p);
    void p.finally(() => outstanding.delete(p));
    return p;
  };
  let timer: NodeJS.Timeout | undefined;
  if (pattern === 'mark-delivered') {
    const marked = new Array<number>(authors.tokens.length).fill(0);
    const busy = new Array<boolean>(authors.tokens.length).fill(false);
    timer = setInterval(() => {
      const seq = newest();
      authors.tokens.forEach((token, i) => {
        if (busy[i] || marked[i] >= seq) return;
        busy[i] = true;
        marked[i] = seq;
        void track(() => call(client, client.markDelivered, { conversationId, seq }, token, config.deadlineMs)).finally(() => (busy[i] = false));
      });
    }, 50);
  } else if (pattern === 'record-deliveries') {
    let recorded = 0;
    timer = setInterval(() => {
      const seq = newest();
      if (recorded >= seq) return;
      recorded = seq;
      const deliveries = authors.ids.map((userId) => ({ userId, conversationId, seq }));
      void track(() => call(client, client.recordDeliveries, { deliveries }, SERVICE_TOKEN, config.deadlineMs));
    }, 250);
  }
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(outstanding);
      return tally;
    },
  };
}

interface Row {
  store: string;
  pattern: Pattern;
  sends: Measured;
  receipts: ReceiptTally;
}

async function measure(kind: TestStoreKind, authors: Authors, pattern: Pattern): Promise<Row> {
  return withMessagesService(authors, {}, async (client) => {
    const members = authors.names.slice(1);
    const { conversation } = await call(client, client.createGroup, { title: 'bench', usernames: members }, authors.tokens[0]);
    const conversationId = conversation!.id;
    let newest = 0;
    const send = (i: number) => {
      const author = i % config.authors;
      return call(
        client,
        client.sendMessage,
        SendMessageRequest.fromPartial({ conversationId, body: `message ${i} from ${authors.names[author]}`, clientId: `bench-${i}` }),
        authors.tokens[author],
        config.deadlineMs,
      ).then(({ message }) => {
        newest = Math.max(newest, message!.seq);
      });
    };
    // Warm-up: channels open, every member's token checked and cached, statements prepared.
    await drive(Math.min(config.inFlight * 2, 200), config.inFlight, config.maxSeconds, (i) => send(config.sends + i));
    await Promise.all(authors.tokens.map((token) => call(client, client.getConversation, { conversationId }, token)));
    const receipts = flowReceipts(pattern, client, authors, conversationId, () => newest);
    const sends = await drive(config.sends, config.inFlight, config.maxSeconds, send);
    return { store: kind, pattern, sends, receipts: await receipts.stop() };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
}

function printTable(rows: Row[]): void {
  const header = ['store', 'receipts', 'sends', 'failed', 'sends/s', 'p50 ms', 'p99 ms', 'receipt calls', 'failed', 'calls/s', 'call p50 ms'];
  const body = rows.map(({ store, pattern, sends, receipts }) => {
    const s = summarize(sends);
    const capped = sends.sends + sends.failed < config.sends;
    return [
      store,
      pattern,
      `${s.sends}${capped ? '*' : ''}`,
      String(s.failed),
      s.perSecond.toFixed(1),
      s.p50.toFixed(1),
      s.p99.toFixed(1),
      String(receipts.calls),
      String(receipts.failed),
      (receipts.calls / sends.seconds).toFixed(1),
      receipts.latencies.length ? median(receipts.latencies).toFixed(1) : '-',
    ];
  });
  console.log(table([header, ...body], { left: 2, rule: true }));
  if (body.some((row) => row[2].endsWith('*'))) console.log(`* stopped issuing sends after --max-seconds=${config.maxSeconds}`);
}

async function main(): Promise<void> {
  console.log(
    `deliveries bench: ${config.sends} sends by ${config.authors} authors, ${config.inFlight} in flight, into one group of ${config.members}; ${machine()}`,
  );
  const rows: Row[] = [];
  for (const store of config.stores) {
    const authors = await registerAuthors(store, config.members);
    try {
      for (const pattern of config.receipts) {
        const row = await measure(store, authors, pattern);
        const s = summarize(row.sends);
        console.error(`  ${pattern} on ${store}: ${s.perSecond.toFixed(1)} sends/s, p50 ${s.p50.toFixed(1)} ms, ${row.receipts.calls} receipt calls`);
        rows.push(row);
      }
    } finally {
      await authors.stop();
    }
  }
  console.log('');
  printTable(rows);
}

run(main);
