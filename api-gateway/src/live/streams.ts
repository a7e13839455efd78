import { ChatError, ErrorCode, isChatError, isOperatorRole, type Logger } from '@charla/platform';
import { Conversation, ListOrder, MessagesEventType, type Message, type MessagesEvent } from '@charla/proto/messages';
import type { User } from '@charla/proto/users';
import type { Membership } from '../auth/membership';
import type { Viewer } from '../auth/viewer';
import type { UserDirectory } from '../directory';
import type { PresenceAudience, UserChange } from './audience';
import { Channel, endWithError } from './channel';
import { OWN_EVENTS, type MemberStates } from './member-states';
import { messageAddedStream, type MessageAddedSources } from './message-added';
import type { TypingBoard, TypingChange } from './typing';

/** A subscription's source: its values, then possibly the ChatError that ended it. */
export type Stream<T> = Channel<T | ChatError>;

const UPDATE_EVENTS = new Set([
  MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_EDITED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_DELETED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_STATUS_CHANGED,
  MessagesEventType.MESSAGES_EVENT_TYPE_REACTION_CHANGED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_PINNED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_UNPINNED,
]);

const CONVERSATION_EVENTS = new Set([
  MessagesEventType.MESSAGES_EVENT_TYPE_CONVERSATION_CREATED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_JOINED,
  MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_LEFT,
  MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED,
  MessagesEventType.MESSAGES_EVENT_TYPE_CONVERSATION_UPDATED,
  MessagesEventType.MESSAGES_EVENT_TYPE_PREFERENCES_CHANGED,
]);

