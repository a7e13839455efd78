import type { TypedDocumentString } from '../api/generated';
import type { NotificationPort } from './notifications';
import type { UploadFile } from './uploads';

/**
 * What the chat needs from the browser, handed in so that every part of it runs (and is tested)
 * in plain Node: `browser.ts` gives the real ones, the tests give fakes.
 */
export interface Ports {
  request: Request;
  openSocket: OpenSocket;
  storage: KeyValueStorage;
  clock: Clock;
  page: Page;
  randomBytes(n: number): Uint8Array;
  /** Browser notifications (window.Notification). */
  notifications: NotificationPort;
  /** Sends a file to a conversation over HTTP, with progress (XMLHttpRequest in a browser). */
  uploadFile: UploadFile;
  /** The one place failures of background work go (no person waits on them): the console in a browser. */
  report(what: string, error: unknown): void;
}

/** One GraphQL request with this session's token; rejects with a RequestError. */
export type Request = <R, V>(document: TypedDocumentString<R, V>, variables: V) => Promise<R>;

/** Streams a subscription's results until the returned function is called. */
export type Subscribe = <R, V>(document: TypedDocumentString<R, V>, variables: V, next: (data: R) => void) => () => void;

export interface LiveSocket {
  subscribe: Subscribe;
  /** Leaves for good: no reconnect. */
  close(): void;
}

export type LinkState = 'connecting' | 'online' | 'offline';

export interface SocketEvents {
  /** Every successful (re)connection. */
  connected(): void;
  state(state: LinkState): void;
  /** The socket is gone (a new one follows unless the token was refused). */
  closed(): void;
  /** The server refused the token for good (closed with 4401/4403). */
  unauthorized(): void;
  /** graphql-ws gave up (a close code it treats as fatal, e.g. 4500): this client is dead. */
  failed(): void;
}

/** `connectedBefore`: a socket replacing one that was up, so its first wait already counts as offline. */
export type OpenSocket = (events: SocketEvents, connectedBefore: boolean) => LiveSocket;

/** The part of localStorage the chat needs. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface Clock {
  now(): number;
  /** Runs `run` once after `ms`; the returned function cancels it. */
  after(ms: number, run: () => void): () => void;
  /** Runs `run` every `ms`; the returned function stops it. */
  every(ms: number, run: () => void): () => void;
}

/** The browser tab: whether the person sees it, and when it comes back into view or online. */
export interface Page {
  visible(): boolean;
  onVisible(run: () => void): () => void;
  onOnline(run: () => void): () => void;
  /** The tab's title (it carries the unread count). */
  setTitle(title: string): void;
  /** Brings the tab forward (a notification was clicked). */
  focus(): void;
}
