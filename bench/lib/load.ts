// Offered load: an open loop (n messages a second on a fixed schedule, whatever is in flight)
// or a closed loop (each sender keeps k in flight), recording what became of every send.
import { Samples, type DeliveryVerdict, type ReceiverGroup } from './deliveries';
import { databasePid, processUsage } from './processes';
import { inBatches } from './parallel';
import { SendError, type Closable, type Refusal, type Sender, type System, type Transport } from './system';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Now on CLOCK_MONOTONIC, the clock of every process on the machine and of V8's .cpuprofile times, ms. */
export const monotonicMs = (): number => Number(process.hrtime.bigint() / 1000n) / 1000;

export interface SendRecord {
  /** ms after the phase started. */
  at: number;
  /** Send started → acknowledged or refused. */
  ms: number;
  kind: 'acked' | Refusal;
  seq?: number;
  code?: string;
  retryAfterMs?: number;
}

export interface Senders {
  list: Sender[];
  close(): void;
}

export async function openSenders(system: System, count: number, over: Transport): Promise<Senders> {
  const list = await inBatches(count, 25, (i) => system.sender(system.users[(system.users.length - 1 - i) % system.users.length], over));
  return { list, close: () => list.forEach((sender) => (sender as Partial<Closable>).close?.()) };
}

let unique = 0;
/** A clientId no earlier send used (the ids also name the phase, for debugging). */
const clientId = (prefix: string) => `${prefix}-${(unique++).toString(36)}`;

export interface LoadOptions {
  prefix: string;
  seconds: number;
  bodyBytes: number;
}

/** One send, recorded; never throws. */
async function sendOne(sender: Sender, prefix: string, bodyBytes: number, receivers: ReceiverGroup | undefined, t0: number, records: SendRecord[]): Promise<void> {
  const id = clientId(prefix);
  const started = performance.now();
  receivers?.sent(id, started);
  try {
    const seq = await sender.send(id, id.padEnd(bodyBytes, '.'));
    records.push({ at: started - t0, ms: performance.now() - started, kind: 'acked', seq });
  } catch (error) {
    const e = error instanceof SendError ? error : new SendError('failed', 'CLIENT', String(error));
    records.push({ at: started - t0, ms: performance.now() - started, kind: e.kind, code: e.code, retryAfterMs: e.retryAfterMs });
  }
}

/** A stretch of an open loop: `rate` messages a second for `seconds`. */
export interface Step {
  rate: number;
  seconds: number;
}

/**
 * Messages on a fixed schedule, whatever is in flight, senders taking turns: `rate` a second
 * for `seconds`, or a profile of steps one after the other. Resolves once every send settled.
 */
export async function openLoop(senders: Sender[], rate: number | Step[], options: Omit<LoadOptions, 'seconds'> & { seconds?: number }, receivers?: ReceiverGroup): Promise<SendRecord[]> {
  const steps = typeof rate === 'number' ? [{ rate, seconds: options.seconds ?? 1 }] : rate;
  // When message n is due, ms after the start.
  const due: number[] = [];
  let offset = 0;
  for (const step of steps) {
    const count = Math.round(step.rate * step.seconds);
    for (let i = 0; i < count; i++) due.push(offset + (i * 1000) / step.rate);
    offset += step.seconds * 1000;
  }
  const records: SendRecord[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let n = 0; n < due.length; ) {
    // Everything due by now goes out in this turn of the event loop; then sleep to the next.
    const now = performance.now() - t0;
    for (; n < due.length && due[n] <= now; n++) pending.push(sendOne(senders[n % senders.length], options.prefix, options.bodyBytes, receivers, t0, records));
    if (n < due.length) await sleep(Math.max(0, due[n] - (performance.now() - t0)));
  }
  await Promise.all(pending);
  return records;
}

/** Each sender keeps `inFlight` sends going for `seconds`; resolves once every send settled. */
export async function closedLoop(senders: Sender[], inFlight: number, options: LoadOptions, receivers?: ReceiverGroup): Promise<SendRecord[]> {
  const records: SendRecord[] = [];
  const t0 = performance.now();
  const end = t0 + options.seconds * 1000;
  const worker = async (sender: Sender) => {
    while (performance.now() < end) await sendOne(sender, options.prefix, options.bodyBytes, receivers, t0, records);
  };
  await Promise.all(senders.flatMap((sender) => Array.from({ length: inFlight }, () => worker(sender))));
  return records;
}

/**
 * Sends probes until every receiver got the latest one: then every subscription is live and
 * nothing else is in flight. Returns the probe's seq, the base of the next phase.
 */
export async function untilLive(sender: Sender, receivers: ReceiverGroup, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let probe = 0; Date.now() < deadline; probe++) {
    const seq = await sender.send(clientId('probe'), `probe ${probe}`);
    const wait = Date.now() + 2_000;
    while (Date.now() < wait && (await receivers.reached(seq)) < receivers.count) await sleep(5);
    if ((await receivers.reached(seq)) === receivers.count) return seq;
  }
  throw new Error(`after ${timeoutMs / 1000} s of probes, some of the ${receivers.count} receivers still get nothing`);
}

export interface LoadSummary {
  offered: number;
  acked: number;
  refused: number;
  unavailable: number;
  failed: number;
  /** Acknowledged per second over the phase (first send → last ack). */
  ackedPerSecond: number;
  ackMs: { p50: number; p99: number; max: number };
  /** Refusals without a retry hint (a typed refusal must carry one). */
  refusedWithoutHint: number;
  /** The codes of the sends that were neither acknowledged nor refused. */
  otherCodes: string[];
}

