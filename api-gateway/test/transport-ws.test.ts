import type { AddressInfo } from 'node:net';
import { execute, getOperationAST, parse, type ExecutionResult } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { createClient, type Client } from 'graphql-ws';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger } from '@charla/platform';
import { Channel } from '../src/live/channel';
import { FanOut, SharedStream } from '../src/live/fan-out';
import { ResultJson } from '../src/live/frames';
import { serveTransportWs, type Outcome } from '../src/graphql/transport-ws';

// graphql-transport-ws as graphql-ws's own client speaks it, against the gateway's server of it.
const typeDefs = `
  type Query { ok: Boolean }
  type Subscription { said: Said! }
  type Said { text: String! }
`;

/** An event's text resolves when the test says so, so a later event can be ready first. */
async function setup(keepAliveMs = 60_000) {
  const gates = new Map<string, () => void>();
  const channels: Channel<object>[] = [];
  const stopped: Channel<object>[] = [];
  const schema = makeExecutableSchema({
    typeDefs,
    resolvers: {
      Query: { ok: () => true },
      Subscription: {
        said: {
          subscribe: () => {
            const channel: Channel<object> = new Channel(() => stopped.push(channel));
            channels.push(channel);
            return channel;
          },
          resolve: (payload: object) => payload,
        },
      },
      Said: {
        text: (said: { text: string; now?: boolean }) => {
          if (said.text === 'broken') throw new Error('no such text');
          if (said.now) return said.text;
          return new Promise<string>((resolve) => gates.set(said.text, () => resolve(said.text)));
        },
      },
    },
  });
  const fanOut = new FanOut(schema);
  const json = new ResultJson((result) => ({ errors: result.errors?.map((error) => ({ message: `formatted: ${error.message}` })) }));
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const server = serveTransportWs<{ who: string }>(wss, {
    connectionInitWaitMs: 300,
    keepAliveMs,
    log: createLogger('transport-ws-test', 'silent'),
    connect: async (_socket, _request, params) => (params?.token === 'good' ? { who: 'ana' } : undefined),
    disconnected: () => undefined,
    operate: async (_session, _id, payload): Promise<Outcome> => {
      const document = parse(payload.query);
      const args = { schema, document, variableValues: payload.variables };
      if (getOperationAST(document)?.operation !== 'subscription') return { result: (await execute(args)) as ExecutionResult };
      const started = await fanOut.subscribe(args);
      return started instanceof SharedStream ? { stream: started, field: 'said' } : { result: started };
    },
    serialize: (result) => json.of(result),
    formatErrors: (errors) => errors.map((error) => ({ message: error.message })),
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const clients: Client[] = [];
  const raws: WebSocket[] = [];
  const client = () => {
    const made = createClient({ url, webSocketImpl: WebSocket, connectionParams: { token: 'good' }, retryAttempts: 0 });
    clients.push(made);
    return made;
  };
  /** A bare socket speaking graphql-transport-ws by hand; resolves with its close code. */
  const raw = (protocol: string | null = 'graphql-transport-ws', options: WebSocket.ClientOptions = {}) => {
    const socket = protocol === null ? new WebSocket(url, options) : new WebSocket(url, protocol, options);
    raws.push(socket);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
    const received: { type: string; id?: string }[] = [];
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    const send = async (message: unknown) => {
      await opened;
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    };
    return { socket, closed, send, received };
  };
  leftovers.push(async () => {
    await Promise.all(clients.map((made) => made.dispose()));
    raws.forEach((socket) => socket.terminate());
    await server.dispose();
  });
  return { gates, channels, stopped, client, raw };
}

const leftovers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const leftover of leftovers.splice(0).reverse()) await leftover();
});

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
};

