// The real users-service, messages-service and gateway (@charla/stack), on fresh MariaDB
// databases; plus the clients a test needs: fetch for HTTP, graphql-ws over `ws`.
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { QUICK_PRESENCE, startStack as startParts, type Door as HttpDoor, type Leftover } from '@charla/stack';

export { OPERATOR, PASSWORD, REDIS_URL, type GraphQLResponse, type TestUser } from '@charla/stack';

export interface Stack extends Door {
  usersGrpcAddr: string;
  messagesGrpcAddr: string;
  /** Where each service keeps its data, for a second replica of it. */
  databases: { users: string; messages: string };
  register: HttpDoor['register'];
  login: HttpDoor['login'];
  stop(): Promise<void>;
  /** Disposed by stop(), newest first: what a test opens besides the stack. */
  leftovers: Leftover[];
  /** Another gateway in front of the same services (scale-out), stopped with the stack. */
  addGateway(env?: Record<string, string>): Promise<Door>;
}

/** One gateway as a client sees it. */
export interface Door {
  url: string;
  wsUrl: string;
  gql: HttpDoor['gql'];
  socket(token: string | undefined, options?: { onClose?: (code: number) => void; origin?: string }): Client;
}

/** Leases, typing and event streams on a test's time scale. */
const GATEWAY_ENV = { LEASE_TTL_SECONDS: '2', LEASE_RENEW_MS: '500', TYPING_TTL_MS: '400', WATCH_RETRY_MS: '100' };

/** `redis`: every part gets REDIS_URL, as when several replicas run (scale-out). */
export async function startStack(label: string, gatewayEnv: Record<string, string> = {}, options: { redis?: boolean } = {}): Promise<Stack> {
  const parts = await startParts({
    label: `gw_${label}`,
    operator: true,
    redis: options.redis,
    serviceToken: gatewayEnv.SERVICE_TOKEN,
    env: {
      all: process.env.GATEWAY_TEST_LOG ? { LOG_LEVEL: process.env.GATEWAY_TEST_LOG } : {},
      users: QUICK_PRESENCE,
      gateway: { ...GATEWAY_ENV, ...gatewayEnv },
    },
  });
  const sockets: Client[] = [];
  parts.leftovers.push(async () => {
    for (const client of sockets) await client.dispose();
  });
  const withSockets = (door: HttpDoor): Door => ({ url: door.url, wsUrl: door.wsUrl, gql: door.gql, socket: socketsOf(door.wsUrl, sockets) });
  const { gateway } = parts;
  return {
    ...withSockets(gateway),
    register: gateway.register,
    login: gateway.login,
    usersGrpcAddr: parts.users.grpcAddr,
    messagesGrpcAddr: parts.messages.grpcAddr,
    databases: { users: parts.users.database.url!, messages: parts.messages.database.url! },
    leftovers: parts.leftovers,
    stop: parts.stop,
    addGateway: async (env) => withSockets(await parts.addGateway(env)),
  };
}

function socketsOf(wsUrl: string, sockets: Client[]): Door['socket'] {
  return (token, options = {}) => {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: options.origin
        ? class extends WebSocket {
            constructor(address: string, protocols?: string | string[]) {
              super(address, protocols, { headers: { origin: options.origin } });
            }
          }
        : WebSocket,
      connectionParams: token === undefined ? {} : { token },
      retryAttempts: 0,
      lazy: false,
      // Close codes are what these tests look at; graphql-ws would print them too.
      onNonLazyError: () => undefined,
      on: { closed: (event) => options.onClose?.((event as { code: number }).code) },
    });
    sockets.push(client);
    return client;
  };
}

/** A subscription that collects what it receives, for assertions that wait. */
export interface Collector<T> {
  items: T[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `count` items arrived (or rejects after the timeout, listing what came). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  dispose(): void;
}

export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}, pick: (data: any) => T = (data) => data): Collector<T> {
  const collector: Collector<T> = {
    items: [],
    errors: [],
    completed: false,
    waitFor: (count, timeoutMs = 8_000) => until(() => collector.items.length >= count || collector.errors.length > 0, timeoutMs, () => `got ${collector.items.length}/${count}: ${JSON.stringify(collector.errors)}`).then(() => {
      if (collector.items.length < count) throw new Error(`subscription failed: ${JSON.stringify(collector.errors)}`);
      return collector.items;
    }),
    dispose: () => dispose(),
  };
  const dispose = client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result: ExecutionResult<Record<string, unknown>>) => {
        if (result.errors) collector.errors.push(...result.errors);
        else if (result.data) collector.items.push(pick(result.data));
      },
      // graphql-ws hands validation errors over as an array; a closed socket as a CloseEvent.
      error: (error) => collector.errors.push(...(Array.isArray(error) ? error : [error])),
      complete: () => (collector.completed = true),
    },
  );
  return collector;
}

export async function until(check: () => boolean, timeoutMs = 8_000, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
