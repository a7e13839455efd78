import { auditServer } from 'graphql-http';
import WebSocket from 'ws';
import { gatewayConfigFromEnv, startGateway } from '../src/app';
import { TokenBuckets } from '../src/guards/rate-limit';
import { collect, startStack, until, type Stack, type TestUser } from './stack';

const SERVICE_TOKEN = 'guards-test-service-token';

let stack: Stack;
let ana: TestUser;

beforeAll(async () => {
  stack = await startStack('guards', {
    SERVICE_TOKEN,
    MAX_QUERY_DEPTH: '3',
    MAX_QUERY_COST: '10000',
    SENDS_PER_SECOND: '1',
    SEND_BURST: '3',
    LOGINS_PER_MINUTE: '3',
    ALLOWED_ORIGINS: 'https://chat.example.org',
  });
  ana = await stack.register('ana');
}, 60_000);
afterAll(() => stack?.stop());

/** A second gateway on the same services, with other settings. */
async function otherGateway(env: Record<string, string>) {
  const gateway = await startGateway(
    gatewayConfigFromEnv({
      LOG_LEVEL: 'silent',
      PORT: '0',
      SERVICE_TOKEN,
      USERS_GRPC_ADDR: stack.usersGrpcAddr,
      MESSAGES_GRPC_ADDR: stack.messagesGrpcAddr,
      ...env,
    }),
  );
  stack.leftovers.push(() => gateway.stop());
  return `http://127.0.0.1:${gateway.port}`;
}

const DEEP = '{ conversations { members { user { id } } lastMessage { author { id } } } }';
const MANY_ALIASES = `{ ${Array.from({ length: 21 }, (_, i) => `m${i}: motd`).join(' ')} }`;
const COSTLY = `{ ${Array.from({ length: 20 }, (_, i) => `u${i}: users(first: 100) { edges { node { id username status firstName lastName } } }`).join(' ')} }`;

test.each([
  ['depth', DEEP, 'QUERY_TOO_DEEP'],
  ['aliases', MANY_ALIASES, 'TOO_MANY_ALIASES'],
  ['cost', COSTLY, 'QUERY_TOO_COSTLY'],
])('query %s is limited on HTTP and on graphql-ws alike', async (_name, query, reason) => {
  const http = await stack.gql(query, {}, ana.token);
  expect(http.status).toBe(400);
  expect(http.data).toBeUndefined();
  expect(http.errors).toContainEqual(expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason } }));
  const ws = collect(stack.socket(ana.token), query.replace(/^\{/, 'query {'));
  await until(() => ws.errors.length > 0 || ws.items.length > 0);
  expect(ws.items).toEqual([]);
  expect(ws.errors).toContainEqual(expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason } }));
});

test('the standard introspection query (GraphiQL’s) passes the limits', async () => {
  const { getIntrospectionQuery } = await import('graphql');
  const response = await stack.gql(getIntrospectionQuery({ inputValueDeprecation: true }), {}, undefined);
  expect(response.errors).toBeUndefined();
  expect(response.data?.__schema.queryType.name).toBe('Query');
});

test('list arguments are capped, with the field named', async () => {
  const users = await stack.gql('{ users(first: 101) { edges { cursor } } }', {}, ana.token);
  expect(users.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  const names = Array.from({ length: 101 }, (_, i) => `user${i}`);
  const group = await stack.gql('mutation($u: [String!]) { createGroup(title: "big", usernames: $u) { id } }', { u: names }, ana.token);
  expect(group.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'usernames' });
});

test('request bodies over the cap get 413', async () => {
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ motd } # ${'x'.repeat(200 * 1024)}` }),
  });
  expect(response.status).toBe(413);
});

test('a GraphQL answer over HTTP carries the request id it was sent with, its type and its exact length', async () => {
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'trace-guards-1' },
    body: JSON.stringify({ query: '{ motd }' }),
  });
  const body = Buffer.from(await response.arrayBuffer());
  expect(response.status).toBe(200);
  expect(response.headers.get('x-request-id')).toBe('trace-guards-1');
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(Number(response.headers.get('content-length'))).toBe(body.length);
  expect(JSON.parse(body.toString('utf8'))).toEqual({ data: { motd: expect.any(String) } });
});

