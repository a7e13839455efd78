// Receiving sockets spread over worker processes (bench/lib/socket-worker.ts): a process holds
// at most ~20,000 file descriptors here, so 20,000 sockets need several.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DeliveryVerdict, ReceiverGroup } from './deliveries';
import type { WorkerRequest } from './socket-worker';
import type { System } from './system';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

class Worker {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly child: ChildProcess;

  constructor() {
    this.child = fork(join(__dirname, 'socket-worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error === undefined) waiting?.resolve(value);
      else waiting?.reject(new Error(`socket worker: ${error}`));
    });
    this.child.on('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`socket worker exited (${code})`));
      this.pending.clear();
    });
  }

  ask<T>(request: Request): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...request, id });
    });
  }
}

export class RemoteReceivers implements ReceiverGroup {
  private constructor(
    readonly count: number,
    private readonly workers: Worker[],
  ) {}

  /** `count` receivers over `workers` processes, the system's users taken in turn. */
  static async open(system: System, count: number, workers: number): Promise<RemoteReceivers> {
    const list = Array.from({ length: workers }, () => new Worker());
    const share = Math.ceil(count / workers);
    try {
      await Promise.all(
        list.map((worker, w) => {
          const mine = Math.max(0, Math.min(share, count - w * share));
          const tokens = Array.from({ length: mine }, (_, i) => system.users[(w * share + i) % system.users.length].token);
          return worker.ask({ type: 'open', spec: system.receiverSpec, tokens, count: mine });
        }),
      );
    } catch (error) {
      list.forEach((worker) => worker.child.kill());
      throw error;
    }
    return new RemoteReceivers(count, list);
  }

  sent(): void {}

  async begin(base: number): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.ask({ type: 'begin', base })));
  }

  async reached(seq: number): Promise<number> {
    const counts = await Promise.all(this.workers.map((worker) => worker.ask<number>({ type: 'reached', seq })));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async settle(last: number, idleMs: number): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.ask({ type: 'settle', last, idleMs })));
  }

  async verdict(base: number, last: number): Promise<DeliveryVerdict> {
    const verdicts = await Promise.all(this.workers.map((worker) => worker.ask<DeliveryVerdict>({ type: 'verdict', base, last })));
    const ok = verdicts.every((verdict) => verdict.ok);
    const deliveries = verdicts.reduce((sum, verdict) => sum + verdict.deliveries, 0);
    const text = ok ? `ok: ${this.count} × ${last - base}, each exactly once, in order` : verdicts.filter((verdict) => !verdict.ok).map((verdict) => verdict.text).join('; ');
    return { ok, deliveries, text };
  }

  finishedAt(): undefined {
    return undefined;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((worker) => worker.ask({ type: 'close' })));
    for (const worker of this.workers) worker.child.kill();
  }
}
