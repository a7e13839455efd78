import type { ClientReadableStream, Metadata } from '@grpc/grpc-js';
import { WATCH_CURSOR_HEADER, eventsOf, observeStreamedEvent, type Logger, type WatchResponse } from '@charla/platform';

interface Cursored {
  id: number;
  occurredAt?: Date | undefined;
}

export interface WatchOptions<E extends Cursored> {
  name: string;
  /** Opens the stream after a cursor, or "from now" when none is known yet. */
  open: (after: number | undefined) => ClientReadableStream<WatchResponse<E>>;
  onEvent: (event: E) => void;
  retryMs: number;
  log: Logger;
}

/**
 * Keeps one WatchEvents stream to a service alive for the whole life of the gateway: it starts
 * "from now" and, when the stream breaks (service restart, network), reopens it after the last
 * event seen, so no event is lost or repeated across the break. The service names its starting
 * cursor in a response header, so even a stream that breaks before its first event resumes
 * from where it began, not from a later "now".
 */
export class ServiceWatch<E extends Cursored> {
  /** The last event id handled, or where the stream began; unknown until the first stream says. */
  private cursor: number | undefined;
  private stream: ClientReadableStream<WatchResponse<E>> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private readyResolve: (() => void) | undefined;
  /** Failed opens since the stream was last live. */
  private waiting = 0;
  /** True while a stream is open and its starting point is known: from then on no event is missed. */
  connected = false;

  constructor(private readonly options: WatchOptions<E>) {}

  start(): void {
    if (this.stopped) return;
    const { open, onEvent, log, name, retryMs } = this.options;
    const stream = open(this.cursor);
    this.stream = stream;
    stream.on('metadata', (headers: Metadata) => {
      const start = Number(headers.get(WATCH_CURSOR_HEADER)[0] ?? Number.NaN);
      if (Number.isSafeInteger(start) && start > (this.cursor ?? -1)) this.cursor = start;
      this.markConnected();
    });
    stream.on('data', (response: WatchResponse<E>) => {
      this.markConnected();
      for (const event of eventsOf(response)) {
        const id = event.id;
        if (id !== 0 && id <= (this.cursor ?? 0)) continue;
        if (id !== 0) this.cursor = id;
        observeStreamedEvent(name, event.occurredAt);
        try {
          onEvent(event);
        } catch (error) {
          log.error({ err: error, watch: name }, 'event handler failed');
        }
      }
    });
    const reopen = (error?: Error) => {
      if (this.stream !== stream) return;
      const wasConnected = this.connected;
      this.stream = undefined;
      this.connected = false;
      if (this.stopped) return;
      // A stream that was live and broke is worth a warning; a service not up yet (the parts
      // start together) is said once, and the retries after it only at debug level.
      const fields = { watch: name, err: error?.message, cursor: this.cursor };
      if (wasConnected) log.warn(fields, 'event stream ended; reconnecting');
      else if (this.waiting++ === 0) log.info(fields, 'event stream not open yet; retrying until it is');
      else log.debug(fields, 'event stream still not open; retrying');
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
    this.waiting = 0;
    const resolve = this.readyResolve;
    this.readyResolve = undefined;
    resolve?.();
  }
}
