import type { ClientReadableStream } from '@grpc/grpc-js';
import type { Logger } from '@charla/platform';

interface Cursored {
  event?: { id: number } | undefined;
}

export interface WatchOptions<R extends Cursored> {
  name: string;
  /** Opens the stream after a cursor; 0 means "from now". */
  open: (after: number) => ClientReadableStream<R>;
  onEvent: (response: R) => void;
  retryMs: number;
  log: Logger;
}

/**
 * Keeps one WatchEvents stream to a service alive for the whole life of the gateway: it starts
 * "from now" and, when the stream breaks (service restart, network), reopens it after the last
 * event seen, so no event is lost or repeated across the break.
 */
export class ServiceWatch<R extends Cursored> {
  private cursor = 0;
  private stream: ClientReadableStream<R> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private readyResolve: (() => void) | undefined;
  /** Settles once the stream is open (the first response header or event), so tests and readyz can wait for it. */
  connected = false;

  constructor(private readonly options: WatchOptions<R>) {}

  start(): void {
    if (this.stopped) return;
    const { open, onEvent, log, name, retryMs } = this.options;
    const stream = open(this.cursor);
    this.stream = stream;
    stream.on('metadata', () => this.markConnected());
    stream.on('data', (response: R) => {
      this.markConnected();
      const id = response.event?.id ?? 0;
      if (id !== 0 && id <= this.cursor) return;
      if (id !== 0) this.cursor = id;
      try {
        onEvent(response);
      } catch (error) {
        log.error({ err: error, watch: name }, 'event handler failed');
      }
    });
    const reopen = (error?: Error) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      this.connected = false;
      if (this.stopped) return;
      log.warn({ watch: name, err: error?.message, cursor: this.cursor }, 'event stream ended; reconnecting');
      this.retry = setTimeout(() => this.start(), retryMs);
    };
    stream.on('error', reopen);
    stream.on('end', () => reopen());
  }

  /** Resolves when the stream is open. */
  ready(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.readyResolve;
      this.readyResolve = () => {
        previous?.();
        resolve();
      };
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
  }

  private markConnected(): void {
    if (this.connected) return;
    this.connected = true;
    const resolve = this.readyResolve;
    this.readyResolve = undefined;
    resolve?.();
  }
}
