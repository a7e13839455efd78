/**
 * A map of answers trusted until a deadline, bounded in size: when full, the entry stored
 * first goes first. For token checks, membership and user lookups, which may be a little
 * stale but must never grow without limit.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();

  constructor(private readonly maxEntries: number) {}

  /** The value while it holds; an expired entry is dropped. */
  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores (or replaces, as the newest) a value trusted until `until` (epoch ms). */
  set(key: K, value: V, until: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry the predicate picks (a revoked session, a user whose role changed). */
  deleteWhere(predicate: (value: V, key: K) => boolean): void {
    for (const [key, entry] of this.entries) if (predicate(entry.value, key)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** An answer and until when it may be trusted (epoch ms); `until` at or before now is not kept. */
export interface Trusted<V> {
  value: V;
  until: number;
}

/**
 * Answers to a question asked of another service by key (is this token good? whose is it?),
 * trusted for a while. A key being asked about is asked once, however many wait for it. An
 * answer in the last quarter of its trust still answers at once and is asked again in the
 * background, so a key in steady use (a sender's token) never waits for the question: left to
 * expire, every busy key's answer lapsed together a trust interval after they were first asked,
 * and each of their sends waited for users-service while it answered them all at once. An
 * answer asked before a forgetting is not kept (it may be the one forgotten).
 */
export class TrustedAnswers<K, V> {
  private readonly cache: ExpiringCache<K, { value: V; refreshAt: number }>;
  private readonly asking = new Map<K, Promise<V>>();
  /** Moves on at every forgetting. */
  private epoch = 0;

  constructor(
    maxEntries: number,
    /** Asks the question; a throw reaches every caller waiting for it. */
    private readonly ask: (key: K) => Promise<Trusted<V>>,
    /** Whether a throw of `ask` is a "no" (a bad token) that drops a kept answer, rather than a failure to ask (which leaves it until it expires). */
    private readonly refused: (error: unknown) => boolean,
  ) {
    this.cache = new ExpiringCache(maxEntries);
  }

  /** The answer for `key`: the trusted one (refreshed in the background near its end), or the one being asked for. */
  get(key: K, now = Date.now()): Promise<V> {
    const hit = this.cache.get(key, now);
    if (!hit) return this.asked(key, now);
    if (now >= hit.refreshAt && !this.asking.has(key)) {
      // Until it expires the old answer stands, unless the refresh is refused.
      this.asked(key, now).catch(() => undefined);
    }
    return Promise.resolve(hit.value);
  }

  private asked(key: K, now: number): Promise<V> {
    let asked = this.asking.get(key);
    if (asked) return asked;
    const epoch = this.epoch;
    asked = this.ask(key).then(
      ({ value, until }) => {
        if (epoch === this.epoch && until > now) this.cache.set(key, { value, refreshAt: now + 0.75 * (until - now) }, until);
        return value;
      },
      (error: unknown) => {
        if (epoch === this.epoch && this.refused(error)) this.cache.delete(key);
        throw error;
      },
    );
    this.asking.set(key, asked);
    const settled = () => this.asking.get(key) === asked && this.asking.delete(key);
    asked.then(settled, settled);
    return asked;
  }

  /** Forgets one key at once. */
  delete(key: K): void {
    this.cache.delete(key);
    this.forgetAsking();
  }

  /** Forgets every answer the predicate picks (a revoked session, a user whose role changed). */
  deleteWhere(predicate: (value: V, key: K) => boolean): void {
    this.cache.deleteWhere((entry, key) => predicate(entry.value, key));
    this.forgetAsking();
  }

  /** Questions from now on are asked again instead of waiting for an answer that may be stale. */
  private forgetAsking(): void {
    this.epoch++;
    this.asking.clear();
  }
}
