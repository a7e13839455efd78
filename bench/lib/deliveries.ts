// What the receivers of a scenario got: every message exactly once and in seq order (checked as
// they arrive), and how long each took from the moment its send started.
import type { Closable, System } from './system';

/** Receiving sockets, here or in worker processes (bench/lib/remote.ts): what a phase asks of them. */
export interface ReceiverGroup {
  readonly count: number;
  /** A send starts now: the clock of the latencies (local receivers only). */
  sent(clientId: string, at?: number): void;
  begin(base: number): void | Promise<void>;
  reached(seq: number): number | Promise<number>;
  settle(last: number, idleMs: number): Promise<void>;
  verdict(base: number, last: number): DeliveryVerdict | Promise<DeliveryVerdict>;
  /** When the last delivery arrived (performance.now()), if this process saw it. */
  finishedAt(): number | undefined;
  close(): void | Promise<void>;
}
import { inBatches } from './parallel';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Latencies in a growable typed array (millions of deliveries stay cheap). */
export class Samples {
  private values = new Float64Array(1 << 16);
  count = 0;

  add(value: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = value;
  }

  /** Nearest-rank percentile (sorts a copy; call once per report). */
  percentiles(...ps: number[]): number[] {
    if (this.count === 0) return ps.map(() => Number.NaN);
    const sorted = this.values.slice(0, this.count).sort();
    return ps.map((p) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1))]);
  }
}

export interface DeliveryVerdict {
  ok: boolean;
  /** "ok: 100 receivers × 500 messages, each exactly once, in order", or what went wrong. */
  text: string;
  deliveries: number;
}

/** The receivers of one scenario on one system, in this process. */
export class Receivers implements ReceiverGroup {
  /** Before a phase: the highest seq each saw. During: the seq each expects next. */
  private readonly next: Float64Array;
  private readonly received: Float64Array;
  private readonly sentAt = new Map<string, number>();
  latencies = new Samples();
  private measuring = false;
  private repeated = 0;
  private skipped = 0;
  private unknown = 0;
  delivered = 0;
  lastDeliveryAt = 0;

  private constructor(
    readonly count: number,
    private readonly sockets: Closable[],
    /** false where the sends are not seen (a worker process): any clientId counts. */
    private readonly knowsSends: boolean,
  ) {
    this.next = new Float64Array(count);
    this.received = new Float64Array(count);
  }

  /** Opens `count` receiving sockets on the system, users taken in turn. */
  static async open(system: Pick<System, 'users' | 'receiver'>, count: number, knowsSends = true): Promise<Receivers> {
    const sockets: Closable[] = [];
    const receivers = new Receivers(count, sockets, knowsSends);
    await inBatches(count, 50, async (index) => {
      sockets.push(await system.receiver(system.users[index % system.users.length], (seq, clientId) => receivers.arrived(index, seq, clientId)));
    });
    return receivers;
  }

  /** A send starts now (the clock of every latency). */
  sent(clientId: string, at = performance.now()): void {
    this.sentAt.set(clientId, at);
  }

  /** From now on every receiver must get exactly the seqs after `base`, in order. */
  begin(base: number): void {
    this.next.fill(base + 1);
    this.received.fill(0);
    this.measuring = true;
    this.latencies = new Samples();
    this.delivered = this.repeated = this.skipped = this.unknown = 0;
  }

  /** How many receivers have seen `seq` (before a phase begins). */
  reached(seq: number): number {
    let count = 0;
    for (const seen of this.next) if (seen >= seq) count++;
    return count;
  }

  /** Waits until every receiver has every seq up to `last`, or nothing arrived for `idleMs`. */
  async settle(last: number, idleMs: number): Promise<void> {
    let progress = { delivered: this.delivered, at: Date.now() };
    while ([...this.next].some((next) => next <= last)) {
      await sleep(10);
      if (this.delivered !== progress.delivered) progress = { delivered: this.delivered, at: Date.now() };
      else if (Date.now() - progress.at > idleMs) return;
    }
  }

  /** Every receiver got base+1 … last exactly once, in order? Ends the phase. */
  verdict(base: number, last: number): DeliveryVerdict {
    this.measuring = false;
    // Back to "the highest seq seen", for the next phase's probes.
    for (let i = 0; i < this.count; i++) this.next[i] -= 1;
    const messages = last - base;
    const short = [...this.received].filter((count) => count < messages).length;
    const problems = [
      short > 0 ? `${short} receivers missed ${messages * this.count - this.delivered} deliveries` : '',
      this.repeated > 0 ? `${this.repeated} repeated or went back` : '',
      this.skipped > 0 ? `${this.skipped} skipped a seq` : '',
      this.unknown > 0 ? `${this.unknown} of messages never sent` : '',
    ].filter(Boolean);
    const ok = problems.length === 0;
    return {
      ok,
      deliveries: this.delivered,
      text: ok ? `ok: ${this.count} × ${messages}, each exactly once, in order` : `FAIL: ${problems.join('; ')}`,
    };
  }

  finishedAt(): number | undefined {
    return this.delivered > 0 ? this.lastDeliveryAt : undefined;
  }

  close(): void {
    this.measuring = false;
    for (const socket of this.sockets.splice(0)) socket.close();
  }

  private arrived(receiver: number, seq: number, clientId: string): void {
    const now = performance.now();
    if (!this.measuring) {
      this.next[receiver] = Math.max(this.next[receiver], seq);
      return;
    }
    const started = this.sentAt.get(clientId);
    if (started === undefined && this.knowsSends) this.unknown++;
    if (seq < this.next[receiver]) {
      this.repeated++;
      return;
    }
    if (seq > this.next[receiver]) this.skipped++;
    this.next[receiver] = seq + 1;
    this.received[receiver]++;
    if (started !== undefined) this.latencies.add(now - started);
    this.delivered++;
    this.lastDeliveryAt = now;
  }
}