/** The one way a stream fails: logged, then ended with its typed error. */
function failStream<T>(channel: Stream<T>, log: Logger, error: unknown): void {
  log.warn({ err: error }, 'subscription stream failed');
  endWithError(channel, error);
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

export interface StreamSources extends MessageAddedSources {
  people: PresenceAudience;
  typing: TypingBoard;
  membership: Pick<Membership, 'check'>;
  directory: Pick<UserDirectory, 'get'>;
  memberStates: Pick<MemberStates, 'personal'>;
}

/**
 * The live path's streams, one per subscription field: resolvers ask here for a stream and
 * only parse arguments. Each stream checks access before it starts (the error is the
 * subscription's), then yields what its audience routes to it.
 */
export class LiveStreams {
  /** Status-change events name a seq, not the message. */
  private readonly messagesOfEvents = new WeakMap<MessagesEvent, Promise<Message | undefined>>();
  /** Membership events reach every member. */
  private readonly conversationsOfEvents = new WeakMap<MessagesEvent, Promise<Conversation | undefined>>();

  constructor(private readonly sources: StreamSources) {}

  messageAdded(viewer: Viewer, conversationId: number | undefined, after: number | undefined): Promise<Stream<Message>> {
    return messageAddedStream(this.sources, viewer, conversationId, after);
  }

  async messageUpdated(viewer: Viewer, conversationId: number | undefined): Promise<Stream<Message>> {
    if (conversationId !== undefined) await this.sources.membership.check(viewer, conversationId);
    return this.eventStream(viewer, async (event) => {
      if (!UPDATE_EVENTS.has(event.type)) return undefined;
      if (conversationId !== undefined && event.conversationId !== conversationId) return undefined;
      if (event.message) return event.message;
      return event.upToSeq > 0 ? this.messageAt(viewer, event) : undefined;
    });
  }

  conversationChanged(viewer: Viewer): Stream<Conversation> {
    return this.eventStream(viewer, async (event) => {
      if (!CONVERSATION_EVENTS.has(event.type)) return undefined;
      // Markers are personal: only my own moving changes what I see (my unread count).
      if (OWN_EVENTS.has(event.type) && event.userId !== viewer.user.id) return undefined;
      try {
        return await this.conversationAfter(viewer, event);
      } catch (error) {
        if (!isChatError(error) || (error.code !== ErrorCode.NotFound && error.code !== ErrorCode.PermissionDenied)) throw error;
        // I left (or was never let in): say so with an empty member list.
        return Conversation.fromPartial({ id: event.conversationId, kind: event.conversationKind });
      }
    });
  }

  /** Someone's presence (status, last seen) changed. */
  presenceChanged(): Stream<User> {
    return this.peopleStream((change) => change === 'status');
  }

  /** Anything about someone changed: profile, role or presence. */
  userUpdated(): Stream<User> {
    return this.peopleStream(() => true);
  }

  /** Other members starting to type, as users. */
  async typing(viewer: Viewer, conversationId: number): Promise<Stream<User>> {
    const { membership, typing, directory, log } = this.sources;
    await membership.check(viewer, conversationId);
    const channel: Stream<User> = new Channel(() => unsubscribe());
    const unsubscribe = typing.listen(conversationId, (change) => {
      if (!change.typing || change.userId === viewer.user.id) return;
      directory.get(change.userId).then(
        (user) => user && channel.push(user),
        (error: unknown) => {
          // An indicator is refreshed every few seconds while someone types: a lookup that
          // failed because users-service is slow or down only skips this refresh.
          if (isChatError(error) && (error.code === ErrorCode.Unavailable || error.code === ErrorCode.DeadlineExceeded)) {
            log.warn({ err: error, userId: change.userId }, 'skipped a typing indicator: the user lookup failed');
          } else failStream(channel, log, error);
        },
      );
    });
    return channel;
  }

  /** Other members starting and stopping to type; the user is looked up when the event executes. */
  async typingChanged(viewer: Viewer, conversationId: number): Promise<Stream<TypingChange>> {
    const { membership, typing } = this.sources;
    await membership.check(viewer, conversationId);
    const channel: Stream<TypingChange> = new Channel(() => unsubscribe());
    const unsubscribe = typing.listen(conversationId, (change) => {
      if (change.userId !== viewer.user.id) channel.push(change);
    });
    return channel;
  }

  private peopleStream(wanted: (change: UserChange) => boolean): Stream<User> {
    const channel: Stream<User> = new Channel(() => unsubscribe());
    const unsubscribe = this.sources.people.listen((user, change) => wanted(change) && channel.push(user));
    return channel;
  }

  /**
   * Runs `handle` for each event of this viewer's audience, one at a time and in order, pushing
   * what it returns; a failure ends the stream with its error.
   */
  private eventStream<T>(viewer: Viewer, handle: (event: MessagesEvent) => Promise<T | undefined>): Stream<T> {
    let queue = Promise.resolve();
    const channel: Stream<T> = new Channel(() => unsubscribe());
    const unsubscribe = this.sources.audience.listen(viewer.user.id, isOperatorRole(viewer.user.role), (event) => {
      queue = queue
        .then(async () => {
          if (channel.closed) return;
          const value = await handle(event);
          if (value !== undefined) channel.push(value);
        })
        .catch((error: unknown) => failStream(channel, this.sources.log, error));
    });
    return channel;
  }

  /** The message a status change is about, as it is now. */
  private messageAt(viewer: Viewer, event: MessagesEvent): Promise<Message | undefined> {
    return readOncePerEvent(this.messagesOfEvents, event, () =>
      this.sources.messages
        .listMessages(
          { conversationId: event.conversationId, afterSeq: event.upToSeq - 1, pageSize: 1, order: ListOrder.LIST_ORDER_OLDEST_FIRST },
          { token: viewer.token },
        )
        .then(({ messages }) => messages[0]),
    );
  }

  /** The conversation an event changed, as this viewer sees it: their unread count, mentions and preferences. */
  private async conversationAfter(viewer: Viewer, event: MessagesEvent): Promise<Conversation | undefined> {
    const read = () => this.sources.messages.getConversation({ conversationId: event.conversationId }, { token: viewer.token }).then((r) => r.conversation);
    const conversation = await readOncePerEvent(this.conversationsOfEvents, event, read);
    if (!conversation) return undefined;
    const me = conversation.members.find((member) => member.userId === viewer.user.id);
    // Not a member: staff see support conversations they have not answered (nothing unread);
    // anyone else gets their own refusal.
    if (!me && !isOperatorRole(viewer.user.role)) return read();
    // messages-service's rule: last_seq − my read marker.
    const unreadCount = me ? Math.max(0, conversation.lastSeq - me.lastReadSeq) : 0;
    return this.sources.memberStates.personal(event, { ...conversation, unreadCount }, viewer.user.id);
  }
}
