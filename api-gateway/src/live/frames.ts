import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';

/**
 * Serializes each shared result once and writes subscription frames straight to the socket.
 * graphql-ws would build, validate and stringify every frame per subscriber; for a result
 * without errors the frame is just the subscription's id around the shared JSON. Results with
 * errors still go back to graphql-ws, which formats them (`onNext`).
 */
export class DirectFrames {
  private readonly json = new WeakMap<ExecutionResult, string>();

  /** graphql-ws's `onOperation`: wraps a subscription's results so that plain ones go out here. */
  wrap(socket: WebSocket, id: string, results: AsyncIterableIterator<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    return {
      next: async () => {
        for (;;) {
          const step = await results.next();
          if (step.done || step.value.errors) return step;
          if (socket.readyState === socket.OPEN) socket.send(`${prefix}${this.serialized(step.value)}}`);
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
    if (json === undefined) this.json.set(result, (json = JSON.stringify(result)));
    return json;
  }
}
