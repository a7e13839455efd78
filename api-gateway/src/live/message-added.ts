import { ErrorCode, isOperatorRole, type ChatError, type Logger } from '@charla/platform';
import { ListOrder, MessagesEventType, type Message } from '@charla/proto/messages';
import type { Viewer } from '../auth/viewer';
import type { MessagesClient } from '../clients/messages';
import { pages } from '../clients/pages';
import type { MessagesAudience } from './audience';
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
export async function messageAddedStream(
  { audience, messages, receipts, log }: MessageAddedSources,
  viewer: Viewer,
  conversationId: number | undefined,
  after: number | undefined,
): Promise<Channel<MessageOrFailure>> {
  const lastSeq = new Map<number, number>();
  // Live events wait behind this gate until the starting point is known.
  let openGate: () => void = () => {};
  let queue = new Promise<void>((resolve) => (openGate = resolve));
  /** Steps queued or running; none means the next in-order message can go out at once. */
  let busy = 1;
  const channel = new Channel<MessageOrFailure>(() => unsubscribe());
  const unsubscribe = audience.listen(viewer.user.id, isOperatorRole(viewer.user.role), (event) => {
    if (event.type !== MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED || !event.message) return;
    if (conversationId !== undefined && event.conversationId !== conversationId) return;
    const message = event.message;
    // The hot path: nothing waiting and this is the next seq (or a new conversation while
    // following all of them): deliver without a trip through the queue.
    const last = lastSeq.get(message.conversationId);
    if (busy === 0 && (last === undefined ? conversationId === undefined : message.seq === last + 1)) deliver(message);
    else if (last === undefined || message.seq > last) enqueue(() => receiveLive(message));
  });

  function enqueue(step: () => Promise<void>): void {
    busy++;
    queue = queue
      .then(() => (channel.closed ? undefined : step()))
      .catch(fail)
      .then(() => void busy--);
  }

  function fail(error: unknown): void {
    log.warn({ err: error, userId: viewer.user.id }, 'messageAdded stream failed');
    endWithError(channel, error, 'the message stream broke; resubscribe with `after`', ErrorCode.Unavailable);
  }

  function deliver(message: Message): void {
    lastSeq.set(message.conversationId, message.seq);
    channel.push(message);
    if (message.authorId !== viewer.user.id) receipts.delivered(viewer.user.id, message.conversationId, message.seq);
  }

  /** Delivers every stored message after the last one delivered, oldest first. */
  async function catchUp(id: number): Promise<void> {
    const afterSeq = lastSeq.get(id) ?? 0;
    const history = pages('messages', (pageToken) =>
      messages.listMessages({ conversationId: id, afterSeq, pageSize: PAGE, order: ListOrder.LIST_ORDER_OLDEST_FIRST, pageToken }, { token: viewer.token }),
    );
    for await (const page of history) {
      for (const message of page) {
        if (channel.closed) return;
        if (message.seq > (lastSeq.get(id) ?? 0)) deliver(message);
      }
    }
  }

  async function receiveLive(message: Message): Promise<void> {
    const id = message.conversationId;
    const last = lastSeq.get(id);
    if (last === undefined) {
      // All-conversations mode, first message seen here: start following it from this one.
      deliver(message);
      return;
    }
    if (message.seq <= last) return;
    if (message.seq > last + 1) await catchUp(id);
    if (message.seq > (lastSeq.get(id) ?? 0)) deliver(message);
  }

  if (conversationId !== undefined) {
    try {
      // Also the access check: only members (and operators, for support) get an answer.
      const { conversation } = await messages.getConversation({ conversationId }, { token: viewer.token });
      lastSeq.set(conversationId, after ?? conversation?.lastSeq ?? 0);
    } catch (error) {
      channel.end();
      openGate();
      throw error;
    }
    if (after !== undefined) enqueue(() => catchUp(conversationId));
  }
  openGate();
  void queue.then(() => void busy--);
  return channel;
}
