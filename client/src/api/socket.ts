import { createClient, type Client } from 'graphql-ws';
import { GRAPHQL_PATH } from './graphql';

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

const PONG_TIMEOUT_MS = 4_000;

/** Exponential backoff with jitter, capped, so a thousand clients do not reconnect in step. */
export function reconnectDelay(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

/** Backoff, cut short the moment the browser says the network is back; no tries while it says it is gone. */
function waitToReconnect(attempt: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, navigator.onLine ? reconnectDelay(attempt) : 60_000);
    addEventListener('online', done);
  });
}

export interface Socket {
  client: Client;
  /** Leaves for good (sign-out): no reconnect. */
  close(): void;
}

/** `connectedBefore`: a socket replacing one that was up, so the first wait already counts as offline. */
export function openSocket(token: string, events: SocketEvents, connectedBefore = false): Socket {
  const url = new URL(GRAPHQL_PATH, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let everConnected = connectedBefore;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: WebSocket | undefined;

  const client = createClient({
    url: url.toString(),
    connectionParams: { token },
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (attempt) => waitToReconnect(attempt),
    onNonLazyError: () => events.failed(),
    on: {
      connecting: () => events.state(everConnected ? 'offline' : 'connecting'),
      opened: (s) => {
        socket = s as WebSocket;
      },
      connected: () => {
        everConnected = true;
        events.state('online');
        events.connected();
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        socket = undefined;
        events.closed();
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4401 || code === 4403) events.unauthorized();
        if (everConnected) events.state('offline');
      },
      // A half-open connection never errors by itself: a ping without a pong means it is gone.
      ping: (received) => {
        if (received) return;
        pongTimer = setTimeout(() => socket?.readyState === WebSocket.OPEN && socket.close(4408, 'Pong timeout'), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });

  // The browser knows about a lost network before the socket does.
  const onOffline = () => {
    events.state('offline');
    client.terminate();
  };
  addEventListener('offline', onOffline);
  return {
    client,
    close: () => {
      removeEventListener('offline', onOffline);
      void client.dispose();
    },
  };
}