test("each subscriber's frames go out in event order as results become ready, errors formatted, and complete after the last one", async () => {
  const { gates, channels, client } = await setup();
  const got: string[] = [];
  let completed = false;
  client().subscribe<{ said: { text: string } }>(
    { query: 'subscription { said { text } }' },
    {
      next: (result) => got.push(result.data?.said.text ?? `error: ${result.errors?.[0]?.message}`),
      error: (error) => got.push(`failed: ${String(error)}`),
      complete: () => (completed = true),
    },
  );
  await until(() => channels.length === 1);
  channels[0].push({ text: 'first' });
  channels[0].push({ text: 'second' });
  channels[0].push({ text: 'broken' });
  await until(() => gates.has('second'));
  gates.get('second')!();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(got).toEqual([]);
  gates.get('first')!();
  await until(() => got.length === 3);
  expect(got).toEqual(['first', 'second', 'error: formatted: no such text']);
  channels[0].push({ text: 'last' });
  channels[0].end();
  await until(() => gates.has('last'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(completed).toBe(false);
  gates.get('last')!();
  await until(() => completed);
  expect(got.at(-1)).toBe('last');
});

test('a query is answered with next then complete; a client that completes a subscription ends its stream', async () => {
  const { channels, stopped, client } = await setup();
  const socket = client();
  const answers: unknown[] = [];
  await new Promise<void>((resolve, reject) => socket.subscribe({ query: '{ ok }' }, { next: (result) => answers.push(result), error: reject, complete: resolve }));
  expect(answers).toEqual([{ data: { ok: true } }]);
  const got: string[] = [];
  const unsubscribe = socket.subscribe<{ said: { text: string } }>({ query: 'subscription { said { text } }' }, { next: (r) => got.push(r.data!.said.text), error: () => undefined, complete: () => undefined });
  await until(() => channels.length === 1);
  channels[0].push({ text: 'hola', now: true });
  await until(() => got.length === 1);
  unsubscribe();
  await until(() => stopped.length === 1);
  expect(stopped[0]).toBe(channels[0]);
});

test('protocol refusals close the socket with graphql-ws close codes', async () => {
  const { raw } = await setup();
  const refused = raw();
  await refused.send({ type: 'connection_init', payload: { token: 'bad' } });
  expect(await refused.closed).toBe(4403);

  const early = raw();
  await early.send({ id: '1', type: 'subscribe', payload: { query: '{ ok }' } });
  expect(await early.closed).toBe(4401);

  const twice = raw();
  await twice.send({ type: 'connection_init', payload: { token: 'good' } });
  await twice.send({ type: 'connection_init', payload: { token: 'good' } });
  expect(await twice.closed).toBe(4429);

  const duplicate = raw();
  await duplicate.send({ type: 'connection_init', payload: { token: 'good' } });
  await until(() => duplicate.received.some((message) => message.type === 'connection_ack'));
  await duplicate.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { said { text } }' } });
  await duplicate.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { said { text } }' } });
  expect(await duplicate.closed).toBe(4409);

  const garbage = raw();
  await garbage.send('{not json');
  expect(await garbage.closed).toBe(4400);

  expect(await raw().closed).toBe(4408);
  // No subprotocol asked (or none it knows): 4406.
  expect(await raw(null).closed).toBe(4406);

  const oversized = raw();
  await oversized.send({ type: 'connection_init', payload: { token: 'x'.repeat(2048) } });
  expect(await oversized.closed).toBe(1009);
});

test('keep-alive: a peer that stops answering pings is terminated; one that answers stays', async () => {
  const { raw } = await setup(100);
  const answering = raw();
  const silent = raw('graphql-transport-ws', { autoPong: false });
  for (const socket of [answering, silent]) await socket.send({ type: 'connection_init', payload: { token: 'good' } });
  await until(() => answering.received.length > 0 && silent.received.length > 0);
  expect(await silent.closed).toBe(1006);
  expect(answering.socket.readyState).toBe(WebSocket.OPEN);
});

test('a ping is answered with a pong carrying its payload', async () => {
  const { raw } = await setup();
  const socket = raw();
  await socket.send({ type: 'connection_init', payload: { token: 'good' } });
  await until(() => socket.received.length > 0);
  await socket.send({ type: 'ping', payload: { at: 1 } });
  await until(() => socket.received.some((message) => message.type === 'pong'));
  expect(socket.received).toEqual([{ type: 'connection_ack' }, { type: 'pong', payload: { at: 1 } }]);
});
