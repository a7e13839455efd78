// The real users-service, messages-service and gateway, in-process on free ports, on fresh
// MariaDB databases; plus the clients a test needs: fetch for HTTP, graphql-ws over `ws`.
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { freshTestStore } from '@charla/platform/testing';
import { waitFor } from '@charla/platform/testing';
import { startUsersService, usersConfigFromEnv } from '../../users-service/src/app';
import { startMessagesService, messagesConfigFromEnv } from '../../messages-service/src/app';
import { gatewayConfigFromEnv, startGateway } from '../src/app';

export const OPERATOR = { username: 'operator', password: 'operator-secret-1' };

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

export interface Stack {
  url: string;
  wsUrl: string;
  usersGrpcAddr: string;
  messagesGrpcAddr: string;
  /** Where each service keeps its data, for a second replica of it. */
  databases: { users: string; messages: string };
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  register(username: string): Promise<TestUser>;
  login(username: string, password: string): Promise<TestUser>;
  socket(token: string | undefined, options?: { onClose?: (code: number) => void; origin?: string }): Client;
  stop(): Promise<void>;
  /** Stops only the gateway (and keeps the services), for tests that restart or kill it. */
  leftovers: (() => Promise<unknown>)[];
  /** Another gateway in front of the same services (scale-out), stopped with the stack. */
  addGateway(env?: Record<string, string>): Promise<Door>;
}

/** One gateway as a client sees it. */
export type Door = Pick<Stack, 'url' | 'wsUrl' | 'gql' | 'socket'>;

export const PASSWORD = 'correct horse 1';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `redis`: every part gets REDIS_URL, as when several replicas run (scale-out). */
export async function startStack(label: string, gatewayEnv: Record<string, string> = {}, options: { redis?: boolean } = {}): Promise<Stack> {
  const leftovers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const dispose of leftovers.splice(0).reverse()) await dispose().catch(() => undefined);
  };
  try {
    const usersDb = await freshTestStore('mysql', `gw_${label}_u`);
    leftovers.push(() => usersDb.dispose());
    const messagesDb = await freshTestStore('mysql', `gw_${label}_m`);
    leftovers.push(() => messagesDb.dispose());
    const common = {
      NODE_ENV: 'test',
      GRPC_PORT: '0',
      HTTP_PORT: '0',
      LOG_LEVEL: process.env.GATEWAY_TEST_LOG ?? 'silent',
      ...(gatewayEnv.SERVICE_TOKEN ? { SERVICE_TOKEN: gatewayEnv.SERVICE_TOKEN } : {}),
      ...(options.redis ? { REDIS_URL } : {}),
    };
    const users = await startUsersService(
      usersConfigFromEnv({
        ...common,
        DATABASE_URL: usersDb.url,
        SCRYPT_LOG2_N: '10',
        PRESENCE_GRACE_MS: '300',
        PRESENCE_SWEEP_MS: '100',
        CHARLA_ADMIN_USERNAME: OPERATOR.username,
        CHARLA_ADMIN_PASSWORD: OPERATOR.password,
      }),
    );
    leftovers.push(() => users.stop());
    const usersGrpcAddr = `127.0.0.1:${users.grpcPort}`;
    const messages = await startMessagesService(messagesConfigFromEnv({ ...common, DATABASE_URL: messagesDb.url, USERS_GRPC_ADDR: usersGrpcAddr }));
    leftovers.push(() => messages.stop());
    const messagesGrpcAddr = `127.0.0.1:${messages.grpcPort}`;
    const sockets: Client[] = [];
    leftovers.push(async () => {
      for (const client of sockets) await client.dispose();
    });
    const addGateway = async (env: Record<string, string> = {}): Promise<Door> => {
      const gateway = await startGateway(
        gatewayConfigFromEnv({
          ...common,
          PORT: '0',
          USERS_GRPC_ADDR: usersGrpcAddr,
          MESSAGES_GRPC_ADDR: messagesGrpcAddr,
          LEASE_TTL_SECONDS: '2',
          LEASE_RENEW_MS: '500',
          TYPING_TTL_MS: '400',
          WATCH_RETRY_MS: '100',
          CLIENT_DIST: '/nonexistent',
          ...gatewayEnv,
          ...env,
        }),
      );
      leftovers.push(() => gateway.stop());
      const url = `http://127.0.0.1:${gateway.port}`;
      // The gateway's event streams start "from now": ready means they are live.
      await waitFor('the gateway to be ready', async () => (await fetch(`${url}/readyz`)).ok, 10_000);
      return door(url, sockets);
    };
    const { url, wsUrl, gql, socket } = await addGateway();

    const asUser = (response: GraphQLResponse, field: 'register' | 'login'): TestUser => {
      const payload = response.data?.[field];
      if (!payload) throw new Error(`${field} failed: ${JSON.stringify(response.errors)}`);
      return { id: payload.user.id, username: payload.user.username, token: payload.token };
    };
    return {
      url,
      wsUrl,
      usersGrpcAddr,
      messagesGrpcAddr,
      databases: { users: usersDb.url!, messages: messagesDb.url! },
      leftovers,
      gql,
      register: async (username) =>
        asUser(
          await gql(`mutation($input: RegisterInput!) { register(input: $input) { token user { id username } } }`, {
            input: { firstName: username, lastName: 'Test', username, password: PASSWORD },
          }),
          'register',
        ),
      login: async (username, password) =>
        asUser(await gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id username } } }`, { u: username, p: password }), 'login'),
      socket,
      stop,
      addGateway,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function door(url: string, sockets: Client[]): Door {
  const wsUrl = `${url.replace('http', 'ws')}/graphql`;
  const gql: Stack['gql'] = async (query, variables = {}, token, headers = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
    return { status: response.status, ...body } as GraphQLResponse<any>;
  };
  const socket: Stack['socket'] = (token, options = {}) => {
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
  return { url, wsUrl, gql, socket };
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
