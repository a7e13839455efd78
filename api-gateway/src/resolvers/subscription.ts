import { ChatError, ErrorCode, invalidArgument, isChatError } from '@charla/platform';
import {
  Conversation,
  ListOrder,
  MessagesEventType,
  type Message,
  type MessagesEvent,
} from '@charla/proto/messages';
import type { User } from '@charla/proto/users';
import type { RequestContext } from '../context';
import { isOperator, requireViewer, type Viewer } from '../auth/viewer';
import { Channel } from '../subscriptions/channel';
import { messageAddedStream } from '../subscriptions/message-added';
import { optionalId, parseId } from './values';

/** Every stream yields values or the ChatError that ends it; `resolve` turns the latter into a GraphQL error. */
function field<T>(subscribe: (args: never, ctx: RequestContext) => Promise<AsyncIterable<T | ChatError>>) {
  return {
    subscribe: (_: unknown, args: never, ctx: RequestContext) => subscribe(args, ctx),
    resolve: (payload: T | ChatError) => {
      if (payload instanceof ChatError) throw payload;
      return payload;
    },
  };
}

const UPDATE_EVENTS = new Set([
  MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_EDITED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_DELETED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_STATUS_CHANGED,
]);

const CONVERSATION_EVENTS = new Set([
  MessagesEventType.MESSAGES_EVENT_TYPE_CONVERSATION_CREATED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_JOINED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_LEFT,
  MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED,
]);

/**
 * Runs `handle` for each event of this viewer's audience, one at a time and in order, pushing
 * what it returns; a failure ends the stream with its error.
 */
function eventStream<T>(
  ctx: RequestContext,
  viewer: Viewer,
  handle: (event: MessagesEvent) => Promise<T | undefined> | T | undefined,
): Channel<T | ChatError> {
  let queue = Promise.resolve();
  const channel: Channel<T | ChatError> = new Channel(() => unsubscribe());
  const unsubscribe = ctx.gateway.audience.listen(viewer.user.id, isOperator(viewer.user), (event) => {
    queue = queue
      .then(async () => {
        if (channel.closed) return;
        const value = await handle(event);
        if (value !== undefined) channel.push(value);
      })
      .catch((error: unknown) => {
        ctx.gateway.log.warn({ err: error }, 'subscription event failed');
        channel.push(isChatError(error) ? error : new ChatError(ErrorCode.Internal, 'internal error'));
        channel.end();
      });
  });
  return channel;
}

/**
 * Everyone an event reaches may read what it is about, so the first subscriber's read serves
 * them all; if it failed (that member just left, or their session ended), the others read for
 * themselves.
 */
function readOncePerEvent<T>(reads: WeakMap<MessagesEvent, Promise<T>>, event: MessagesEvent, read: () => Promise<T>): Promise<T> {
  const shared = reads.get(event);
  if (shared) return shared.catch(read);
  const own = read();
  reads.set(event, own);
  return own;
}

/** Status-change events name a seq, not the message. */
const messagesOfEvents = new WeakMap<MessagesEvent, Promise<Message | undefined>>();

/** The message a status change is about, as it is now. */
function messageAt(ctx: RequestContext, viewer: Viewer, event: MessagesEvent): Promise<Message | undefined> {
  return readOncePerEvent(messagesOfEvents, event, () =>
    ctx.gateway.messages
      .listMessages(
        { conversationId: event.conversationId, afterSeq: event.upToSeq - 1, pageSize: 1, order: ListOrder.LIST_ORDER_OLDEST_FIRST },
        { token: viewer.token },
      )
      .then(({ messages }) => messages[0]),
  );
}

/** Membership events reach every member. */
const conversationsOfEvents = new WeakMap<MessagesEvent, Promise<Conversation | undefined>>();

/** The conversation an event changed, as this viewer sees it: only the unread count is theirs. */
async function conversationAfter(ctx: RequestContext, viewer: Viewer, event: MessagesEvent): Promise<Conversation | undefined> {
  const read = () => ctx.gateway.messages.getConversation({ conversationId: event.conversationId }, { token: viewer.token }).then((r) => r.conversation);
  const conversation = await readOncePerEvent(conversationsOfEvents, event, read);
  if (!conversation) return undefined;
  const me = conversation.members.find((member) => member.userId === viewer.user.id);
  // Not a member: staff see support conversations they have not answered (nothing unread);
  // anyone else gets their own refusal.
  if (!me && !isOperator(viewer.user)) return read();
  // messages-service's rule: last_seq − my read marker.
  return { ...conversation, unreadCount: me ? Math.max(0, conversation.lastSeq - me.lastReadSeq) : 0 };
}

