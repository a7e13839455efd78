import { createClient } from 'graphql-ws';
import type { LiveSocket, SocketEvents } from '../state/ports';
import { backoff } from './backoff';
import { GRAPHQL_PATH } from './graphql';

const PONG_TIMEOUT_MS = 4_000;

/** Backoff, cut short the moment the browser says the network is back; no tries while it says it is gone. */
function waitToReconnect(attempt: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, navigator.onLine ? backoff(attempt) : 60_000);
    addEventListener('online', done);
  });
}

/** The live socket (graphql-ws) that the chat streams on; `connectedBefore` as in `OpenSocket`. */
export function openSocket(token: string, events: SocketEvents, connectedBefore: boolean, report: (what: string, error: unknown) => void): LiveSocket {
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
    // graphql-ws subscribes again by itself after each reconnect of this socket.
    subscribe: (document, variables, next) =>
      client.subscribe(
        { query: document.toString(), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.data) next(result.data as Parameters<typeof next>[0]);
          },
          error: (error) => report('subscription ended', error),
          complete: () => undefined,
        },
      ),
    close: () => {
      removeEventListener('offline', onOffline);
      void client.dispose();
    },
  };
}
