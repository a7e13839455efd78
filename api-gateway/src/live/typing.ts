import type { Logger, PubSub } from '@charla/platform';
import { parseJson } from '../json';

/** "This user is typing in this conversation", as it travels between gateways. */
export interface TypingSignal {
  conversationId: number;
  userId: number;
}

export interface TypingChange extends TypingSignal {
  typing: boolean;
}

export type TypingListener = (change: TypingChange) => void;

/** The pub/sub channel every gateway of a deployment hears typing signals on. */
const CHANNEL = 'charla:typing';

const isId = (value: unknown): value is number => Number.isSafeInteger(value);

/** A signal as a gateway sent it; undefined for anything else on the channel. */
function parseSignal(text: string): TypingSignal | undefined {
  const value = parseJson(text);
  if (typeof value !== 'object' || value === null) return undefined;
  const { conversationId, userId } = value as Record<string, unknown>;
  return isId(conversationId) && isId(userId) ? { conversationId, userId } : undefined;
}

/**
 * Who is typing where. Nothing is stored: a signal goes to every gateway (this one included)
 * over pub/sub and starts (or refreshes) an indicator there that stops by itself `ttlMs` after
 * the last refresh, on every gateway independently.
 */
export class TypingBoard {
  private readonly expiry = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Map<number, Set<TypingListener>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly pubsub: PubSub,
    private readonly ttlMs: number,
    log: Logger,
  ) {
    this.unsubscribe = pubsub.subscribe(CHANNEL, (text) => {
      const signal = parseSignal(text);
      if (signal) this.receive(signal);
      else log.warn({ channel: CHANNEL }, 'ignored a typing signal that is not one');
    });
  }

  /** Announces that a member is typing (the caller has checked membership). */
  signal(conversationId: number, userId: number): void {
    this.pubsub.publish(CHANNEL, JSON.stringify({ conversationId, userId } satisfies TypingSignal));
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

  /** Stops hearing signals and drops every indicator's timer; the pub/sub is its owner's to close. */
  close(): void {
    this.unsubscribe();
    for (const timer of this.expiry.values()) clearTimeout(timer);
    this.expiry.clear();
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
