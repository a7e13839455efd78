import { MarkDeliveredDocument, MarkReadDocument } from '../api/generated';
import type { Page, Request } from './ports';
import type { ChatStore } from './store';
import { EMPTY_TIMELINE, lastSeq } from './timeline';
import type { Conversation, Message } from './types';

export interface ReceiptsDeps {
  store: ChatStore;
  request: Request;
  page: Pick<Page, 'visible'>;
  /** The conversation as it now stands (unread count cleared, or the server's answer). */
  put(conversation: Conversation): void;
}

/**
 * Tells the authors how far their messages got on this device: delivered (✓✓) when they arrive,
 * read when the open conversation is seen. Each marker is sent once per advance; a failed one is
 * sent again at the next advance.
 */
export class Receipts {
  private readonly readSent = new Map<string, number>();
  private readonly deliveredSent = new Map<string, number>();

  constructor(private readonly deps: ReceiptsDeps) {}

  delivered(conversationId: string, messages: readonly Message[]): void {
    const me = this.deps.store.get().me.id;
    const seq = Math.max(0, ...messages.filter((m) => m.author?.id !== me && m.status === 'SENT').map((m) => m.seq));
    if (seq === 0 || (this.deliveredSent.get(conversationId) ?? 0) >= seq) return;
    this.deliveredSent.set(conversationId, seq);
    this.deps.request(MarkDeliveredDocument, { conversationId, seq }).catch(() => this.deliveredSent.delete(conversationId));
  }

  /** The open conversation, if the page is in view, is read up to its last message. */
  markActiveRead(): void {
    const { store, page } = this.deps;
    const { activeId, timelines, conversations } = store.get();
    if (!activeId || !page.visible()) return;
    const seq = lastSeq(timelines[activeId] ?? EMPTY_TIMELINE);
    const conversation = conversations[activeId];
    if (seq === 0 || (this.readSent.get(activeId) ?? 0) >= seq) {
      if (conversation?.unreadCount || conversation?.mentionCount) this.deps.put({ ...conversation, unreadCount: 0, mentionCount: 0 });
      return;
    }
    this.readSent.set(activeId, seq);
    if (conversation) this.deps.put({ ...conversation, unreadCount: 0, mentionCount: 0 });
    this.deps
      .request(MarkReadDocument, { conversationId: activeId, seq })
      .then(({ markRead }) => this.deps.put(markRead))
      .catch(() => this.readSent.delete(activeId));
  }
}
