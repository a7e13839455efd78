import { parse, type ExecutionResult } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { Channel } from '../src/live/channel';
import { FanOut } from '../src/live/fan-out';

// A tiny schema: one event reaches every subscriber; counting resolver runs shows the sharing.
const typeDefs = `
  directive @personal on FIELD_DEFINITION
  type Query { ok: Boolean }
  type Subscription { said: Said! }
  type Said { text: String! mine: Boolean! @personal }
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
        mine: (said: { by: string }, _args: unknown, viewer: string) => (runs.mine++, said.by === viewer),
      },
    },
  });
  const fanOut = new FanOut(schema);
  const subscribe = async (query: string, viewer: string) =>
    (await fanOut.subscribe({ schema, document: parse(query), contextValue: viewer })) as AsyncIterableIterator<ExecutionResult>;
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
