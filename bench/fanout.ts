// Fan-out: how fast a message goes from one socket to many, Charla against the simplest
// alternative (bench/baseline/server.ts), in one run, on the same MariaDB. See bench/README.md.
//
//   npx tsx bench/fanout.ts            # or: npm run bench
//   BENCH_RECEIVERS=500 BENCH_MESSAGES=5000 BENCH_SYSTEMS=charla npx tsx bench/fanout.ts
//   npx tsx bench/fanout.ts --receivers=500 --messages=5000 --systems=charla
//
// This process is the load generator: the servers run as child processes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { TEST_MYSQL_SERVER } from '@charla/platform/testing';
import { startBaseline } from './lib/baseline';
import { startCharla } from './lib/charla';
import { measureFanout, type FanoutResult } from './lib/measure';
import { options } from './lib/options';
import { run } from './lib/run';
import { ROOT } from './lib/processes';
import { table } from './lib/stats';
import type { FanoutParams, FanoutTarget } from './lib/target';

const SYSTEMS = ['charla', 'baseline'] as const;
type System = (typeof SYSTEMS)[number];

const { count, list, oneOf, text } = options('BENCH_');
const params: FanoutParams = {
  receivers: count('receivers', 200),
  senders: count('senders', 10),
  messages: count('messages', 2_000),
  inFlight: count('in-flight', 2),
  rate: count('rate', 0, 0),
  warmup: count('warmup', 50),
  bodyBytes: count('body-bytes', 80),
  maxSendSeconds: count('max-send-seconds', 60),
  giveUpSeconds: count('give-up-seconds', 120),
  idleTimeoutMs: count('idle-timeout-ms', 30_000),
};
const systems = list<System>('systems', SYSTEMS.join(','), SYSTEMS);
const cpuProfDir = text('cpu-prof', '') || undefined;
const charla = {
  sendOver: oneOf('charla-send', 'http', ['http', 'ws'] as const),
  subscribe: oneOf('charla-subscribe', 'all', ['all', 'room'] as const),
};

function start(system: System): Promise<FanoutTarget> {
  switch (system) {
    case 'charla':
      return startCharla(params, { cpuProfDir, ...charla });
    case 'baseline':
      return startBaseline(params, { cpuProfDir });
    default: {
      const unreachable: never = system;
      throw new Error(`unknown system ${unreachable}`);
    }
  }
}

const fixed = (digits: number) => (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));
const whole = (value: number) => Math.round(value).toLocaleString('en-US');
/** Rates: whole numbers, with a decimal while they are small. */
const perSecond = (value: number | undefined) => (value === undefined ? '-' : value < 100 ? value.toFixed(1) : whole(value));

