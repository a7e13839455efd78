import { ChatError, ErrorCode, isChatError } from '@charla/platform';

/** Takes a stream's values as they are pushed, and its end (with the error that ended it, if any). */
export interface Receiver<T> {
  receive(value: T): void;
  ended(error?: unknown): void;
}

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
  private receiver: Receiver<T> | undefined;

  /** `cleanup` runs once when the stream ends; a subclass may override onEnd() instead (no closure per stream). */
  constructor(private readonly cleanup?: () => void) {}

  get closed(): boolean {
    return this.done;
  }

  push(value: T): void {
    if (this.done) return;
    if (this.receiver) return this.receiver.receive(value);
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.queue.push(value);
  }

  /**
   * Hands each value to `receiver` as it is pushed (what is queued first), instead of through
   * next(): an event's frames leave in the turn it arrived in, with no promise per subscriber
   * per event; the end (and its failure) goes to receiver.ended().
   */
  direct(receiver: Receiver<T>): void {
    this.receiver = receiver;
    for (const value of this.queue.splice(0)) receiver.receive(value);
    if (this.done) this.endDirect();
  }

  /** Ends the stream after what is queued; with an error, the consumer sees it after the queue. */
  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.onEnd();
    if (this.receiver) this.endDirect();
    else if (this.queue.length === 0) this.flushWaiters();
  }

  protected onEnd(): void {
    this.cleanup?.();
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

  private endDirect(): void {
    const failure = this.failure;
    this.failure = undefined;
    this.receiver!.ended(failure);
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
