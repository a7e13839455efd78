import { failedPrecondition, notFound, permissionDenied } from '@charla/platform';
import type { ChatStore } from '../store/store';
import { accessOf, isFromSupport } from './access';
import { requireService, requireUser } from './callers';
import type { Mentions } from './mentions';
import { attachmentIds, bodyWithFiles } from './attachments';
import { aroundPage } from './around';
import { checkUploads } from './files';
import { NewestPages, newestPageTag, type HistoryPage } from './newest-pages';
import { historyWindow, nextHistoryToken } from './paging';
import { ConversationViews, reach } from './reach';
import { replyTarget } from './replies';
import type { Caller, ConversationView, ListOrderName, Message, Page, UserCaller } from './types';
import * as valid from './validation';
import { LIMITS } from './validation';

/**
 * How many messages the newest pages kept hold at most, together: a couple of hundred
 * conversations' first screens, ~3 KiB a message with the gRPC response and bytes kept beside it.
 */
const NEWEST_PAGES_HELD = 10_000;

export interface HistoryRequest {
  conversationId?: unknown;
  pageSize?: unknown;
  pageToken?: string;
  aroundSeq?: unknown;
  beforeSeq?: unknown;
  afterSeq?: unknown;
  order?: ListOrderName;
}

/** The caller's copy of the newest page (tagged `tag`) is still the page. */
export interface NotModified {
  notModified: true;
  tag: string;
}

/** The messages use cases: writing, reading and editing messages, and their receipts. */
export class Messages {
  private readonly views: ConversationViews;
  private readonly newestPages = new NewestPages(NEWEST_PAGES_HELD);
  /** Called once a delete removed a message's files: their bytes go with the next sweep. */
  filesRemoved: () => void = () => undefined;

  constructor(
    private readonly store: ChatStore,
    private readonly mentions: Mentions,
  ) {
    this.views = new ConversationViews(store);
  }

  /** Stores a message; a repeat of the caller's client_id returns the first one (created: false). */
  async send(caller: Caller, request: { conversationId?: unknown; body?: unknown; attachmentIds?: unknown; clientId?: unknown; replyToId?: unknown }): Promise<{ message: Message; created: boolean }> {
    const me = requireUser(caller);
    const id = valid.id(request.conversationId, 'conversation_id');
    const files = attachmentIds(request.attachmentIds);
    const body = bodyWithFiles(request.body, files);
    const clientId = valid.clientId(request.clientId);
    const { conversation, access } = await reach(this.store, me, id);
    await checkUploads(this.store, { userId: me.user.id, conversationId: id, clientId }, files);
    const replyToId = await replyTarget(this.store, id, request.replyToId);
    const mentionIds = await this.mentions.of(me, id, body);
    const support = conversation.kind === 'support';
    const { value, created } = await this.store.sendMessage({
      conversationId: id,
      authorId: me.user.id,
      body,
      clientId,
      isFromSupport: isFromSupport(me, conversation),
      // Staff join a support conversation with their first answer.
      joinAs: access === 'staff' ? 'operator' : undefined,
      supportWait: !support ? 'none' : conversation.supportUserId === me.user.id ? 'start' : 'stop',
      attachmentIds: files,
      replyToId,
      mentionIds,
    });
    return { message: value, created };
  }

  async edit(caller: Caller, request: { messageId?: unknown; body?: unknown }): Promise<Message> {
    const me = requireUser(caller);
    const body = valid.messageBody(request.body);
    const message = await this.ownMessage(me, request.messageId);
    if (message.deletedAt) throw failedPrecondition('a deleted message cannot be edited', 'MESSAGE_DELETED');
    return this.store.editMessage(message.id, body, await this.mentions.of(me, message.conversationId, body));
  }

  async delete(caller: Caller, messageId: unknown): Promise<Message> {
    const message = await this.ownMessage(requireUser(caller), messageId);
    const deleted = await this.store.deleteMessage(message.id);
    if (message.attachments.length > 0) this.filesRemoved();
    return deleted;
  }

  /** A page of a conversation's history, with the tag of its content when it is the newest page ('' otherwise). */
  async list(caller: Caller, request: HistoryRequest): Promise<HistoryPage> {
    const read = await this.read(caller, request, '');
    if ('notModified' in read) throw new Error('a read holding no tag came back not modified');
    return read;
  }

