import type { ConversationStore, MessageStore } from '../store/store';
import { requireUser } from './callers';
import { historyWindow, nextHistoryToken } from './paging';
import { reach } from './reach';
import type { Caller, Message, Page } from './types';
import * as valid from './validation';

/**
 * `size` messages around `aroundSeq`, oldest first: about half before it and the rest
 * after, more on one side when the other runs out. Older ones exist when the first seq is
 * above 1 (seqs have no gaps); the token continues with newer ones.
 */
export async function aroundPage(
  store: ConversationStore & MessageStore,
  caller: Caller,
  request: { conversationId?: unknown; aroundSeq?: unknown; pageSize?: unknown },
): Promise<Page<Message>> {
  const me = requireUser(caller);
  const conversationId = valid.id(request.conversationId, 'conversation_id');
  const aroundSeq = valid.seq(request.aroundSeq, 'around_seq');
  const size = valid.pageSize(request.pageSize, valid.LIMITS.messagesPageDefault);
  await reach(store, me, conversationId);
  const [older, newer] = await Promise.all([
    store.listMessages({ conversationId, order: 'newest-first', afterSeq: 0, beforeSeq: aroundSeq + 1, limit: size }),
    store.listMessages({ conversationId, order: 'oldest-first', afterSeq: aroundSeq, beforeSeq: 0, limit: size + 1 }),
  ]);
  let before = Math.min(older.length, Math.ceil(size / 2));
  const after = Math.min(newer.length, size - before);
  before = Math.min(older.length, size - after);
  const items = [...older.slice(0, before).reverse(), ...newer.slice(0, after)];
  const forward = historyWindow(conversationId, { order: 'oldest-first', afterSeq: aroundSeq, beforeSeq: 0, pageToken: '' }, size);
  return { items, nextPageToken: nextHistoryToken(forward, items.length, items.at(-1)?.seq, newer.length > after) };
}
