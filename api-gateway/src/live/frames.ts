import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { Direct, SharedResult } from './fan-out';

/** A frame built once as bytes still goes out as text, which is what graphql-ws clients read. */
const TEXT = { binary: false } as const;

/** Formats a result's errors as the socket's error boundary does (what graphql-ws's onNext would send). */
export type FormatResult = (result: ExecutionResult) => unknown;

/**
 * Writes subscription frames straight to the socket. A live stream hands each event's shared
 * result over as it arrives (Direct): the frame is written in the same turn, in order, with no
 * promise per subscriber per event; each result is serialized once, and its frame built once
 * per subscription id (subscribers of a browser client mostly share an id). graphql-ws only
 * starts the operation and, when the stream ends, completes it. A stream that cannot push goes
 * through graphql-ws's iteration, with plain results written here and those with errors left
 * to graphql-ws, which formats them (`onNext`).
 */
export class DirectFrames {
  private readonly json = new WeakMap<ExecutionResult, string>();
  private readonly frames = new WeakMap<ExecutionResult, Map<string, Buffer>>();

  constructor(private readonly format: FormatResult) {}

  /** graphql-ws's `onOperation`: takes over a subscription's results. */
  wrap(socket: WebSocket, id: string, results: AsyncIterableIterator<ExecutionResult> & Partial<Direct<SharedResult>>): AsyncIterableIterator<ExecutionResult> {
    const pending: SharedResult[] = [];
    let drained: (() => void) | undefined;
    const write = (result: ExecutionResult) => {
      if (socket.readyState === socket.OPEN) socket.send(this.frame(id, result), TEXT);
    };
    // Writes the ready head of the queue, in order; waits for the first that is not ready yet.
    const flush = () => {
      while (pending.length > 0 && pending[0].value) write(pending.shift()!.value!);
      if (pending.length > 0) pending[0].onReady(flush);
      else drained?.();
    };
    const direct =
      results.direct?.((shared) => {
        if (pending.push(shared) === 1) shared.onReady(flush);
      }) ?? false;
    const until = async <T>(ending: Promise<T>): Promise<T> => {
      try {
        return await ending;
      } finally {
        // What was pushed before the end still goes out first.
        if (pending.length > 0) await new Promise<void>((resolve) => (drained = resolve));
      }
    };
    return {
      next: async () => {
        if (direct) return until(results.next());
        for (;;) {
          const step = await results.next();
          if (step.done || step.value.errors) return step;
          write(step.value);
        }
      },
      return: async () => (await results.return?.()) ?? { value: undefined, done: true },
      throw: async (error: unknown) => (await results.throw?.(error)) ?? { value: undefined, done: true },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** The `next` frame of this result for this subscription id, built once. */
  private frame(id: string, result: ExecutionResult): Buffer {
    let byId = this.frames.get(result);
    if (!byId) this.frames.set(result, (byId = new Map()));
    let frame = byId.get(id);
    if (!frame) byId.set(id, (frame = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":${this.serialized(result)}}`)));
    return frame;
  }

  private serialized(result: ExecutionResult): string {
    let json = this.json.get(result);
    if (json === undefined) this.json.set(result, (json = JSON.stringify(result.errors ? this.format(result) : result)));
    return json;
  }
}