test('a /graphql body that is not UTF-8 JSON, or grows past the cap without a length, is refused with its status', async () => {
  const post = async (headers: Record<string, string>, body: string | ReadableStream, init: { duplex?: 'half' } = {}) => {
    const response = await fetch(`${stack.url}/graphql`, { method: 'POST', headers, body, ...init });
    const text = await response.text();
    return { status: response.status, code: text.startsWith('{') ? (JSON.parse(text) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code : undefined };
  };
  expect(await post({ 'content-type': 'application/json' }, '{"query": "{ motd }"')).toEqual({ status: 400, code: 'BAD_REQUEST' });
  expect(await post({ 'content-type': 'application/json; charset=utf-16' }, '{"query": "{ motd }"}')).toMatchObject({ status: 415 });
  expect(await post({ 'content-type': 'text/plain' }, '{"query": "{ motd }"}')).toEqual({ status: 400, code: 'BAD_REQUEST' });
  expect(await post({ 'content-type': 'application/json; charset=UTF-8' }, '{"query": "{ motd }"}')).toEqual({ status: 200, code: undefined });
  // Streamed with no Content-Length: counted as it arrives.
  const big = JSON.stringify({ query: `{ motd } # ${'x'.repeat(200 * 1024)}` });
  const stream = new ReadableStream({
    start(controller) {
      for (let at = 0; at < big.length; at += 16 * 1024) controller.enqueue(new TextEncoder().encode(big.slice(at, at + 16 * 1024)));
      controller.close();
    },
  });
  expect(await post({ 'content-type': 'application/json' }, stream, { duplex: 'half' })).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
});

test('WebSocket frames over 64 KiB close the socket (1009)', async () => {
  const socket = new WebSocket(stack.wsUrl, 'graphql-transport-ws');
  await new Promise((resolve) => socket.once('open', resolve));
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { token: ana.token, padding: 'x'.repeat(65 * 1024) } }));
  expect(await closed).toBe(1009);
});

