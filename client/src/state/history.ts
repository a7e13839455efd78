import { MessagesAroundDocument, MessagesDocument } from '../api/generated';
import { mentionsMe } from './notifications';
import { everyPage } from './pages';
import type { Page, Ports, Request } from './ports';
import { setTimeline, type ChatStore } from './store';
import { contiguousEnd, EMPTY_TIMELINE, hasHole, mergeIntoTimeline, type Timeline } from './timeline';
import type { Conversation, Message } from './types';

export const PAGE_SIZE = 40;

export interface HistoryDeps {
  store: ChatStore;
  request: Request;
  page: Pick<Page, 'visible'>;
  report: Ports['report'];
  /** The server stored the message sent under this clientId (whichever way the news came). */
  settled(clientId: string): void;
  delivered(conversationId: string, messages: readonly Message[]): void;
  markActiveRead(): void;
  typingStopped(conversationId: string, userId: string | undefined): void;
  conversations: { put(conversation: Conversation): void; refresh(): Promise<void> };
}

/**
 * Each conversation's messages as held here: pages of history going back, holes filled from
 * history, and every message that arrives (a push, a replay, the answer to a send or an edit),
 * with what it changes in the conversation list.
 */
export class History {
  private readonly filling = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: HistoryDeps) {}

  /** The page before the oldest message held (or the latest page): infinite scroll upwards. */
  async loadOlder(conversationId: string): Promise<void> {
    const timeline = this.timeline(conversationId);
    if (!timeline.hasOlder) return;
    const oldest = timeline.messages[0];
    const { messages } = await this.deps.request(MessagesDocument, { conversationId, first: PAGE_SIZE, before: oldest ? String(oldest.seq) : undefined });
    const nodes = messages.edges.map((e) => e.node);
    setTimeline(this.deps.store, conversationId, (t) => mergeIntoTimeline(t, nodes, { hasMore: messages.pageInfo.hasPreviousPage && nodes.length > 0 }));
    this.deps.delivered(conversationId, nodes);
  }

  /**
   * The page around one message (a search result), merged into what is held; the messages
   * between it and the newest held are filled in after it, older ones come with scrolling up.
   */
  async loadAround(conversationId: string, seq: number): Promise<void> {
    const { messages } = await this.deps.request(MessagesAroundDocument, { conversationId, around: seq, first: PAGE_SIZE });
    const nodes = messages.edges.map((e) => e.node);
    const held = this.deps.store.get().timelines[conversationId];
    // Held messages older than the page stay; otherwise the page's own start decides what is older.
    const hasMore = held && held.messages.length > 0 && held.messages[0].seq < (nodes[0]?.seq ?? 0) ? held.hasOlder : messages.pageInfo.hasPreviousPage;
    setTimeline(this.deps.store, conversationId, (t) => mergeIntoTimeline(t, nodes, { hasMore }));
    this.deps.delivered(conversationId, nodes);
    if (hasHole(this.timeline(conversationId))) void this.fill(conversationId);
  }

  /** Messages from a push, a replay or a mutation's answer; `added` ones count as unread. */
  receive(messages: readonly Message[], added: boolean): void {
    const { store, page, conversations } = this.deps;
    const { me, activeId } = store.get();
    for (const message of messages) {
      const id = message.conversationId;
      if (message.clientId) this.deps.settled(message.clientId);
      const conversation = store.get().conversations[id];
      if (store.get().timelines[id]) {
        setTimeline(store, id, (t) => mergeIntoTimeline(t, [message]));
        if (hasHole(this.timeline(id))) void this.fill(id);
      }
      if (!conversation) {
        // A conversation we were just added to: fetch it whole.
        conversations.refresh().catch((error: unknown) => this.deps.report('loading conversations failed', error));
        continue;
      }
      const isNewer = !conversation.lastMessage || conversation.lastMessage.seq <= message.seq;
      const fromOther = message.author?.id !== me.id;
      const unseen = added && fromOther && (id !== activeId || !page.visible()) && (!conversation.lastMessage || conversation.lastMessage.seq < message.seq);
      if (isNewer || unseen) {
        const mentioned = unseen && mentionsMe(message, me.username);
        conversations.put({
          ...conversation,
          lastMessage: isNewer ? message : conversation.lastMessage,
          unreadCount: conversation.unreadCount + (unseen ? 1 : 0),
          mentionCount: conversation.mentionCount + (mentioned ? 1 : 0),
        });
      }
      if (added && fromOther) {
        this.deps.delivered(id, [message]);
        this.deps.typingStopped(id, message.author?.id);
      }
    }
    if (added && activeId && messages.some((m) => m.conversationId === activeId)) this.deps.markActiveRead();
  }

  /**
   * Fills a hole from history, page by page from the last seq with nothing missing before it; one
   * run per conversation at a time. A failure leaves the hole for the next message or resume.
   */
  fill(conversationId: string): Promise<void> {
    const running = this.filling.get(conversationId);
    const holed = () => !this.stopped && hasHole(this.timeline(conversationId));
    if (running) return running.then(() => (holed() ? this.fill(conversationId) : undefined));
    const { store, request } = this.deps;
    const run = everyPage(
      String(contiguousEnd(this.timeline(conversationId))),
      (after) => request(MessagesDocument, { conversationId, first: PAGE_SIZE, after }),
      ({ messages }) => {
        const nodes = messages.edges.map((e) => e.node);
        setTimeline(store, conversationId, (t) => mergeIntoTimeline(t, nodes));
        this.deps.delivered(conversationId, nodes);
        return messages.pageInfo.hasNextPage && nodes.length > 0 && !this.stopped ? String(contiguousEnd(this.timeline(conversationId))) : null;
      },
    )
      .catch((error: unknown) => this.deps.report('filling missed messages failed', error))
      .finally(() => this.filling.delete(conversationId));
    this.filling.set(conversationId, run);
    return run;
  }

  stop(): void {
    this.stopped = true;
  }

  private timeline(conversationId: string): Timeline {
    return this.deps.store.get().timelines[conversationId] ?? EMPTY_TIMELINE;
  }
}
