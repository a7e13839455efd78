// Too much at once is refused with TOO_MANY_REQUESTS and a retry hint (extensions.retryAfterMs,
// HTTP Retry-After), never SERVICE_UNAVAILABLE, and the hinted retry gets through.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startStack, type Stack } from '@charla/stack';

let stack: Stack;
beforeAll(async () => {
  // One password hash at a time and none waiting: a burst of sign-ups overflows at once. One
  // send at messages-service at a time and no waiting: so does a burst of sends.
  stack = await startStack({
    label: 'gw_refusals',
    env: { users: { SCRYPT_LOG2_N: '14', HASH_CONCURRENCY: '1', HASH_QUEUE: '0' }, gateway: { SENDS_IN_FLIGHT: '1', SEND_QUEUE_MS: '0', SENDS_PER_SECOND: '1000', SEND_BURST: '1000' } },
  });
}, 60_000);
afterAll(() => stack?.stop());

const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { token } }';

async function register(username: string) {
  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: REGISTER, variables: { input: { username, password: 'correct horse 1', firstName: 'Ana', lastName: 'Burst' } } }),
  });
  const body = (await response.json()) as { data?: { register: { token: string } } | null; errors?: { extensions: { code: string; retryAfterMs?: number } }[] };
  return { retryAfter: response.headers.get('retry-after'), token: body.data?.register.token, error: body.errors?.[0]?.extensions };
}

test('a burst of sign-ups: each gets a token or TOO_MANY_REQUESTS with retryAfterMs and Retry-After; retried as hinted, all get in', async () => {
  const names = Array.from({ length: 8 }, (_, i) => `burst${i}`);
  const first = await Promise.all(names.map(register));
  const refused = first.filter((answer) => answer.error);
  expect(refused.length).toBeGreaterThan(0);
  for (const { error, retryAfter } of refused) {
    expect(error?.code).toBe('TOO_MANY_REQUESTS');
    expect(error?.retryAfterMs).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  }
  for (const [i, answer] of first.entries()) {
    let last = answer;
    while (last.error) {
      expect(last.error.code).toBe('TOO_MANY_REQUESTS');
      await new Promise((resolve) => setTimeout(resolve, last.error!.retryAfterMs));
      last = await register(names[i]);
    }
    expect(last.token).toEqual(expect.any(String));
  }
}, 60_000);

test('a burst of sends over graphql-ws: each stored once or refused with TOO_MANY_REQUESTS and retryAfterMs; retried with its clientId, each stored exactly once', async () => {
  const ana = await stack.gateway.register('sender');
  const { rooms } = await stack.gateway.data<{ rooms: { id: string; title: string }[] }>('{ rooms { id title } }', {}, ana.token);
  const general = rooms.find((room) => room.title === 'general')!.id;
  const client = createClient({ url: stack.gateway.wsUrl, webSocketImpl: WebSocket, connectionParams: { token: ana.token }, retryAttempts: 0 });
  stack.leftovers.push(async () => void (await client.dispose()));
  const SEND = 'mutation($c: ID!, $b: String!, $k: String) { sendMessage(conversationId: $c, body: $b, clientId: $k) { seq clientId } }';
  type Answer = { seq?: number; code?: string; retryAfterMs?: number };
  const sendOnce = (clientId: string) =>
    new Promise<Answer>((resolve) => {
      client.subscribe<{ sendMessage: { seq: number } }>(
        { query: SEND, variables: { c: general, b: `burst ${clientId}`, k: clientId } },
        {
          next: ({ data, errors }) => resolve(data?.sendMessage ? { seq: data.sendMessage.seq } : { code: String(errors?.[0]?.extensions?.code), retryAfterMs: errors?.[0]?.extensions?.retryAfterMs as number | undefined }),
          error: (error) => resolve({ code: `socket error ${String(error)}` }),
          complete: () => undefined,
        },
      );
    });
  const ids = Array.from({ length: 12 }, (_, i) => `burst-${i}`);
  const first = await Promise.all(ids.map(sendOnce));
  expect(first.some((answer) => answer.code === 'TOO_MANY_REQUESTS')).toBe(true);
  for (const answer of first) {
    if (answer.seq !== undefined) continue;
    expect(answer.code).toBe('TOO_MANY_REQUESTS');
    expect(answer.retryAfterMs).toBeGreaterThan(0);
  }
  const seqs: number[] = [];
  for (const [i, answer] of first.entries()) {
    let last = answer;
    while (last.seq === undefined) {
      expect(last.code).toBe('TOO_MANY_REQUESTS');
      await new Promise((resolve) => setTimeout(resolve, last.retryAfterMs));
      last = await sendOnce(ids[i]);
    }
    seqs.push(last.seq);
  }
  // Acknowledged = stored, once each: twelve distinct seqs, and the room holds exactly those.
  expect(new Set(seqs).size).toBe(12);
  const { conversation } = await stack.gateway.data<{ conversation: { lastSeq: number } }>('query($id: ID!) { conversation(id: $id) { lastSeq } }', { id: general }, ana.token);
  expect(Math.max(...seqs)).toBe(conversation.lastSeq);
  expect(Math.min(...seqs)).toBe(conversation.lastSeq - 11);
}, 60_000);

test('a send the socket refuses before executing it is answered as the resolver refuses one over HTTP: data null, the error at the field, TOO_MANY_REQUESTS with its hint', async () => {
  const ana = await stack.gateway.register('doors');
  const { rooms } = await stack.gateway.data<{ rooms: { id: string; title: string }[] }>('{ rooms { id title } }', {}, ana.token);
  const general = rooms.find((room) => room.title === 'general')!.id;
  const SEND = 'mutation($c: ID!, $b: String!) {\n  posted: sendMessage(conversationId: $c, body: $b) { seq }\n}';
  type Refused = { data?: unknown; errors?: { message: string; locations?: unknown; path?: unknown; extensions: { code: string; retryAfterMs?: number; reason?: string } }[] };
  const overHttp = (await Promise.all(Array.from({ length: 12 }, (_, i) => stack.gateway.gql(SEND, { c: general, b: `http ${i}` }, ana.token)))).map(({ data, errors }): Refused => ({ data, errors: errors as Refused['errors'] }));
  const client = createClient({ url: stack.gateway.wsUrl, webSocketImpl: WebSocket, connectionParams: { token: ana.token }, retryAttempts: 0 });
  stack.leftovers.push(async () => void (await client.dispose()));
  const overSocket = await Promise.all(
    Array.from({ length: 12 }, (_, i) => new Promise<Refused>((resolve, reject) => client.subscribe({ query: SEND, variables: { c: general, b: `ws ${i}` } }, { next: (result) => resolve(result as Refused), error: reject, complete: () => undefined }))),
  );
  const refusedOf = (answers: Refused[]) => answers.filter((answer) => answer.errors !== undefined);
  const [http, socket] = [refusedOf(overHttp), refusedOf(overSocket)];
  expect(http.length).toBeGreaterThan(0);
  expect(socket.length).toBeGreaterThan(0);
  const shape = ({ data, errors }: Refused) => ({ data, errors: errors!.map(({ extensions: { retryAfterMs, ...extensions }, ...error }) => ({ ...error, extensions, hinted: retryAfterMs! > 0 })) });
  expect(shape(socket[0])).toEqual(shape(http[0]));
  expect(shape(socket[0])).toEqual({ data: null, errors: [{ message: expect.any(String), locations: [{ line: 2, column: 3 }], path: ['posted'], extensions: { code: 'TOO_MANY_REQUESTS', reason: 'SENDS_BUSY' }, hinted: true }] });
}, 60_000);
