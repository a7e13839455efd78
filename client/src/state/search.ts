import { SearchMessagesDocument } from '../api/generated';
import { RequestError } from '../api/graphql';
import type { Clock, Request } from './ports';
import { createStore, type Store } from './store';
import type { Message } from './types';

export interface SearchResult {
  message: Message;
  snippet: string;
  cursor: string;
}

export interface SearchState {
  query: string;
  results: SearchResult[];
  loading: boolean;
  error?: string;
  hasMore: boolean;
  endCursor: string | null;
  /** A search ran for the current query (so "nothing found" can be said). */
  searched: boolean;
}

const IDLE: SearchState = { query: '', results: [], loading: false, hasMore: false, endCursor: null, searched: false };
const PAGE = 20;
/** Typing pauses this long before a search goes out. */
export const SEARCH_DELAY_MS = 250;

/** A snippet's pieces: plain text, and the words the server marked as matches. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * Reads the server's snippet (HTML-escaped text with <mark></mark> around matches) into
 * pieces the view renders as text: nothing in a message can become markup this way.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
  const parts: SnippetPart[] = [];
  const pattern = /<mark>(.*?)<\/mark>/gs;
  let at = 0;
  for (const found of snippet.matchAll(pattern)) {
    if (found.index > at) parts.push({ text: unescape(snippet.slice(at, found.index)), match: false });
    parts.push({ text: unescape(found[1]), match: true });
    at = found.index + found[0].length;
  }
  if (at < snippet.length) parts.push({ text: unescape(snippet.slice(at)), match: false });
  return parts;
}

/** Searching my conversations' messages: newest first, more on demand; only the latest query's answer is shown. */
export class Search {
  readonly state: Store<SearchState> = createStore(IDLE);
  private generation = 0;
  private cancelPending: (() => void) | undefined;

  constructor(private readonly deps: { request: Request; clock: Pick<Clock, 'after'> }) {}

  /** The query as typed: searched once typing pauses; an empty one clears the results. */
  type(query: string): void {
    this.cancelPending?.();
    this.generation++;
    if (!query.trim()) {
      this.state.set({ ...IDLE, query });
      return;
    }
    this.state.set({ ...this.state.get(), query, loading: true, error: undefined });
    this.cancelPending = this.deps.clock.after(SEARCH_DELAY_MS, () => void this.run(false));
  }

  /** The next page of the same query. */
  async more(): Promise<void> {
    const { hasMore, loading } = this.state.get();
    if (hasMore && !loading) await this.run(true);
  }

  clear(): void {
    this.cancelPending?.();
    this.generation++;
    this.state.set(IDLE);
  }

  private async run(more: boolean): Promise<void> {
    const generation = ++this.generation;
    const current = this.state.get();
    this.state.set({ ...current, loading: true });
    try {
      const { searchMessages } = await this.deps.request(SearchMessagesDocument, { query: current.query, first: PAGE, after: more ? current.endCursor : undefined });
      if (generation !== this.generation) return;
      const results = searchMessages.edges.map((edge) => ({ message: edge.node, snippet: edge.snippet, cursor: edge.cursor }));
      this.state.set({
        ...this.state.get(),
        results: more ? [...current.results, ...results] : results,
        loading: false,
        hasMore: searchMessages.pageInfo.hasNextPage,
        endCursor: searchMessages.pageInfo.endCursor ?? null,
        searched: true,
        error: undefined,
      });
    } catch (error) {
      if (generation !== this.generation) return;
      const message = error instanceof RequestError && error.code === 'BAD_USER_INPUT' ? 'Type a word to search for.' : 'Search is unavailable right now.';
      this.state.set({ ...this.state.get(), loading: false, error: message, searched: true });
    }
  }
}