  /**
   * The same read for a caller that holds the page tagged `ifNoneMatch`: not modified when that
   * is still the page asked, after the caller's access was checked as for any read.
   */
  async listUnlessHeld(caller: Caller, request: HistoryRequest & { ifNoneMatch?: unknown }): Promise<HistoryPage | NotModified> {
    return this.read(caller, request, valid.historyTag(request.ifNoneMatch));
  }

  private async read(caller: Caller, request: HistoryRequest, held: string): Promise<HistoryPage | NotModified> {
    if (valid.seq(request.aroundSeq, 'around_seq') > 0) return { ...(await aroundPage(this.store, caller, request)), tag: '' };
    const me = requireUser(caller);
    const id = valid.id(request.conversationId, 'conversation_id');
    const size = valid.pageSize(request.pageSize, LIMITS.messagesPageDefault);
    const window = historyWindow(
      id,
      {
        order: request.order ?? 'newest-first',
        afterSeq: valid.seq(request.afterSeq, 'after_seq'),
        beforeSeq: valid.seq(request.beforeSeq, 'before_seq'),
        pageToken: request.pageToken ?? '',
      },
      size,
    );
    const { conversation, history } = await reach(this.store, me, id);
    const token = (page: Message[], more: boolean) => nextHistoryToken(window, page.length, page.at(-1)?.seq, more);
    // The newest page, what nearly every reader opens a conversation with, is kept while nothing in it changed.
    const newest = window.order === 'newest-first' && window.afterSeq === 0 && window.beforeSeq === 0;
    const tag = newest ? newestPageTag(conversation, size, history) : '';
    if (held !== '' && held === tag) return { notModified: true, tag };
    const kept = newest ? this.newestPages.page(id, history, size, tag, token) : undefined;
    if (kept) return kept;
    const found = await this.store.listMessages({ ...window, limit: size + 1 });
    if (newest) this.newestPages.keep(id, history, size + 1, found);
    const page = found.slice(0, size);
    return { items: page, nextPageToken: token(page, found.length > size), tag };
  }

  /** The caller's own delivery: the same write as a gateway's RecordDeliveries entry. */
  async markDelivered(caller: Caller, request: { conversationId?: unknown; seq?: unknown }): Promise<ConversationView> {
    const me = requireUser(caller);
    const id = valid.id(request.conversationId, 'conversation_id');
    const seq = valid.seq(request.seq, 'seq');
    const { conversation, access, membership } = await reach(this.store, me, id);
    // Staff who have not answered yet keep no markers: they are not members.
    if (access === 'member' && membership && seq > membership.lastDeliveredSeq) {
      await this.store.recordDeliveries([{ userId: me.user.id, conversationId: id, seq }]);
    }
    return this.views.one(me, conversation);
  }

  async markRead(caller: Caller, request: { conversationId?: unknown; seq?: unknown }): Promise<ConversationView> {
    const me = requireUser(caller);
    const id = valid.id(request.conversationId, 'conversation_id');
    const seq = valid.seq(request.seq, 'seq');
    const { conversation, access } = await reach(this.store, me, id);
    if (access === 'member') await this.store.moveMarkers(id, me.user.id, seq, seq);
    return this.views.one(me, conversation);
  }

  /**
   * Gateways' word that messages reached members' sockets (service credential only): at most
   * 1,000 entries, coalesced to the highest seq per member and conversation; non-members and
   * unknown conversations are skipped. Returns how many delivered markers moved.
   */
  async recordDeliveries(caller: Caller, request: { deliveries?: unknown }): Promise<number> {
    requireService(caller);
    return this.store.recordDeliveries(valid.deliveries(request.deliveries));
  }

  /**
   * A message the caller wrote, in a conversation they can still reach. An outsider learns
   * nothing, not even that the message exists: no conversation and no access both read as
   * "no such message"; any other failure (the store's) goes on as it is.
   */
  private async ownMessage(me: UserCaller, messageId: unknown): Promise<Message> {
    const message = await this.store.getMessage(valid.id(messageId, 'message_id'));
    if (!message) throw notFound('message', 'MESSAGE_NOT_FOUND');
    const found = await this.store.conversationOf(message.conversationId, me.user.id);
    if (!found || accessOf(me, found.conversation, found.membership) === 'none') throw notFound('message', 'MESSAGE_NOT_FOUND');
    if (message.authorId !== me.user.id) throw permissionDenied('only the author may change a message', 'NOT_THE_AUTHOR');
    // A system line records what happened; it is nobody's to rewrite.
    if (message.kind === 'system') throw failedPrecondition('a system line cannot be changed', 'SYSTEM_MESSAGE');
    return message;
  }
}