export const SubscriptionResolvers = {
  messageAdded: field<Message>(async (args: { conversationId?: string | null; after?: number | null }, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = optionalId(args.conversationId, 'conversationId');
    const after = args.after ?? undefined;
    if (after !== undefined && (!Number.isInteger(after) || after < 0)) throw invalidArgument('after', 'must be a seq (0 or more)');
    if (after !== undefined && conversationId === undefined) throw invalidArgument('after', 'resuming needs a conversationId');
    return messageAddedStream(ctx.gateway, viewer, conversationId, after);
  }),

  messageUpdated: field<Message>(async (args: { conversationId?: string | null }, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = optionalId(args.conversationId, 'conversationId');
    if (conversationId !== undefined) await ctx.gateway.membership.check(viewer, conversationId);
    return eventStream(ctx, viewer, async (event) => {
      if (!UPDATE_EVENTS.has(event.type)) return undefined;
      if (conversationId !== undefined && event.conversationId !== conversationId) return undefined;
      if (event.message) return event.message;
      return event.upToSeq > 0 ? messageAt(ctx, viewer, event) : undefined;
    });
  }),

  conversationChanged: field<Conversation>(async (_args: Record<string, never>, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    return eventStream(ctx, viewer, async (event) => {
      if (!CONVERSATION_EVENTS.has(event.type)) return undefined;
      // Markers are personal: only my own moving changes what I see (my unread count).
      if (event.type === MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED && event.userId !== viewer.user.id) return undefined;
      try {
        return await conversationAfter(ctx, viewer, event);
      } catch (error) {
        if (!isChatError(error) || (error.code !== ErrorCode.NotFound && error.code !== ErrorCode.PermissionDenied)) throw error;
        // I left (or was never let in): say so with an empty member list.
        return Conversation.fromPartial({ id: event.conversationId, kind: event.conversationKind });
      }
    });
  }),

  presenceChanged: field<User>(async (_args: Record<string, never>, ctx) => {
    requireViewer(ctx.viewer);
    const channel: Channel<User | ChatError> = new Channel(() => unsubscribe());
    const unsubscribe = ctx.gateway.presence.listen((user, change) => change === 'status' && channel.push(user));
    return channel;
  }),

  userUpdated: field<User>(async (_args: Record<string, never>, ctx) => {
    requireViewer(ctx.viewer);
    const channel: Channel<User | ChatError> = new Channel(() => unsubscribe());
    const unsubscribe = ctx.gateway.presence.listen((user) => channel.push(user));
    return channel;
  }),

  typing: field<User>(async (args: { conversationId: string }, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = parseId(args.conversationId, 'conversationId');
    await ctx.gateway.membership.check(viewer, conversationId);
    const channel: Channel<User | ChatError> = new Channel(() => unsubscribe());
    const unsubscribe = ctx.gateway.typing.listen(conversationId, (change) => {
      if (!change.typing || change.userId === viewer.user.id) return;
      void ctx.gateway.directory.get(change.userId).then((user) => user && channel.push(user), () => undefined);
    });
    return channel;
  }),

  typingChanged: field<{ conversationId: number; user: Promise<User | null>; typing: boolean }>(
    async (args: { conversationId: string }, ctx) => {
      const viewer = requireViewer(ctx.viewer);
      const conversationId = parseId(args.conversationId, 'conversationId');
      await ctx.gateway.membership.check(viewer, conversationId);
      const channel: Channel<{ conversationId: number; user: Promise<User | null>; typing: boolean } | ChatError> = new Channel(() =>
        unsubscribe(),
      );
      const unsubscribe = ctx.gateway.typing.listen(conversationId, (change) => {
        if (change.userId === viewer.user.id) return;
        channel.push({ conversationId, user: ctx.gateway.directory.get(change.userId), typing: change.typing });
      });
      return channel;
    },
  ),
};
