import { SearchMessagesDocument } from '../src/api/generated';
import { Search, SEARCH_DELAY_MS, snippetParts } from '../src/state/search';
import { FakeClock, message } from './fakes';

describe('message search', () => {
  it('reads a snippet into text and marked words without making markup of the text', () => {
    expect(snippetParts('&lt;img onerror=x&gt; <mark>café</mark> &amp; <mark>mañana</mark>!')).toEqual([
      { text: '<img onerror=x> ', match: false },
      { text: 'café', match: true },
      { text: ' & ', match: false },
      { text: 'mañana', match: true },
      { text: '!', match: false },
    ]);
  });

  it('searches once typing pauses, shows only the latest query\'s results and pages on', async () => {
    const clock = new FakeClock();
    const asked: Record<string, unknown>[] = [];
    const request = (async (document: unknown, variables: Record<string, unknown>) => {
      expect(document).toBe(SearchMessagesDocument);
      asked.push(variables);
      const after = variables.after as string | undefined;
      return {
        searchMessages: {
          edges: [{ cursor: after ? 'c2' : 'c1', snippet: `<mark>${variables.query}</mark>`, node: message(after ? 1 : 2) }],
          pageInfo: { hasNextPage: !after, endCursor: after ? 'c2' : 'c1' },
        },
      };
    }) as never;
    const search = new Search({ request, clock });
    search.type('ca');
    search.type('cafe');
    expect(search.state.get().loading).toBe(true);
    await clock.advance(SEARCH_DELAY_MS);
    expect(asked).toEqual([{ query: 'cafe', first: 20, after: undefined }]);
    expect(search.state.get()).toMatchObject({ query: 'cafe', loading: false, hasMore: true, searched: true });
    await search.more();
    expect(search.state.get().results.map((r) => r.message.seq)).toEqual([2, 1]);
    expect(search.state.get().hasMore).toBe(false);
    search.type('');
    expect(search.state.get()).toMatchObject({ results: [], searched: false });
  });
});
