import type { Rpc } from '@charla/platform';
import { ListOrder, type ListMessagesRequest, type ListMessagesResponse } from '@charla/proto/messages';

interface Held {
  tag: string;
  response: ListMessagesResponse;
}

/** An empty page counts as one, so the entries stay bounded too. */
const weight = (response: ListMessagesResponse) => response.messages.length + 1;

/** A request for a conversation's newest page (no bounds, no token, newest first): the one messages-service tags. */
function newestKey(request: Partial<ListMessagesRequest>): string | undefined {
  if (request.order === ListOrder.LIST_ORDER_OLDEST_FIRST || request.pageToken || request.beforeSeq || request.afterSeq || request.aroundSeq || !request.conversationId) return undefined;
  return `${request.conversationId}:${request.pageSize ?? 0}`;
}

/**
 * The newest pages of the conversations read lately, decoded, as messages-service last gave
 * them, with their tags. A newest-page read sends the tag of the page held for it
 * (if_none_match); messages-service checks the caller's access as for any read and answers
 * not_modified when that is still the page, and the held page is the answer: its messages are
 * neither encoded, sent nor decoded again. A page carries nothing of who asked it (the same tag
 * is the same messages for every reader: messages-service keeps one per conversation), so every
 * viewer shares it; what is viewer's own (reactedByMe) is resolved from it per viewer. Held
 * pages are frozen: every reader gets the same objects. Bounded by the messages held; the page
 * read least lately goes first.
 */
export class HeldPages {
  private readonly entries = new Map<string, Held>();
  private held = 0;

  constructor(private readonly maxMessages: number) {}

  /** `list` with the newest pages held and asked for conditionally; any other read goes as it is. */
  conditional(list: Rpc<ListMessagesRequest, ListMessagesResponse>): Rpc<ListMessagesRequest, ListMessagesResponse> {
    return async (request, auth) => {
      const key = newestKey(request);
      if (key === undefined) return list(request, auth);
      // The page as it was when asked: the answer is about this tag, whatever is held by then.
      const held = this.entries.get(key);
      const response = await list(held ? { ...request, ifNoneMatch: held.tag } : request, auth);
      if (response.notModified) {
        // Only ever for the tag sent; anything else is read again in full rather than trusted.
        if (!held || response.tag !== held.tag) return list(request, auth);
        this.touch(key, held);
        return held.response;
      }
      this.keep(key, response);
      return response;
    };
  }

  private touch(key: string, held: Held): void {
    if (this.entries.get(key) !== held) return;
    this.entries.delete(key);
    this.entries.set(key, held);
  }

  private keep(key: string, response: ListMessagesResponse): void {
    const kept = this.entries.get(key);
    if (kept) this.forget(key, kept);
    if (response.tag === '' || weight(response) > this.maxMessages) return;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.held + weight(response) <= this.maxMessages) break;
      this.forget(oldestKey, oldest);
    }
    for (const message of response.messages) Object.freeze(message);
    Object.freeze(response.messages);
    this.entries.set(key, { tag: response.tag, response: Object.freeze(response) });
    this.held += weight(response);
  }

  private forget(key: string, held: Held): void {
    this.entries.delete(key);
    this.held -= weight(held.response);
  }
}
