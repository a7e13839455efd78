import Redis from 'ioredis';
import type { Logger } from '@charla/platform';

/** "This user is typing in this conversation", as it travels between gateways. */
export interface TypingSignal {
  conversationId: number;
  userId: number;
}

export interface TypingChange extends TypingSignal {
  typing: boolean;
}

export type TypingListener = (change: TypingChange) => void;

/** How signals reach every gateway: straight back to this one, or through Redis pub/sub. */
export interface TypingRelay {
  publish(signal: TypingSignal): void;
  onSignal(handler: (signal: TypingSignal) => void): void;
  close(): Promise<void>;
}

export function localTypingRelay(): TypingRelay {
  let handler: (signal: TypingSignal) => void = () => {};
  return {
    publish: (signal) => queueMicrotask(() => handler(signal)),
    onSignal: (next) => (handler = next),
    close: async () => {},
  };
}

const CHANNEL = 'charla:typing';

export function redisTypingRelay(url: string, log: Logger): TypingRelay {
  const publisher = new Redis(url, { maxRetriesPerRequest: 1 });
  const subscriber = new Redis(url);
  for (const client of [publisher, subscriber]) client.on('error', (error) => log.warn({ err: error }, 'redis connection problem (typing)'));
  let handler: (signal: TypingSignal) => void = () => {};
  subscriber.subscribe(CHANNEL).catch((error) => log.warn({ err: error }, 'redis subscribe failed (typing)'));
  subscriber.on('message', (channel, text: string) => {
    if (channel !== CHANNEL) return;
    try {
      const signal = JSON.parse(text) as TypingSignal;
      if (Number.isSafeInteger(signal.conversationId) && Number.isSafeInteger(signal.userId)) handler(signal);
    } catch {
      // Not ours: ignore.
    }
  });
  return {
    publish: (signal) => void publisher.publish(CHANNEL, JSON.stringify(signal)).catch((error) => log.warn({ err: error }, 'redis publish failed (typing)')),
    onSignal: (next) => (handler = next),
    close: async () => {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

/**
 * Who is typing where. Nothing is stored: a signal starts (or refreshes) an indicator that
 * stops by itself `ttlMs` after the last refresh, on every gateway independently.
 */
export class TypingBoard {
  private readonly expiry = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Map<number, Set<TypingListener>>();

  constructor(
    private readonly relay: TypingRelay,
    private readonly ttlMs: number,
  ) {
    relay.onSignal((signal) => this.receive(signal));
  }

  /** Announces that a member is typing (the caller has checked membership). */
  signal(conversationId: number, userId: number): void {
    this.relay.publish({ conversationId, userId });
  }

  listen(conversationId: number, listener: TypingListener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  async close(): Promise<void> {
    for (const timer of this.expiry.values()) clearTimeout(timer);
    this.expiry.clear();
    await this.relay.close();
  }

  private receive(signal: TypingSignal): void {
    const key = `${signal.conversationId}:${signal.userId}`;
    clearTimeout(this.expiry.get(key));
    const timer = setTimeout(() => {
      this.expiry.delete(key);
      this.emit({ ...signal, typing: false });
    }, this.ttlMs);
    timer.unref();
    this.expiry.set(key, timer);
    this.emit({ ...signal, typing: true });
  }

  private emit(change: TypingChange): void {
    for (const listener of this.listeners.get(change.conversationId) ?? []) listener(change);
  }
}
