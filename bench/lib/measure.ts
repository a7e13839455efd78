// One fan-out run against one target: warm up until every receiver is live, then send M
// messages (K in flight per sender) and time each delivery from the moment its send started.
import { databasePid, processUsage } from './processes';
import { percentiles, type Percentiles } from './stats';
import type { FanoutParams, FanoutTarget, Sender } from './target';

export interface ProcessResult {
  name: string;
  pid: number;
  /** CPU seconds used between the first send and the last delivery. */
  cpuSeconds: number;
  /** CPU seconds since the process started (start-up and user set-up included). */
  cpuTotalSeconds: number;
  rssMiB: number;
  peakRssMiB: number;
}

export interface FanoutResult {
  system: string;
  notes: string[];
  /** Messages sent and stored in the measured phase: all planned ones, unless the time limit hit. */
  messages: number;
  plannedMessages: number;
  expectedDeliveries: number;
  deliveries: number;
  /** First send to last acknowledgement. */
  sendSeconds: number;
  /** First send to last delivery. */
  deliverSeconds: number;
  storedPerSecond: number;
  deliveriesPerSecond: number;
  /** Send started → a receiver parsed the message, over every delivery. */
  latencyMs: Percentiles;
  /** Send started → the sender got the stored message back. */
  ackMs: Percentiles;
  sendRetries: number;
  /** What the last failed attempt said, when there were retries. */
  lastSendError: string;
  /** Empty when every receiver got every message exactly once, in seq order. */
  failures: string[];
  processes: ProcessResult[];
  /** The database server's CPU seconds during the run (shared by whatever else uses it). */
  databaseCpuSeconds: number | undefined;
  loadGenerator: { cpuSeconds: number; rssMiB: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureFanout(target: FanoutTarget, params: FanoutParams): Promise<FanoutResult> {
  const { receivers, messages } = params;
  // Warm-up: the last seq each receiver saw. Measured phase: the seq each one expects next.
  const lastSeen = new Float64Array(receivers);
  const expected = new Float64Array(receivers);
  const received = new Float64Array(receivers);
  const sentAt = new Map<string, number>();
  const latencies = new Float64Array(receivers * messages);
  let measuring = false;
  let delivered = 0;
  let repeated = 0;
  let skipped = 0;
  let unknown = 0;
  let lastDeliveryAt = 0;

  await target.openReceivers((receiver, seq, clientId) => {
    const now = performance.now();
    if (!measuring) {
      lastSeen[receiver] = Math.max(lastSeen[receiver], seq);
      return;
    }
    const started = sentAt.get(clientId);
    if (started === undefined) {
      unknown++;
      return;
    }
    if (seq < expected[receiver]) {
      repeated++;
      return;
    }
    if (seq > expected[receiver]) skipped++;
    expected[receiver] = seq + 1;
    received[receiver]++;
    if (delivered < latencies.length) latencies[delivered] = now - started;
    delivered++;
    lastDeliveryAt = now;
  });
  const senders = await target.openSenders();

  let sendRetries = 0;
  let lastSendError = '';
  /** Set when a send failed every attempt: sending stops, and which messages were stored is unknown. */
  let sendFailure: string | undefined;
  /**
   * Sends one message and waits for its acknowledgement. Like the browser's outbox, a failed
   * send is retried with the same clientId (so it can never be stored twice) until it is
   * acknowledged; its latency includes the retries.
   */
  const sendOne = async (sender: Sender, clientId: string, onAck: (seq: number, ms: number) => void) => {
    const body = clientId.padEnd(params.bodyBytes, '.');
    const started = performance.now();
    sentAt.set(clientId, started);
    for (let attempt = 1; ; attempt++) {
      try {
        onAck(await sender.send(clientId, body), performance.now() - started);
        return;
      } catch (error) {
        lastSendError = error instanceof Error ? error.message : String(error);
        if (performance.now() - started > params.giveUpSeconds * 1000) {
          sendFailure ??= `a send was still failing after ${attempt} attempts in ${params.giveUpSeconds} s (${lastSendError})`;
          return;
        }
        sendRetries++;
        await sleep(Math.min(100 * attempt, 1_000));
      }
    }
  };

  /** Closed loop: `total` messages spread over the senders, K in flight each, none started after `deadline`. */
  const sendAll = async (prefix: string, total: number, onAck: (seq: number, ms: number) => void, deadline = Infinity) => {
    const share = (index: number) => Math.floor(total / senders.length) + (index < total % senders.length ? 1 : 0);
    await Promise.all(
      senders.map(async (sender: Sender, index) => {
        const count = share(index);
        let next = 0;
        const worker = async () => {
          while (next < count && performance.now() < deadline && sendFailure === undefined) await sendOne(sender, `${prefix}-${index}-${next++}`, onAck);
        };
        await Promise.all(Array.from({ length: params.inFlight }, worker));
      }),
    );
  };

  /** Open loop: message n starts at n / rate seconds whatever is still in flight, senders taking turns. */
  const sendAtRate = async (prefix: string, total: number, rate: number, onAck: (seq: number, ms: number) => void, deadline: number) => {
    const begin = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let n = 0; n < total && sendFailure === undefined; n++) {
      const due = begin + (n * 1000) / rate;
      if (due >= deadline) break;
      if (due > performance.now()) await sleep(due - performance.now());
      const index = n % senders.length;
      inFlight.push(sendOne(senders[index], `${prefix}-${index}-${n}`, onAck));
    }
    await Promise.all(inFlight);
  };

  // Warm up in rounds until one round reached every receiver: then every subscription is live.
  let base = 0;
  for (let round = 0; ; round++) {
    await sendAll(`w${round}`, Math.max(params.warmup, senders.length), (seq) => (base = Math.max(base, seq)));
    if (sendFailure) throw new Error(`${target.name} warm-up: ${sendFailure}`);
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && lastSeen.some((seq) => seq < base)) await sleep(20);
    if (!lastSeen.some((seq) => seq < base)) break;
    if (round === 10) throw new Error(`${target.name}: after ${round + 1} warm-up rounds, ${lastSeen.filter((seq) => seq < base).length} receivers still get nothing`);
  }
  // Let what the warm-up set off (delivery receipts, presence) settle before measuring.
  await sleep(1_000);
  expected.fill(base + 1);
  sentAt.clear();
  sendRetries = 0;

