/**
 * Send throughput and latency: Charla's SendMessage over real gRPC (messages-service and
 * users-service in this process, on a fresh MariaDB database and on SQLite) beside the
 * simplest alternative (mysql2 doing the same logical write), measured in the same run.
 *
 *   npx tsx bench/sends.ts [--sends=2000] [--authors=20] [--in-flight=50] [--max-seconds=20]
 *                          [--stores=mysql,sqlite] [--modes=grouped,single] [--baseline=yes] [--pool=20]
 *
 * Every option can also come from the environment in upper case (SENDS=500, IN_FLIGHT=10).
 * "grouped" runs messages-service with SENDS_PER_COMMIT=100 (its default), "single" with 1.
 * Everything runs in this one process on the same cores, so the gRPC client's work is counted
 * against the service; the mysql2 baseline has no gRPC, no auth, no receipts and no events.
 * MariaDB is TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306); its databases are dropped after.
 */
import type { TestStoreKind } from '@charla/platform/testing';
import { measureBaselineSends } from './sends/baseline';
import { measureCharlaSends, registerAuthors } from './sends/charla';
import { summarize, type Measured, type Summary } from './sends/measure';
import { options } from './lib/options';
import { machine, run } from './lib/run';
import { table } from './lib/stats';

const MODES = { grouped: 100, single: 1 } as const;
type Mode = keyof typeof MODES;

const { count, list, text } = options();
const config = {
  sends: count('sends', 2000),
  authors: count('authors', 20),
  inFlight: count('in-flight', 50),
  maxSeconds: count('max-seconds', 20),
  stores: list<TestStoreKind>('stores', 'mysql,sqlite', ['mysql', 'sqlite']),
  modes: list<Mode>('modes', 'grouped,single', ['grouped', 'single']),
  baseline: text('baseline', 'yes') !== 'no',
  /** The baseline's pool: the size messages-service opens, so both may hold as many connections. */
  poolSize: count('pool', 20),
};

interface Row {
  what: string;
  store: string;
  result: Summary & { capped: boolean };
}

const rows: Row[] = [];

function record(what: string, store: string, measured: Measured): void {
  const result = { ...summarize(measured), capped: measured.sends + measured.failed < config.sends };
  rows.push({ what, store, result });
  const r = result;
  console.error(`  ${what} on ${store}: ${r.perSecond.toFixed(1)} sends/s, p50 ${r.p50.toFixed(1)} ms${r.capped ? ` (stopped at ${config.maxSeconds} s)` : ''}`);
}

function printTable(): void {
  const header = ['what', 'store', 'sends', 'failed', 'sends/s', 'p50 ms', 'p95 ms', 'p99 ms'];
  const body = rows.map(({ what, store, result: r }) => [
    what,
    store,
    `${r.sends}${r.capped ? '*' : ''}`,
    String(r.failed),
    r.perSecond.toFixed(1),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
  ]);
  console.log(table([header, ...body], { left: 2, rule: true }));
  if (rows.some((r) => r.result.capped)) console.log(`* stopped issuing sends after --max-seconds=${config.maxSeconds}`);
}

async function main(): Promise<void> {
  console.log(
    `sends bench: ${config.sends} sends, ${config.authors} authors in one group, ${config.inFlight} in flight; ${machine()}`,
  );
  for (const store of config.stores) {
    const authors = await registerAuthors(store, config.authors);
    try {
      for (const mode of config.modes) {
        const measured = await measureCharlaSends(authors, { ...config, sendsPerCommit: MODES[mode] });
        record(`charla gRPC SendMessage, ${mode === 'grouped' ? 'group commit' : 'one transaction per send'}`, store, measured);
      }
    } finally {
      await authors.stop();
    }
  }
  if (config.baseline) {
    const measured = await measureBaselineSends(config);
    record(`mysql2 only, one transaction per send (pool ${config.poolSize})`, 'mysql', measured);
  }
  console.log('');
  printTable();
}

run(main);
