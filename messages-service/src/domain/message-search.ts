import { invalidArgument } from '@charla/platform';
import type { ConversationStore, MessageStore } from '../store/store';
import type { SearchStore } from '../store/search';
import { requireUser } from './callers';
import { reach } from './reach';
import { nextSearchToken, SEARCH_LIMITS, searchCursor, searchTerms, snippet } from './search';
import type { Caller, Message, Page } from './types';
import * as valid from './validation';

export interface SearchHit {
  message: Message;
  /** HTML-escaped text around the first match, matching words in <mark></mark>. */
  snippet: string;
  /** A page token continuing after this hit. */
  cursor: string;
}

/** Searching messages (rules in search.ts; the index behind the store's search port). */
export class MessageSearch {
  constructor(private readonly store: SearchStore & ConversationStore & MessageStore) {}

  /** Newest first, over the conversations the caller is a member of now (or one of them). */
  async search(caller: Caller, request: { query?: unknown; conversationId?: unknown; pageSize?: unknown; pageToken?: string }): Promise<Page<SearchHit>> {
    const me = requireUser(caller);
    const terms = searchTerms(request.query);
    const conversationId = request.conversationId ? valid.id(request.conversationId, 'conversation_id') : 0;
    const size = valid.seq(request.pageSize ?? 0, 'page_size') || SEARCH_LIMITS.pageDefault;
    if (size > SEARCH_LIMITS.pageMax) throw invalidArgument('page_size', `must be at most ${SEARCH_LIMITS.pageMax}`);
    const before = searchCursor(request.pageToken ?? '');
    if (conversationId) await reach(this.store, me, conversationId);
    const found = await this.store.searchMessages({ terms, userId: me.user.id, conversationId, before, limit: size + 1 });
    const page = found.slice(0, size);
    return {
      items: page.map((message) => ({ message, snippet: snippet(message.body, terms), cursor: nextSearchToken(message, true) })),
      nextPageToken: nextSearchToken(page.at(-1), found.length > size),
    };
  }
}
