import { RequestError } from '../api/graphql';
import { SetTypingDocument, TypingChangedDocument } from '../api/generated';
import type { Clock, Ports, Request, Subscribe } from './ports';
import { patch, type ChatStore } from './store';
import type { TypingUser, User } from './types';

/** How long "… is typing" shows after the last word from the server, unless it says stopped. */
export const TYPING_SHOWN_MS = 5_000;
/** How often typing here is told to the others while the person keeps typing. */
export const TYPING_SENT_EVERY_MS = 2_500;

export interface TypingDeps {
  store: ChatStore;
  request: Request;
  /** Streams on the live socket, kept across reconnects. */
  subscribe: Subscribe;
  clock: Clock;
  report: Ports['report'];
}

/** Who is typing in the open conversation, and telling the others when I am. */
export class Typing {
  private lastSent = Number.NEGATIVE_INFINITY;
  private unwatch: (() => void) | undefined;
  private readonly stopSweep: () => void;

  constructor(private readonly deps: TypingDeps) {
    this.stopSweep = deps.clock.every(1_000, () => this.sweep());
  }

  /** Tells the others I am typing, at most every few seconds and only while online. */
  typingNow(conversationId: string): void {
    const now = this.deps.clock.now();
    if (now - this.lastSent < TYPING_SENT_EVERY_MS || this.deps.store.get().link !== 'online') return;
    this.lastSent = now;
    this.deps.request(SetTypingDocument, { conversationId }).catch((error: unknown) => {
      // A hint lost to the network or a rate limit is replaced by the next keystroke's.
      if (!(error instanceof RequestError && error.transient)) this.deps.report('typing not sent', error);
    });
  }

  /** Follows who types in this conversation (and no other); null follows none. */
  watch(conversationId: string | null): void {
    this.unwatch?.();
    this.unwatch = undefined;
    if (!conversationId) return;
    this.unwatch = this.deps.subscribe(TypingChangedDocument, { conversationId }, ({ typingChanged: { typing, user } }) => {
      if (!user) return;
      if (typing) this.started(conversationId, user);
      else this.stopped(conversationId, user.id);
    });
  }

  /** Their message arrived: they are done typing it. */
  stopped(conversationId: string, userId: string | undefined): void {
    const typing = this.deps.store.get().typing;
    const list = typing[conversationId];
    if (!list || !userId || !list.some((t) => t.id === userId)) return;
    patch(this.deps.store, { typing: { ...typing, [conversationId]: list.filter((t) => t.id !== userId) } });
  }

  stop(): void {
    this.watch(null);
    this.stopSweep();
  }

  private started(conversationId: string, user: Pick<User, 'id' | 'username'>): void {
    const { me, typing } = this.deps.store.get();
    if (user.id === me.id) return;
    const others = (typing[conversationId] ?? []).filter((t) => t.id !== user.id);
    const entry: TypingUser = { id: user.id, username: user.username, until: this.deps.clock.now() + TYPING_SHOWN_MS };
    patch(this.deps.store, { typing: { ...typing, [conversationId]: [...others, entry] } });
  }

  /** Drops those the server stopped mentioning (a lost "stopped" must not leave them typing forever). */
  private sweep(): void {
    const now = this.deps.clock.now();
    const typing = this.deps.store.get().typing;
    let changed = false;
    const next: Record<string, TypingUser[]> = {};
    for (const [id, list] of Object.entries(typing)) {
      const alive = list.filter((t) => t.until > now);
      if (alive.length !== list.length) changed = true;
      if (alive.length) next[id] = alive;
    }
    if (changed) patch(this.deps.store, { typing: next });
  }
}
