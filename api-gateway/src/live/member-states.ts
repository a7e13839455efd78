import { MessagesEventType, type Conversation, type MemberState, type MessagesEvent } from '@charla/proto/messages';
import type { MessagesClient } from '../clients/messages';

/**
 * A member's own markers and preferences: heard by that member alone (operators hear every
 * support event: streams skip others' own), so the conversation read for them is theirs in full.
 */
export const OWN_EVENTS = new Set([MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED, MessagesEventType.MESSAGES_EVENT_TYPE_PREFERENCES_CHANGED]);

const NONE: Omit<MemberState, 'userId'> = { mentionCount: 0, muted: false, favourite: false, archived: false };

/**
 * What each member alone sees of a conversation an event changed: unread mentions and their own
 * preferences (mute, favourite, archive). The conversation is read once for the event's whole
 * audience (with the first subscriber's token, so those fields are that subscriber's); each
 * other member's own come from one BatchGetMemberStates for everyone the event reaches.
 */
export class MemberStates {
  private readonly ofEvents = new WeakMap<MessagesEvent, Promise<Map<number, MemberState>>>();

  constructor(private readonly messages: Pick<MessagesClient, 'batchGetMemberStates'>) {}

  /** The conversation as `userId` sees it: the shared read with their own state in it. */
  async personal(event: MessagesEvent, conversation: Conversation, userId: number): Promise<Conversation> {
    if (OWN_EVENTS.has(event.type)) return conversation;
    const states = await this.statesOf(event);
    const { mentionCount, muted, favourite, archived } = states.get(userId) ?? NONE;
    return { ...conversation, mentionCount, muted, favourite, archived };
  }

  private statesOf(event: MessagesEvent): Promise<Map<number, MemberState>> {
    let states = this.ofEvents.get(event);
    if (!states) {
      states = this.messages
        .batchGetMemberStates({ conversationId: event.conversationId, userIds: event.memberIds }, 'service')
        .then(({ states: found }) => new Map(found.map((state) => [state.userId, state])));
      // A failed read is not kept: the next subscriber of this event tries again.
      states.catch(() => this.ofEvents.delete(event));
      this.ofEvents.set(event, states);
    }
    return states;
  }
}