export function summarize(records: SendRecord[]): LoadSummary {
  const acks = new Samples();
  let lastAck = 0;
  for (const record of records) {
    if (record.kind !== 'acked') continue;
    acks.add(record.ms);
    lastAck = Math.max(lastAck, record.at + record.ms);
  }
  const [p50, p99, max] = acks.percentiles(50, 99, 100);
  const count = (kind: SendRecord['kind']) => records.filter((record) => record.kind === kind).length;
  return {
    offered: records.length,
    acked: acks.count,
    refused: count('refused'),
    unavailable: count('unavailable'),
    failed: count('failed'),
    ackedPerSecond: lastAck > 0 ? acks.count / (lastAck / 1000) : 0,
    ackMs: { p50, p99, max },
    refusedWithoutHint: records.filter((record) => record.kind === 'refused' && !(record.retryAfterMs! > 0)).length,
    otherCodes: [...new Set(records.filter((record) => record.kind === 'unavailable' || record.kind === 'failed').map((record) => record.code ?? '?'))],
  };
}

export interface Window {
  second: number;
  acked: number;
  refused: number;
  unavailable: number;
  failed: number;
  ackP99: number;
  ackMax: number;
}

/** The phase second by second (by when each send started). */
export function windows(records: SendRecord[], widthMs = 1_000): Window[] {
  const byWindow = new Map<number, SendRecord[]>();
  for (const record of records) {
    const key = Math.floor(record.at / widthMs);
    byWindow.set(key, [...(byWindow.get(key) ?? []), record]);
  }
  return [...byWindow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, list]) => {
      const acks = new Samples();
      for (const record of list) if (record.kind === 'acked') acks.add(record.ms);
      const [ackP99, ackMax] = acks.percentiles(99, 100);
      const count = (kind: SendRecord['kind']) => list.filter((record) => record.kind === kind).length;
      return { second: (key * widthMs) / 1000, acked: acks.count, refused: count('refused'), unavailable: count('unavailable'), failed: count('failed'), ackP99, ackMax };
    });
}

/**
 * "Acknowledged = stored": every acknowledged send has its own seq in the phase, and the room
 * grew by the acknowledged sends (plus at most the ones that failed without an answer, which
 * may have been stored; a refused one never is).
 */
export function storedCheck(records: SendRecord[], base: number, last: number): string {
  const seqs = records.filter((record) => record.kind === 'acked').map((record) => record.seq!);
  const unknown = records.filter((record) => record.kind === 'unavailable' || record.kind === 'failed').length;
  const stored = last - base;
  if (new Set(seqs).size !== seqs.length) return `FAIL: ${seqs.length - new Set(seqs).size} seqs acknowledged twice`;
  if (seqs.some((seq) => seq <= base || seq > last)) return 'FAIL: an acknowledged seq is outside the phase';
  if (stored < seqs.length) return `FAIL: ${seqs.length} acknowledged, ${stored} stored`;
  if (stored > seqs.length + unknown) return `FAIL: ${stored - seqs.length} stored without an acknowledgement`;
  return stored === seqs.length ? `acknowledged = stored (${stored})` : `${seqs.length} acknowledged, ${stored} stored (${unknown} failed sends may have been)`;
}

export interface Phase {
  records: SendRecord[];
  base: number;
  last: number;
  /** The deliveries' exactly-once, in-order verdict. */
  verdict: DeliveryVerdict;
  stored: string;
  /** First send → last delivery, s. */
  deliverSeconds: number;
  /** CPU seconds each process used during the phase (the servers, MariaDB, this load generator). */
  cpu: Record<string, number>;
}

/** CPU seconds so far of the system's processes, MariaDB and this process. */
export function cpuNow(system: System): Record<string, number> {
  const database = databasePid();
  const own = process.cpuUsage();
  return {
    ...Object.fromEntries(system.processes.map((part) => [part.name, processUsage(part.pid).cpuSeconds])),
    ...(database === undefined ? {} : { mariadb: processUsage(database).cpuSeconds }),
    'load generator': (own.user + own.system) / 1e6,
  };
}

/** "api-gateway 41 µs, messages-service 38 µs, …": CPU per message of a phase. */
export function cpuPerMessage(phase: Pick<Phase, 'cpu'>, messages: number): string {
  return Object.entries(phase.cpu)
    .map(([name, seconds]) => `${name} ${messages > 0 ? Math.round((seconds / messages) * 1e6) : 0} µs`)
    .join(', ');
}

/**
 * One measured phase: probes until every receiver is live, then the load, then waits for the
 * deliveries (until none came for `idleMs`) and checks them against what the room stored.
 */
export async function measuredPhase(system: System, receivers: ReceiverGroup, probe: Sender, load: () => Promise<SendRecord[]>, idleMs = 10_000): Promise<Phase> {
  const base = await untilLive(probe, receivers);
  await receivers.begin(base);
  const began = performance.now();
  const cpuBefore = cpuNow(system);
  const records = await load();
  const last = await system.lastSeq();
  await receivers.settle(last, idleMs);
  const cpuAfter = cpuNow(system);
  return {
    cpu: Object.fromEntries(Object.entries(cpuAfter).map(([name, seconds]) => [name, seconds - (cpuBefore[name] ?? 0)])),
    records,
    base,
    last,
    verdict: await receivers.verdict(base, last),
    stored: storedCheck(records, base, last),
    deliverSeconds: ((receivers.finishedAt() ?? performance.now()) - began) / 1000,
  };
}