  const database = databasePid();
  const cpuBefore = new Map(target.processes.map((part) => [part.pid, processUsage(part.pid).cpuSeconds]));
  const databaseBefore = database === undefined ? 0 : processUsage(database).cpuSeconds;
  const loadBefore = process.cpuUsage();
  const ackTimes = new Float64Array(messages);
  const storedSeqs: number[] = [];
  measuring = true;
  const started = performance.now();
  let lastAckAt = started;
  const onAck = (seq: number, ms: number) => {
    ackTimes[storedSeqs.length] = ms;
    storedSeqs.push(seq);
    lastAckAt = performance.now();
  };
  const deadline = started + params.maxSendSeconds * 1000;
  if (params.rate > 0) await sendAtRate('m', messages, params.rate, onAck, deadline);
  else await sendAll('m', messages, onAck, deadline);
  // Under the time limit every message was sent; past it, only those sent count.
  const sent = storedSeqs.length;
  const expectedDeliveries = sent * receivers;
  let progress = { count: delivered, at: Date.now() };
  while (delivered < expectedDeliveries) {
    await sleep(20);
    if (delivered !== progress.count) progress = { count: delivered, at: Date.now() };
    else if (Date.now() - progress.at > params.idleTimeoutMs) break;
  }
  const finished = delivered >= expectedDeliveries ? lastDeliveryAt : performance.now();
  const load = process.cpuUsage(loadBefore);
  const processes = target.processes.map((part): ProcessResult => {
    const usage = processUsage(part.pid);
    return {
      name: part.name,
      pid: part.pid,
      cpuSeconds: usage.cpuSeconds - (cpuBefore.get(part.pid) ?? 0),
      cpuTotalSeconds: usage.cpuSeconds,
      rssMiB: usage.rssMiB,
      peakRssMiB: usage.hwmMiB,
    };
  });
  const databaseCpuSeconds = database === undefined ? undefined : processUsage(database).cpuSeconds - databaseBefore;

  const failures: string[] = [];
  if (sendFailure) {
    // A send given up on may still have been stored: the exactly-once checks would be guesses.
    failures.push(`${sendFailure}; sending stopped after ${sent} acknowledged messages; delivery checks skipped`);
  }
  const short = Array.from(received).filter((count) => count < sent);
  if (short.length > 0 && !sendFailure) {
    const missing = short.reduce((sum, count) => sum + sent - count, 0);
    failures.push(`${short.length} of ${receivers} receivers missed ${missing} deliveries (no delivery for ${params.idleTimeoutMs / 1000} s)`);
  }
  if (!sendFailure && repeated > 0) failures.push(`${repeated} deliveries repeated a seq or went back`);
  if (!sendFailure && skipped > 0) failures.push(`${skipped} deliveries skipped ahead of the next seq`);
  if (!sendFailure && unknown > 0) failures.push(`${unknown} deliveries of messages the measured phase did not send`);
  const sorted = [...storedSeqs].sort((a, b) => a - b);
  if (!sendFailure && sorted.some((seq, index) => seq !== base + 1 + index)) {
    failures.push(`the stored seqs are not ${base + 1}..${base + sent} exactly once`);
  }

  const sendSeconds = (lastAckAt - started) / 1000;
  const deliverSeconds = (finished - started) / 1000;
  return {
    system: target.name,
    notes: target.notes,
    messages: sent,
    plannedMessages: messages,
    expectedDeliveries,
    deliveries: delivered,
    sendSeconds,
    deliverSeconds,
    storedPerSecond: sent / sendSeconds,
    deliveriesPerSecond: delivered / deliverSeconds,
    latencyMs: percentiles(latencies, Math.min(delivered, latencies.length)),
    ackMs: percentiles(ackTimes, storedSeqs.length),
    sendRetries,
    lastSendError,
    failures,
    processes,
    databaseCpuSeconds,
    loadGenerator: { cpuSeconds: (load.user + load.system) / 1e6, rssMiB: process.memoryUsage().rss / 2 ** 20 },
  };
}
