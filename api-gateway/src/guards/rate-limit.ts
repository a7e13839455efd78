import { ExpiringCache, resourceExhausted } from '@charla/platform';

const MAX_KEYS = 100_000;

/** A token bucket per key: `burst` at once, refilled at `perSecond`. */
export class TokenBuckets {
  private readonly buckets = new ExpiringCache<string, { tokens: number; at: number }>(MAX_KEYS);

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token; false when the key is over its rate. */
  take(key: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(key, now) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    // Stored again as the newest, so the busiest keys are the last evicted; once refilled it is
    // no different from a fresh bucket, so it need not be kept past that.
    this.buckets.set(key, bucket, now + ((this.burst - bucket.tokens) / this.perSecond) * 1000);
    return allowed;
  }
}

/** The per-user and per-login limits of one gateway process. */
export class RateLimits {
  private readonly sends: TokenBuckets;
  private readonly logins: TokenBuckets;
  /** Reactions, pins and conversation settings: as many as sends, in a bucket of their own. */
  private readonly changes: TokenBuckets;

  constructor(limits: { sendsPerSecond: number; sendBurst: number; loginsPerMinute: number }) {
    this.sends = new TokenBuckets(limits.sendsPerSecond, limits.sendBurst);
    this.logins = new TokenBuckets(limits.loginsPerMinute / 60, limits.loginsPerMinute);
    this.changes = new TokenBuckets(limits.sendsPerSecond, limits.sendBurst);
  }

  /** Throws TOO_MANY_REQUESTS when this user reacts, pins or changes settings faster than allowed. */
  change(userId: number): void {
    if (!this.changes.take(String(userId))) throw resourceExhausted('you are changing messages too fast; slow down', 'CHANGE_RATE_LIMITED');
  }

  /** Throws TOO_MANY_REQUESTS when this user sends faster than allowed. */
  send(userId: number): void {
    if (!this.sends.take(String(userId))) throw resourceExhausted('you are sending messages too fast; slow down', 'SEND_RATE_LIMITED');
  }

  /** Throws TOO_MANY_REQUESTS after too many login attempts for one username from one address. */
  login(username: string, ip: string): void {
    if (!this.logins.take(`${username.toLowerCase()}\u0000${ip}`)) {
      throw resourceExhausted('too many login attempts; wait a minute', 'LOGIN_RATE_LIMITED');
    }
  }
}