function upgradeStatus(origin: string | undefined, path = '/graphql'): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${stack.wsUrl.replace('/graphql', path)}`, 'graphql-transport-ws', origin ? { headers: { origin } } : {});
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', () => undefined);
  });
}

test('the WebSocket upgrade checks Origin against the allowlist; no Origin is a non-browser client', async () => {
  expect(await upgradeStatus('https://evil.example')).toBe(403);
  expect(await upgradeStatus('https://evil.example', '/v1/support')).toBe(403);
  expect(await upgradeStatus(stack.url)).toBe(101);
  expect(await upgradeStatus('https://chat.example.org')).toBe(101);
  expect(await upgradeStatus(undefined)).toBe(101);
  expect(await upgradeStatus(undefined, '/elsewhere')).toBe(404);
});

test('an Origin that is not a URL (a sandboxed page sends "null") may not open a socket', async () => {
  expect(await upgradeStatus('null')).toBe(403);
});

test('a rate bucket holds `burst` at once and refills at its rate; a refilled one is like new', () => {
  const buckets = new TokenBuckets(2, 3);
  const at = 1_000_000;
  expect([1, 2, 3, 4].map(() => buckets.take('ana', at))).toEqual([true, true, true, false]);
  expect(buckets.take('ben', at)).toBe(true);
  // Half a second later one token is back, then none.
  expect([buckets.take('ana', at + 500), buckets.take('ana', at + 500)]).toEqual([true, false]);
  // Long after, the whole burst again, and no more.
  expect([1, 2, 3, 4].map(() => buckets.take('ana', at + 60_000))).toEqual([true, true, true, false]);
});

test('sending faster than the per-user rate gets TOO_MANY_REQUESTS', async () => {
  const general = (await stack.gql('{ rooms { id } }', {}, ana.token)).data!.rooms[0].id;
  const codes: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    const response = await stack.gql('mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { id } }', { c: general, b: `m${i}` }, ana.token);
    codes.push(response.errors?.[0].extensions?.code ?? 'OK');
  }
  expect(codes.slice(0, 3)).toEqual(['OK', 'OK', 'OK']);
  expect(codes.slice(3)).toContain('TOO_MANY_REQUESTS');
});

test('too many login attempts for one username get TOO_MANY_REQUESTS, even with the right password', async () => {
  await stack.register('ben');
  const login = (password: string) => stack.gql('mutation($p: String!) { login(username: "ben", password: $p) { token } }', { p: password });
  for (let i = 0; i < 3; i++) expect((await login('wrong password')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect((await login('correct horse 1')).errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
});

test('errors carry extensions.code, with the field for bad input and no internals', async () => {
  const anonymous = await stack.gql('{ conversations { id } }');
  expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const missing = await stack.gql('{ conversation(id: "999999") { id } }', {}, ana.token);
  expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const forbidden = await stack.gql('{ supportQueue { id } }', {}, ana.token);
  expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const weak = await stack.gql('mutation { register(input: { firstName: "a", lastName: "b", username: "shorty", password: "short" }) { token } }');
  expect(weak.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
  const taken = await stack.gql('mutation { register(input: { firstName: "a", lastName: "b", username: "ana", password: "long enough 1" }) { token } }');
  expect(taken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username' });
  const badId = await stack.gql('{ conversation(id: "abc") { id } }', {}, ana.token);
  expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  const badToken = await stack.gql('{ me { id } }', {}, 'nope');
  expect(badToken.status).toBe(401);
  expect(badToken.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});

test('production mode shows no stack traces and no field suggestions', async () => {
  const suggestion = await stack.gql('{ mtod }');
  expect(suggestion.errors?.[0].message).toMatch(/Did you mean/);
  const production = await otherGateway({ NODE_ENV: 'production' });
  const response = await fetch(`${production}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ mtod }' }),
  });
  const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
  expect(body.errors[0].message).not.toMatch(/Did you mean/);
  expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.ts/);
});

test('a service that is down gives a clear error quickly, not a hang', async () => {
  const url = await otherGateway({ NODE_ENV: 'test', USERS_GRPC_ADDR: '127.0.0.1:1', MESSAGES_GRPC_ADDR: '127.0.0.1:1', CALL_DEADLINE_MS: '500' });
  const started = Date.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { login(username: "ana", password: "correct horse 1") { token } }' }),
  });
  const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
  expect(body.errors[0].message).toMatch(/unavailable/);
  expect((await fetch(`${url}/readyz`)).status).toBe(503);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
});

test('GraphQL over HTTP: every MUST of the specification’s audit passes', async () => {
  const results = await auditServer({ url: `${stack.url}/graphql` });
  const failures = results.filter((result) => result.status !== 'ok' && result.name.startsWith('MUST'));
  expect(failures.map((failure) => `${failure.name}: ${'reason' in failure ? failure.reason : ''}`)).toEqual([]);
});

describe('doors beside GraphQL', () => {
  test('a browser GET of /graphql opens GraphiQL, served from local files only', async () => {
    const page = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css', 'graphql-ws.js', 'fetcher.js']) {
      const response = await fetch(`${stack.url}/graphiql/${asset}`);
      expect([asset, response.status]).toEqual([asset, 200]);
    }
    // API clients asking for JSON still get GraphQL.
    const api = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ motd }')}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(await api.json()).toEqual({ data: { motd: 'Welcome to Charla.' } });
  });

  test('/ says the client is not built when client/dist is missing; /healthz and /readyz answer', async () => {
    const root = await fetch(stack.url);
    expect(root.status).toBe(200);
    expect(await root.text()).toMatch(/not built/);
    expect(await (await fetch(`${stack.url}/healthz`)).text()).toBe('ok');
    expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);
  });
});