function report(results: FanoutResult[]): string {
  const header = ['', ...results.map((result) => result.system)];
  const ratio = results.length === 2 ? [`${results[0].system}/${results[1].system}`] : [];
  const row = (label: string, values: (number | undefined)[], format: (value: number | undefined) => string, showRatio = true) => {
    const [a, b] = values;
    const r = results.length === 2 && showRatio && a !== undefined && b !== undefined && b !== 0 ? [`${(a / b).toFixed(2)}×`] : results.length === 2 ? [''] : [];
    return [label, ...values.map(format), ...r];
  };
  const names = [...new Set(results.flatMap((result) => result.processes.map((part) => part.name)))];
  const usage = (name: string, pick: (part: FanoutResult['processes'][number]) => number) => results.map((result) => {
    const part = result.processes.find((candidate) => candidate.name === name);
    return part ? pick(part) : undefined;
  });
  const rows = [
    [...header, ...ratio],
    row('messages sent (of planned)', results.map((r) => r.messages), (v) => (v === undefined ? '-' : whole(v)), false),
    row('messages stored/s', results.map((r) => r.storedPerSecond), perSecond),
    row('deliveries/s', results.map((r) => r.deliveriesPerSecond), perSecond),
    row('send→receive p50 ms', results.map((r) => r.latencyMs.p50), fixed(1)),
    row('send→receive p95 ms', results.map((r) => r.latencyMs.p95), fixed(1)),
    row('send→receive p99 ms', results.map((r) => r.latencyMs.p99), fixed(1)),
    row('send→receive max ms', results.map((r) => r.latencyMs.max), fixed(1)),
    row('send→ack p50 ms', results.map((r) => r.ackMs.p50), fixed(1)),
    row('send→ack p99 ms', results.map((r) => r.ackMs.p99), fixed(1)),
    row('failed send attempts (retried)', results.map((r) => r.sendRetries), (v) => (v === undefined ? '-' : whole(v)), false),
    row('deliveries checked', results.map((r) => r.deliveries), (v) => (v === undefined ? '-' : whole(v)), false),
    row('first send → last delivery s', results.map((r) => r.deliverSeconds), fixed(2), false),
    ...names.map((name) => row(`CPU s during run: ${name}`, usage(name, (part) => part.cpuSeconds), fixed(2), false)),
    row('CPU s during run: all servers', results.map((r) => r.processes.reduce((sum, part) => sum + part.cpuSeconds, 0)), fixed(2)),
    row('CPU s during run: MariaDB', results.map((r) => r.databaseCpuSeconds), fixed(2)),
    row('CPU s during run: load generator', results.map((r) => r.loadGenerator.cpuSeconds), fixed(2)),
    ...names.map((name) => row(`RSS MiB at end: ${name}`, usage(name, (part) => part.rssMiB), fixed(0), false)),
    ...names.map((name) => row(`peak RSS MiB: ${name}`, usage(name, (part) => part.peakRssMiB), fixed(0), false)),
    row('RSS MiB at end: all servers', results.map((r) => r.processes.reduce((sum, part) => sum + part.rssMiB, 0)), fixed(0)),
  ];
  return table(rows);
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

async function databaseVersion(): Promise<string> {
  const connection = await createConnection(TEST_MYSQL_SERVER);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return (rows as { version: string }[])[0].version;
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, database: await databaseVersion() };
  const commit = text('commit', '') || gitCommit();
  const offered = params.rate > 0 ? `${params.rate} messages/s on a fixed schedule (open loop)` : `K=${params.inFlight} in flight per sender`;
  console.log(`fanout: R=${params.receivers} receivers, S=${params.senders} senders, M=${params.messages} messages, ${offered}, ${params.bodyBytes}-byte bodies, sends stop after ${params.maxSendSeconds} s`);
  console.log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.database}; commit ${commit}`);
  const loadAtStart = loadavg()[0];
  // Whatever else runs (tests, builds) takes CPU from both systems unevenly: say so.
  const busy = loadAtStart > machine.cpus / 2 ? ' — the machine is busy with other work; expect noisy numbers' : '';
  console.log(`load average (1 min) at start: ${loadAtStart.toFixed(2)}${busy}\n`);

  const results: FanoutResult[] = [];
  let failed = false;
  // Ctrl-C: the servers get the terminal's SIGINT themselves; the databases are dropped here.
  let target: FanoutTarget | undefined;
  process.once('SIGINT', () => {
    console.log('\ninterrupted; cleaning up');
    void (target?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  for (const system of systems) {
    const began = Date.now();
    process.stdout.write(`${system}: starting and setting up ${params.receivers + params.senders} users… `);
    target = undefined;
    try {
      target = await start(system);
      process.stdout.write(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s; measuring… `);
      const result = await measureFanout(target, params);
      console.log(`done in ${result.deliverSeconds.toFixed(1)} s`);
      for (const note of result.notes) console.log(`  ${note}`);
      results.push(result);
    } catch (error) {
      // One system failing to run says something about it; the others still get measured.
      console.log(`\nFAIL ${system}: ${error instanceof Error ? error.message : String(error)}`);
      failed = true;
    } finally {
      await target?.stop();
    }
  }

  if (results.length > 0) console.log(`\n${report(results)}\n`);
  for (const result of results) {
    for (const failure of result.failures) {
      failed = true;
      console.log(`FAIL ${result.system}: ${failure}`);
    }
    if (result.messages < result.plannedMessages) {
      console.log(`note ${result.system}: sent ${result.messages} of ${result.plannedMessages} messages in the ${params.maxSendSeconds} s send limit (BENCH_MAX_SEND_SECONDS)`);
    }
    if (result.failures.length === 0) console.log(`ok ${result.system}: every receiver got all ${result.messages} messages exactly once, in seq order`);
    if (result.sendRetries > 0) console.log(`note ${result.system}: ${result.sendRetries} send attempts failed and were retried with the same clientId; the last said: ${result.lastSendError}`);
  }

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fanout-${startedAt.toISOString().replace(/:/g, '-').replace(/\..*/, '')}.json`);
  const loadAverage = { atStart: loadAtStart, atEnd: loadavg()[0] };
  console.log(`load average (1 min) at end: ${loadAverage.atEnd.toFixed(2)}`);
  writeFileSync(file, `${JSON.stringify({ bench: 'fanout', startedAt, commit, machine, loadAverage, params, charla, results }, null, 2)}\n`);
  console.log(`\nresults: ${file}${cpuProfDir ? `; CPU profiles in ${cpuProfDir}` : ''}`);
  process.exitCode = failed ? 1 : 0;
}

run(main);
