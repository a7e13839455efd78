import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { Direct, SharedResult } from './fan-out';

/** Formats a result's errors as the socket's error boundary does (what graphql-ws's onNext would send). */
export type FormatResult = (result: ExecutionResult) => unknown;

/**
 * Writes subscription frames straight to the socket. A live stream hands each event's shared
 * result over as it arrives (Direct): the frame is written in the same turn, in order, with no
 * promise per subscriber per event; each result is serialized once. graphql-ws only
 * starts the operation and, when the stream ends, completes it. A stream that cannot push goes
 * through graphql-ws's iteration, with plain results written here and those with errors left
 * to graphql-ws, which formats them (`onNext`).
 */
export class DirectFrames {
  private readonly json = new WeakMap<ExecutionResult, string>();

  constructor(private readonly format: FormatResult) {}

  /** graphql-ws's `onOperation`: takes over a subscription's results. */
  wrap(socket: WebSocket, id: string, results: AsyncIterableIterator<ExecutionResult> & Partial<Direct<SharedResult>>): AsyncIterableIterator<ExecutionResult> {
    const pending: SharedResult[] = [];
    let drained: (() => void) | undefined;
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    const write = (result: ExecutionResult) => {
      if (socket.readyState === socket.OPEN) socket.send(`${prefix}${this.serialized(result)}}`);
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

  private serialized(result: ExecutionResult): string {
    let json = this.json.get(result);
    if (json === undefined) this.json.set(result, (json = JSON.stringify(result.errors ? this.format(result) : result)));
    return json;
  }
}
