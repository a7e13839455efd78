import { ChatError, ErrorCode } from './errors';
import { currentRequestId, outsideRequests, withRequestId } from './request-id';

interface Pending<K, V> {
  key: K;
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
  requestId: string | undefined;
}

/**
 * Calls made in the same turn of the event loop, answered together: each `load` waits until
 * the turn's promise chains have run (process.nextTick), then one `run` answers every key of
 * the turn (at most `most` at a time), in order. Nothing waits longer than the turn it was
 * made in, so a lone call costs no latency; a burst (a batch of sends, many sockets at once)
 * costs one round trip instead of one each.
 */
export class TurnBatch<K, V> {
  private pending: Pending<K, V>[] = [];

  constructor(
    /** One answer per key, in the order of the keys; a throw fails every key of that run. */
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly most = Number.POSITIVE_INFINITY,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      // The run serves every caller of the turn, not the request that happened to come first.
      if (this.pending.push({ key, resolve, reject, requestId: currentRequestId() }) === 1) outsideRequests(() => process.nextTick(() => this.flush()));
    });
  }

  private flush(): void {
    const all = this.pending;
    this.pending = [];
    for (let start = 0; start < all.length; start += this.most) {
      const batch = all.slice(start, start + this.most);
      let answers: Promise<V[]>;
      try {
        // A run for one request's keys alone carries its id (a lone call stays traceable); a run for several, none.
        const requestId = batch.every((entry) => entry.requestId === batch[0].requestId) ? batch[0].requestId : undefined;
        const keys = batch.map((entry) => entry.key);
        answers = requestId === undefined ? this.run(keys) : withRequestId(requestId, () => this.run(keys));
      } catch (error) {
        answers = Promise.reject(error);
      }
      const fail = (error: unknown) => batch.forEach((entry) => entry.reject(error));
      answers.then((values) => {
        // Answers short or long would hand someone another key's answer: nobody gets one.
        if (values.length !== batch.length) return fail(new ChatError(ErrorCode.Internal, 'internal error', { reason: 'BATCH_MISMATCH' }));
        batch.forEach((entry, i) => entry.resolve(values[i]));
      }, fail);
    }
  }
}

const TURN_OVER = Symbol('turn over');

/**
 * A source's items in arrays of those it yields within one turn of the event loop (at most
 * `most` each): a stream that writes one frame an array writes the events of one commit, which
 * the source hands over without waiting for I/O, in one frame instead of one each. The first
 * item of an array is waited for as long as it takes; the rest only until the turn is over
 * (setImmediate), so nothing waits for an item that is not already on its way.
 */
export async function* turnsOf<T>(source: AsyncIterable<T>, most: number): AsyncGenerator<T[]> {
  const items = source[Symbol.asyncIterator]();
  let next = items.next();
  try {
    for (;;) {
      const first = await next;
      if (first.done) return;
      const batch = [first.value];
      next = items.next();
      const turnOver = new Promise<typeof TURN_OVER>((resolve) => setImmediate(resolve, TURN_OVER));
      let ended = false;
      while (batch.length < most) {
        const ready = await Promise.race([next, turnOver]);
        if (ready === TURN_OVER) break;
        if (ready.done) {
          ended = true;
          break;
        }
        batch.push(ready.value);
        next = items.next();
      }
      yield batch;
      if (ended) return;
    }
  } finally {
    // Not awaited: with a next() pending, return() settles only after it (the source ends by its own signal).
    void items.return?.();
  }
}
