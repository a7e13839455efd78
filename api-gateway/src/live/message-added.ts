import { ErrorCode, isOperatorRole, type ChatError, type Logger } from '@charla/platform';
import { ListOrder, MessagesEventType, type Message, type MessagesEvent } from '@charla/proto/messages';
import type { Viewer } from '../auth/viewer';
import type { MessagesClient } from '../clients/messages';
import { pages } from '../clients/pages';
import type { AudienceMember, MessagesAudience } from './audience';
import { Channel, endWithError } from './channel';
import type { DeliveryReceipts } from './receipts';

/** What a messageAdded stream yields: a message, or the error that ended the stream. */
export type MessageOrFailure = Message | ChatError;

/** What a messageAdded stream reads: the live audience, the stored history, and where receipts go. */
export interface MessageAddedSources {
  audience: MessagesAudience;
  messages: Pick<MessagesClient, 'getConversation' | 'listMessages'>;
  receipts: Pick<DeliveryReceipts, 'delivered'>;
  log: Logger;
}

const PAGE = 100;

/**
 * One subscriber's messageAdded stream. It listens live first and only then reads storage, so
 * nothing committed in between is missed; everything goes through one queue in order, and a
 * per-conversation "last seq delivered" drops repeats and fills any gap from history before
 * the message that revealed it. Without a conversation it follows all of the subscriber's
 * conversations (the audience routes by current membership, so joined-later ones included).
 */
export async function messageAddedStream(sources: MessageAddedSources, viewer: Viewer, conversationId: number | undefined, after: number | undefined): Promise<Channel<MessageOrFailure>> {
  const stream = new MessageAddedStream(sources, viewer, conversationId);
  if (conversationId !== undefined) {
    try {
      // Also the access check: only members (and operators, for support) get an answer.
      const { conversation } = await sources.messages.getConversation({ conversationId }, { token: viewer.token });
      stream.startAt(conversationId, after ?? conversation?.lastSeq ?? 0);
    } catch (error) {
      stream.end();
      stream.open();
      throw error;
    }
    if (after !== undefined) stream.enqueue(() => stream.catchUp(conversationId));
  }
  stream.open();
  return stream;
}

/**
 * The stream is its own audience member and channel: an idle subscription holds this object,
 * its map of last seqs once something came, and nothing else (no closures, no settled promises).
 */
class MessageAddedStream extends Channel<MessageOrFailure> implements AudienceMember {
  readonly userId: number;
  readonly operator: boolean;
  reachedBy = 0;
  /** Per conversation, the last seq delivered; made at the first delivery. */
  private lastSeq: Map<number, number> | undefined;
  /** The steps queued or running, in order; undefined when there are none. */
  private steps: Promise<void> | undefined;
  /** Steps queued or running, the start counting as one until open(); none means the next in-order message can go out at once. */
  private busy = 1;
  /** Live events wait behind this gate until the starting point is known. */
  private openGate: (() => void) | undefined;

  constructor(
    private readonly sources: MessageAddedSources,
    private readonly viewer: Viewer,
    private readonly conversationId: number | undefined,
  ) {
    super();
    this.userId = viewer.user.id;
    this.operator = isOperatorRole(viewer.user.role);
    this.steps = new Promise<void>((resolve) => (this.openGate = resolve));
    sources.audience.join(this);
  }

  protected override onEnd(): void {
    this.sources.audience.leave(this);
  }

  startAt(conversationId: number, seq: number): void {
    (this.lastSeq ??= new Map()).set(conversationId, seq);
  }

  /** The starting point is known: what waited goes, then the start stops counting as busy. */
  open(): void {
    const steps = this.steps!;
    this.openGate?.();
    this.openGate = undefined;
    void steps.then(() => this.settled());
  }

  hear(event: MessagesEvent): void {
    if (event.type !== MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED || !event.message) return;
    if (this.conversationId !== undefined && event.conversationId !== this.conversationId) return;
    const message = event.message;
    // The hot path: nothing waiting and this is the next seq (or a new conversation while
    // following all of them): deliver without a trip through the queue.
    const last = this.lastSeq?.get(message.conversationId);
    if (this.busy === 0 && (last === undefined ? this.conversationId === undefined : message.seq === last + 1)) this.deliver(message);
    else if (last === undefined || message.seq > last) this.enqueue(() => this.receiveLive(message));
  }

  enqueue(step: () => Promise<void>): void {
    this.busy++;
    this.steps = (this.steps ?? Promise.resolve())
      .then(() => (this.closed ? undefined : step()))
      .catch((error: unknown) => this.fail(error))
      .then(() => this.settled());
  }

  /** Delivers every stored message after the last one delivered, oldest first. */
  async catchUp(id: number): Promise<void> {
    const afterSeq = this.lastSeq?.get(id) ?? 0;
    const history = pages('messages', (pageToken) =>
      this.sources.messages.listMessages({ conversationId: id, afterSeq, pageSize: PAGE, order: ListOrder.LIST_ORDER_OLDEST_FIRST, pageToken }, { token: this.viewer.token }),
    );
    for await (const page of history) {
      for (const message of page) {
        if (this.closed) return;
        if (message.seq > (this.lastSeq?.get(id) ?? 0)) this.deliver(message);
      }
    }
  }

  private settled(): void {
    // Nothing queued or running: an idle stream keeps no promise.
    if (--this.busy === 0) this.steps = undefined;
  }

  private fail(error: unknown): void {
    this.sources.log.warn({ err: error, userId: this.userId }, 'messageAdded stream failed');
    endWithError(this, error, 'the message stream broke; resubscribe with `after`', ErrorCode.Unavailable);
  }

  private deliver(message: Message): void {
    this.startAt(message.conversationId, message.seq);
    this.push(message);
    if (message.authorId !== this.userId) this.sources.receipts.delivered(this.userId, message.conversationId, message.seq);
  }

  private async receiveLive(message: Message): Promise<void> {
    const id = message.conversationId;
    const last = this.lastSeq?.get(id);
    if (last === undefined) {
      // All-conversations mode, first message seen here: start following it from this one.
      this.deliver(message);
      return;
    }
    if (message.seq <= last) return;
    if (message.seq > last + 1) await this.catchUp(id);
    if (message.seq > (this.lastSeq?.get(id) ?? 0)) this.deliver(message);
  }
}
