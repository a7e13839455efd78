import { parse } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { Channel } from '../src/live/channel';
import { FanOut, SharedStream, type SharedResult } from '../src/live/fan-out';

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
  const subscribe = async (query: string, viewer: string) => {
    const stream = await fanOut.subscribe({ schema, document: parse(query), contextValue: { viewer } });
    if (!(stream instanceof SharedStream)) throw new Error(`no stream: ${JSON.stringify(stream)}`);
    return listen(stream);
  };
  const publish = (event: object) => subscribers.forEach((channel) => channel.push(event));
  return { subscribe, publish, runs };
}

/** A subscriber as the socket is one: each result handed over as its event arrives, then the end. */
function listen(stream: SharedStream) {
  const results: SharedResult[] = [];
  const state = { ended: false };
  stream.start({ next: (result) => results.push(result), end: () => (state.ended = true) });
  return { stream, state, next: (index: number) => results[index].promise };
}

test('one event is executed once for every subscriber of the same operation, and the result is shared', async () => {
  const { subscribe, publish, runs } = setup();
  const streams = await Promise.all(['ana', 'ben', 'carl'].map((viewer) => subscribe('subscription { said { text } }', viewer)));
  publish({ text: 'hola', by: 'ana' });
  const results = await Promise.all(streams.map((stream) => stream.next(0)));
  expect(results).toEqual(Array(3).fill({ data: { said: { text: 'hola' } } }));
  expect(new Set(results).size).toBe(1);
  expect(runs.text).toBe(1);
});

test('a @personal field the event never reaches (no reactions yet) costs no sharing: executed once, the same result for all', async () => {
  const { subscribe, publish, runs } = setup();
  const query = 'subscription { said { text reactions { emoji byMe } } }';
  const streams = await Promise.all(['ana', 'ben', 'carl'].map((viewer) => subscribe(query, viewer)));
  publish({ text: 'new', by: 'ana' });
  const fresh = await Promise.all(streams.map((stream) => stream.next(0)));
  expect(new Set(fresh).size).toBe(1);
  expect(fresh[0]).toEqual({ data: { said: { text: 'new', reactions: [] } } });
  expect(runs.text).toBe(1);
  // Once there are reactions, whether I reacted is mine: each subscriber gets their own answer.
  publish({ text: 'liked', by: 'ana', reactions: [{ emoji: '👍', by: ['ben'] }] });
  const liked = await Promise.all(streams.map((stream) => stream.next(1)));
  expect(liked.map((result) => (result as { data: { said: { reactions: { byMe: boolean }[] } } }).data.said.reactions[0].byMe)).toEqual([false, true, false]);
});

test('a selection with a @personal field is executed per subscriber, each seeing their own value', async () => {
  const { subscribe, publish, runs } = setup();
  const query = 'subscription { said { text mine } }';
  const [ana, ben] = await Promise.all([subscribe(query, 'ana'), subscribe(query, 'ben')]);
  publish({ text: 'hola', by: 'ana' });
  expect(await ana.next(0)).toEqual({ data: { said: { text: 'hola', mine: true } } });
  expect(await ben.next(0)).toEqual({ data: { said: { text: 'hola', mine: false } } });
  expect(runs.mine).toBe(2);
});

test('different variables or documents are not shared; ending a stream ends its source', async () => {
  const { subscribe, publish, runs } = setup();
  const plain = await subscribe('subscription { said { text } }', 'ana');
  const aliased = await subscribe('subscription { said { words: text } }', 'ben');
  publish({ text: 'hola', by: 'ana' });
  expect(await plain.next(0)).toEqual({ data: { said: { text: 'hola' } } });
  expect(await aliased.next(0)).toEqual({ data: { said: { words: 'hola' } } });
  expect(runs.text).toBe(2);
  expect(plain.state.ended).toBe(false);
  plain.stream.stop();
  expect(plain.state.ended).toBe(true);
  publish({ text: 'after', by: 'ana' });
  expect(await aliased.next(1)).toEqual({ data: { said: { words: 'after' } } });
});
