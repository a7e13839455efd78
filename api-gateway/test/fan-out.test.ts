import { parse, type ExecutionResult } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { Channel } from '../src/live/channel';
import { FanOut } from '../src/live/fan-out';
import { DirectFrames } from '../src/live/frames';

// A tiny schema: one event reaches every subscriber; counting resolver runs shows the sharing.
const typeDefs = `
  directive @personal on FIELD_DEFINITION
  type Query { ok: Boolean }
  type Subscription { said: Said! }
  type Said { text: String! mine: Boolean! @personal reactions: [Reaction!]! }
  type Reaction { emoji: String! byMe: Boolean! @personal }
`;

function setup() {
  const subscribers: Channel<object>[] = [];
  const runs = { text: 0, mine: 0 };
  const schema = makeExecutableSchema({
    typeDefs,
    resolvers: {
      Subscription: {
        said: {
          subscribe: () => {
            const channel = new Channel<object>();
            subscribers.push(channel);
            return channel;
          },
          resolve: (payload: object) => payload,
        },
      },
      Said: {
        text: (said: { text: string }) => (runs.text++, said.text),
        mine: (said: { by: string }, _args: unknown, context: { viewer: string }) => (runs.mine++, said.by === context.viewer),
        reactions: (said: { reactions?: { emoji: string; by: string[] }[] }) => said.reactions ?? [],
      },
      Reaction: {
        byMe: (reaction: { by: string[] }, _args: unknown, context: { viewer: string }) => reaction.by.includes(context.viewer),
      },
    },
  });
  const fanOut = new FanOut(schema);
  const subscribe = async (query: string, viewer: string) =>
    (await fanOut.subscribe({ schema, document: parse(query), contextValue: { viewer } })) as AsyncIterableIterator<ExecutionResult>;
  const publish = (event: object) => subscribers.forEach((channel) => channel.push(event));
  return { subscribe, publish, runs };
}

test('one event is executed once for every subscriber of the same operation, and the result is shared', async () => {
  const { subscribe, publish, runs } = setup();
  const streams = await Promise.all(['ana', 'ben', 'carl'].map((viewer) => subscribe('subscription { said { text } }', viewer)));
  publish({ text: 'hola', by: 'ana' });
  const results = await Promise.all(streams.map((stream) => stream.next()));
  expect(results.map((result) => result.value)).toEqual(Array(3).fill({ data: { said: { text: 'hola' } } }));
  expect(new Set(results.map((result) => result.value)).size).toBe(1);
  expect(runs.text).toBe(1);
});

test('a @personal field the event never reaches (no reactions yet) costs no sharing: executed once, the same result for all', async () => {
  const { subscribe, publish, runs } = setup();
  const query = 'subscription { said { text reactions { emoji byMe } } }';
  const streams = await Promise.all(['ana', 'ben', 'carl'].map((viewer) => subscribe(query, viewer)));
  publish({ text: 'new', by: 'ana' });
  const fresh = await Promise.all(streams.map((stream) => stream.next()));
  expect(new Set(fresh.map((result) => result.value)).size).toBe(1);
  expect(fresh[0].value).toEqual({ data: { said: { text: 'new', reactions: [] } } });
  expect(runs.text).toBe(1);
  // Once there are reactions, whether I reacted is mine: each subscriber gets their own answer.
  publish({ text: 'liked', by: 'ana', reactions: [{ emoji: '👍', by: ['ben'] }] });
  const liked = await Promise.all(streams.map((stream) => stream.next()));
  expect(liked.map((result) => (result.value as { data: { said: { reactions: { byMe: boolean }[] } } }).data.said.reactions[0].byMe)).toEqual([false, true, false]);
});

test('a selection with a @personal field is executed per subscriber, each seeing their own value', async () => {
  const { subscribe, publish, runs } = setup();
  const query = 'subscription { said { text mine } }';
  const [ana, ben] = await Promise.all([subscribe(query, 'ana'), subscribe(query, 'ben')]);
  publish({ text: 'hola', by: 'ana' });
  expect((await ana.next()).value).toEqual({ data: { said: { text: 'hola', mine: true } } });
  expect((await ben.next()).value).toEqual({ data: { said: { text: 'hola', mine: false } } });
  expect(runs.mine).toBe(2);
});

test('different variables or documents are not shared; ending a stream ends its source', async () => {
  const { subscribe, publish, runs } = setup();
  const plain = await subscribe('subscription { said { text } }', 'ana');
  const aliased = await subscribe('subscription { said { words: text } }', 'ben');
  publish({ text: 'hola', by: 'ana' });
  expect((await plain.next()).value).toEqual({ data: { said: { text: 'hola' } } });
  expect((await aliased.next()).value).toEqual({ data: { said: { words: 'hola' } } });
  expect(runs.text).toBe(2);
  const waiting = plain.next();
  await plain.return!();
  expect(await waiting).toEqual({ value: undefined, done: true });
});

describe('frames written straight to the socket', () => {
  /** A socket that keeps what was written to it. */
  const fakeSocket = () => {
    const frames: { id: string; type: string; payload: { data?: { said?: { text: string } }; errors?: { message: string }[] } }[] = [];
    return { frames, socket: { OPEN: 1, readyState: 1, send: (data: string) => frames.push(JSON.parse(data)) } };
  };

  function slowSetup() {
    // An event's text resolves when the test says so, so a later event can be ready first.
    const gates = new Map<string, () => void>();
    const channels: Channel<object>[] = [];
    const schema = makeExecutableSchema({
      typeDefs,
      resolvers: {
        Subscription: { said: { subscribe: () => (channels.push(new Channel<object>()), channels.at(-1)!), resolve: (payload: object) => payload } },
        Said: {
          text: (said: { text: string }) => {
            if (said.text === 'broken') throw new Error('no such text');
            return new Promise<string>((resolve) => gates.set(said.text, () => resolve(said.text)));
          },
          mine: () => false,
        },
      },
    });
    return { schema, gates, channels, fanOut: new FanOut(schema) };
  }

  it('writes each subscriber\'s frames in event order as results become ready, and completes after the last one', async () => {
    const { schema, gates, channels, fanOut } = slowSetup();
    const frames = new DirectFrames((result) => ({ errors: result.errors?.map((error) => ({ message: `formatted: ${error.message}` })) }));
    const { frames: written, socket } = fakeSocket();
    const results = (await fanOut.subscribe({ schema, document: parse('subscription { said { text } }') })) as AsyncIterableIterator<ExecutionResult>;
    const stream = frames.wrap(socket as never, '7', results);
    const ending = stream.next();
    channels[0].push({ text: 'first' });
    channels[0].push({ text: 'second' });
    channels[0].push({ text: 'broken' });
    await new Promise((resolve) => setImmediate(resolve));
    gates.get('second')!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual([]);
    gates.get('first')!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.map((frame) => [frame.id, frame.type, frame.payload.data?.said?.text ?? frame.payload.errors?.[0]?.message])).toEqual([
      ['7', 'next', 'first'],
      ['7', 'next', 'second'],
      ['7', 'next', 'formatted: no such text'],
    ]);
    channels[0].push({ text: 'last' });
    channels[0].end();
    let ended = false;
    void ending.then(() => (ended = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(false);
    gates.get('last')!();
    expect(await ending).toEqual({ value: undefined, done: true });
    expect(written.at(-1)?.payload.data?.said?.text).toBe('last');
  });
});
