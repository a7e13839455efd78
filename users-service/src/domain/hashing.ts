import { resourceExhausted } from '@charla/platform';
import { hashPassword, verifyPassword, type ScryptParams } from './password';

export interface HashingLimits {
  /** Hashes running at once; each holds 128·N·r bytes (128 MiB at N=2^17) while it runs. */
  concurrency: number;
  /** Hashes waiting for their turn, at most. */
  queue: number;
  /** The longest a hash may expect to wait for its turn; callers' deadlines are above it. */
  maxWaitMs: number;
}

interface Waiting {
  start: () => void;
  refuse: (error: Error) => void;
  since: number;
}

/** What one hash is assumed to take until one has been timed. */
const FIRST_GUESS_MS = 200;

/**
 * Turns at hashing, with bounded concurrency and bounded memory. scrypt is memory-hard on
 * purpose, so a burst of sign-ups or logins must not run all at once: at most `concurrency`
 * run at a time, the rest wait in order; one that would find the queue full, or would wait
 * longer than `maxWaitMs` for its turn, is refused at once with RESOURCE_EXHAUSTED and a retry
 * hint (about when the queue will have room), instead of timing out as UNAVAILABLE later.
 */
export class HashQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  /** A moving average of how long one turn takes here. */
  private turnMs = FIRST_GUESS_MS;
  private timed = false;

  constructor(private readonly limits: HashingLimits) {}

  /** How long a turn asked for now would wait. */
  private expectedWaitMs(): number {
    const ahead = this.running + this.waiting.length - this.limits.concurrency + 1;
    return ahead <= 0 ? 0 : Math.ceil(ahead / this.limits.concurrency) * this.turnMs;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.concurrency) this.running++;
    else {
      const wait = this.expectedWaitMs();
      if (this.waiting.length >= this.limits.queue || wait > this.limits.maxWaitMs) throw this.busy(Math.max(wait - this.limits.maxWaitMs, 0));
      // A finishing turn hands its slot over: `running` stays as it is.
      await new Promise<void>((start, refuse) => this.waiting.push({ start, refuse, since: performance.now() }));
    }
    const began = performance.now();
    try {
      return await work();
    } finally {
      // The first timed turn replaces the guess: a burst right after start-up must be admitted
      // by what a hash really takes here (N=2^17 on a busy machine is several times the guess).
      const took = performance.now() - began;
      this.turnMs = this.timed ? 0.8 * this.turnMs + 0.2 * took : took;
      this.timed = true;
      this.handOver();
    }
  }

  /**
   * Gives the slot to the next waiting turn. One that has already waited past maxWaitMs (the
   * turns ran slower than expected) is refused instead of started: its caller's deadline would
   * end the hash half-way, as UNAVAILABLE.
   */
  private handOver(): void {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      if (performance.now() - next.since <= this.limits.maxWaitMs) return next.start();
      next.refuse(this.busy(0));
    }
    this.running--;
  }

  /** The refusal, with a hint of when the queue will have drained below its bound again. */
  private busy(over: number): Error {
    const drain = Math.max(over, (this.waiting.length / this.limits.concurrency) * this.turnMs, this.turnMs);
    return resourceExhausted('too many sign-ins and sign-ups at once; try again shortly', 'PASSWORD_HASHING_BUSY', drain);
  }
}

/** Hashing and checking passwords at the configured cost, one HashQueue turn each. */
export class PasswordHashing {
  private readonly turns: HashQueue;

  constructor(
    private readonly scrypt: ScryptParams,
    limits: HashingLimits,
  ) {
    this.turns = new HashQueue(limits);
  }

  hash(password: string): Promise<string> {
    return this.turns.run(() => hashPassword(password, this.scrypt));
  }

  verify(password: string, phc: string): Promise<boolean> {
    return this.turns.run(() => verifyPassword(password, phc));
  }
}
