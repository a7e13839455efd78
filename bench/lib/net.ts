// The load generator's connections: spread over several loopback source addresses (each has its
// own ~28k ephemeral ports, so 20,000 sockets never run out of them), with keep-alive HTTP.
import { Agent, request } from 'node:http';
import WebSocket from 'ws';

/** 127.0.0.2 … 127.0.0.9: every Linux loopback answers the whole 127/8. */
export const SOURCE_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

let turn = 0;
/** The next source address, round robin. */
export function sourceAddress(): string {
  return SOURCE_ADDRESSES[turn++ % SOURCE_ADDRESSES.length];
}

/**
 * The connections a browser keeps to one origin over HTTP/1.1 (Chromium's and Firefox's limit):
 * an HTTP sender is a person's browser. With more (Node's agent opens one for each request
 * still waiting) a slow second opened hundreds, up to 2,300 at the gateway in one run, and
 * their set-up was then most of what kept it slow; beyond six a request waits for one here, and
 * its latency counts that wait, as a browser's would.
 */
export const BROWSER_CONNECTIONS = 6;

/** A WebSocket class whose sockets leave from `localAddress`, as graphql-ws's `webSocketImpl`. */
export function boundWebSocket(localAddress: string): typeof WebSocket {
  class Bound extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { localAddress, perMessageDeflate: false });
    }
  }
  return Bound as typeof WebSocket;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A keep-alive HTTP client from one source address. node:http rather than fetch: it costs the
 * load generator less CPU per request, which the servers' figures would otherwise pay for.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly base: string,
    localAddress = sourceAddress(),
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, localAddress } as ConstructorParameters<typeof Agent>[0]);
  }

  send(method: 'GET' | 'POST', path: string, body: string | undefined, headers: Record<string, string> = {}, retried = false): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, this.base);
      const outgoing = request(
        { method, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent: this.agent, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        // The server closed a kept-alive connection as this request went out on it (its idle
        // timeout): the request never reached it, so it goes again on a fresh one (as Node's docs advise).
        if (outgoing.reusedSocket && error.code === 'ECONNRESET' && !retried) this.send(method, path, body, headers, true).then(resolve, reject);
        else reject(error);
      });
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
