import { ChatError, ErrorCode, isChatError } from '@charla/platform';

/**
 * A push-fed async iterator: producers push values, the GraphQL subscription pulls them.
 * Ending it (by the consumer through return(), or by the producer) runs the clean-up once.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private readonly waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] = [];
  private failure: unknown;
  private done = false;
  /** Set by direct(): values go to it as they are pushed. */
  private sink: ((value: T) => void) | undefined;

  constructor(private readonly cleanup: () => void = () => {}) {}

  get closed(): boolean {
    return this.done;
  }

  push(value: T): void {
    if (this.done) return;
    if (this.sink) return this.sink(value);
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.queue.push(value);
  }

  /**
   * Hands each value to `sink` as it is pushed (what is queued first), instead of through
   * next(): an event's frames leave in the turn it arrived in, with no promise per subscriber
   * per event. next() then settles only when the stream ends (done, or its failure).
   */
  direct(sink: (value: T) => void): boolean {
    this.sink = sink;
    for (const value of this.queue.splice(0)) sink(value);
    return true;
  }

  /** Ends the stream after what is queued; with an error, the consumer sees it after the queue. */
  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.cleanup();
    if (this.queue.length === 0) this.flushWaiters();
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.queue.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.done) {
      const failure = this.failure;
      this.failure = undefined;
      return failure === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(failure);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = undefined;
    this.end();
    this.flushWaiters();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.end(error);
    return this.next();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private flushWaiters(): void {
    const failure = this.failure;
    this.failure = undefined;
    for (const [index, waiter] of this.waiting.splice(0).entries()) {
      if (index === 0 && failure !== undefined) waiter.reject(failure);
      else waiter.resolve({ value: undefined, done: true });
    }
  }
}

/**
 * Ends a stream with the error that broke it, typed: the subscriber sees a ChatError as it is
 * (anything else as `fallback`, nothing internal), then completion.
 */
export function endWithError<T>(channel: Channel<T | ChatError>, error: unknown, fallback = 'internal error', code = ErrorCode.Internal): void {
  channel.push(isChatError(error) ? error : new ChatError(code, fallback));
  channel.end();
}
