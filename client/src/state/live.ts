import { backoff } from '../api/backoff';
import { MessageAddedDocument } from '../api/generated';
import type { Clock, LiveSocket, OpenSocket, Subscribe } from './ports';
import { patch, type ChatStore } from './store';
import { contiguousEnd } from './timeline';
import type { Message } from './types';

export interface LiveDeps {
  store: ChatStore;
  openSocket: OpenSocket;
  clock: Pick<Clock, 'after'>;
  /** A message streamed for a followed conversation (a replay or live). */
  added(message: Message): void;
  /** Every (re)connection; `again` when it follows one that was up. */
  connected(again: boolean): void;
  /** The server refused the token for good. */
  unauthorized(): void;
}

/** A subscription kept across sockets: subscribed again on each new one. */
interface Standing {
  open(socket: LiveSocket): () => void;
  stop?: () => void;
}

/**
 * The live socket and what streams on it. Standing subscriptions survive reconnects (graphql-ws
 * subscribes again) and rebuilds of the socket (done here when graphql-ws gives up). Each
 * conversation whose history is loaded is followed from its last seq with nothing missing before
 * it, afresh on every connection, so the gateway replays whatever the link missed.
 */
export class Live {
  private socket: LiveSocket | undefined;
  private readonly standing = new Set<Standing>();
  /** Per-conversation resumable streams, for this connection only. */
  private readonly followed = new Map<string, () => void>();
  private linkUp = false;
  private everConnected = false;
  /** Sockets given up on since the last good connection: each rebuild waits longer (a server failing every connect). */
  private rebuilds = 0;
  private cancelRebuild: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: LiveDeps) {}

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.cancelRebuild?.();
    this.close();
  }

  /** Streams from now on, over this socket and every later one, until the returned function is called. */
  readonly subscribe: Subscribe = (document, variables, next) => {
    const standing: Standing = { open: (socket) => socket.subscribe(document, variables, next) };
    this.standing.add(standing);
    if (this.socket) standing.stop = standing.open(this.socket);
    return () => {
      this.standing.delete(standing);
      standing.stop?.();
    };
  };

  /** Streams one conversation from the last seq held; replays and live pushes merge by seq. */
  follow(conversationId: string): void {
    const timeline = this.deps.store.get().timelines[conversationId];
    if (!this.socket || !this.linkUp || this.followed.has(conversationId) || !timeline) return;
    const after = contiguousEnd(timeline);
    this.followed.set(
      conversationId,
      this.socket.subscribe(MessageAddedDocument, { conversationId, after }, (d) => this.deps.added(d.messageAdded)),
    );
  }

  unfollow(conversationId: string): void {
    this.followed.get(conversationId)?.();
    this.followed.delete(conversationId);
  }

  private connect(): void {
    const socket = this.deps.openSocket(
      {
        state: (link) => patch(this.deps.store, { link }),
        connected: () => this.connected(),
        closed: () => this.unfollowAll(),
        unauthorized: () => this.deps.unauthorized(),
        failed: () => {
          this.close();
          patch(this.deps.store, { link: 'offline' });
          this.cancelRebuild = this.deps.clock.after(backoff(2 + this.rebuilds++), () => !this.stopped && this.connect());
        },
      },
      this.everConnected,
    );
    this.socket = socket;
    for (const standing of this.standing) standing.stop = standing.open(socket);
  }

  private connected(): void {
    const again = this.everConnected;
    this.everConnected = true;
    this.rebuilds = 0;
    this.linkUp = true;
    for (const id of Object.keys(this.deps.store.get().timelines)) this.follow(id);
    this.deps.connected(again);
  }

  private close(): void {
    this.unfollowAll();
    for (const standing of this.standing) {
      standing.stop?.();
      standing.stop = undefined;
    }
    this.socket?.close();
    this.socket = undefined;
  }

  /**
   * graphql-ws would resubscribe with the `after` it was first given; dropping the streams when
   * the socket closes lets the next connection resume from the seq held by then.
   */
  private unfollowAll(): void {
    this.linkUp = false;
    for (const stop of this.followed.values()) stop();
    this.followed.clear();
  }
}
