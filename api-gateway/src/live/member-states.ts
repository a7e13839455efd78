import DataLoader from 'dataloader';
import { MessagesEventType, type Conversation, type MemberState, type MessagesEvent } from '@charla/proto/messages';
import type { MessagesClient } from '../clients/messages';

/**
 * A member's own markers and preferences: heard by that member alone (operators hear every
 * support event: streams skip others' own), so the conversation read for them is theirs in full.
 */
export const OWN_EVENTS = new Set([MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED, MessagesEventType.MESSAGES_EVENT_TYPE_PREFERENCES_CHANGED]);

const NONE: Omit<MemberState, 'userId'> = { mentionCount: 0, muted: false, favourite: false, archived: false };
/** messages-service answers for at most this many members a call. */
const MEMBERS_PER_CALL = 10_000;

/**
 * What each member alone sees of a conversation an event changed: unread mentions and their own
 * preferences (mute, favourite, archive). The conversation is read once for the event's whole
 * audience (with the first subscriber's token, so those fields are that subscriber's); the own
 * state of every subscriber here that the event reaches comes from one BatchGetMemberStates,
 * asked for those who ask in the same turn (members with no socket on this gateway cost nothing).
 */
export class MemberStates {
  private readonly ofEvents = new WeakMap<MessagesEvent, DataLoader<number, MemberState | undefined>>();

  constructor(private readonly messages: Pick<MessagesClient, 'batchGetMemberStates'>) {}

  /** The conversation as `userId` sees it: the shared read with their own state in it. */
  async personal(event: MessagesEvent, conversation: Conversation, userId: number): Promise<Conversation> {
    if (OWN_EVENTS.has(event.type)) return conversation;
    const { mentionCount, muted, favourite, archived } = (await this.loaderOf(event).load(userId)) ?? NONE;
    return { ...conversation, mentionCount, muted, favourite, archived };
  }

  private loaderOf(event: MessagesEvent): DataLoader<number, MemberState | undefined> {
    let loader = this.ofEvents.get(event);
    if (!loader) {
      loader = new DataLoader<number, MemberState | undefined>(
        async (userIds) => {
          const { states } = await this.messages.batchGetMemberStates({ conversationId: event.conversationId, userIds: [...userIds] }, 'service');
          const byUser = new Map(states.map((state) => [state.userId, state]));
          return userIds.map((id) => byUser.get(id));
        },
        // Batching only: a failed read is not kept (the next subscriber asks again), and a user's
        // several sockets ask once per batch anyway.
        { maxBatchSize: MEMBERS_PER_CALL, cache: false },
      );
      this.ofEvents.set(event, loader);
    }
    return loader;
  }
}
