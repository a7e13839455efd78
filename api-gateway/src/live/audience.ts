import { ConversationKind, type MessagesEvent } from '@charla/proto/messages';
import type { User } from '@charla/proto/users';

export type MessagesListener = (event: MessagesEvent) => void;

interface Registration {
  userId: number;
  operator: boolean;
  listener: MessagesListener;
  /** The last event that reached it, so an event reaches it once even when it is named twice. */
  reachedBy: number;
}

/**
 * Routes each messages-service event to the sockets allowed to see it: the users the event
 * names in member_ids, plus operators for support conversations. Lookups are by user id, so an
 * event costs its audience, not the number of sockets on the gateway.
 */
export class MessagesAudience {
  private readonly byUser = new Map<number, Set<Registration>>();
  private readonly operators = new Set<Registration>();
  private published = 0;

  listen(userId: number, operator: boolean, listener: MessagesListener): () => void {
    const registration: Registration = { userId, operator, listener, reachedBy: 0 };
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(registration);
    if (operator) this.operators.add(registration);
    return () => {
      set.delete(registration);
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
      this.operators.delete(registration);
    };
  }

  publish(event: MessagesEvent): void {
    const stamp = ++this.published;
    const reach = (registrations: Iterable<Registration> | undefined) => {
      for (const registration of registrations ?? []) {
        if (registration.reachedBy === stamp) continue;
        registration.reachedBy = stamp;
        registration.listener(event);
      }
    };
    for (const userId of event.memberIds) reach(this.byUser.get(userId));
    if (event.userId) reach(this.byUser.get(event.userId));
    if (event.conversationKind === ConversationKind.CONVERSATION_KIND_SUPPORT) reach(this.operators);
  }
}

/** What changed about a user: their presence (status, last seen) or their public profile. */
export type UserChange = 'status' | 'profile';

export type PeopleListener = (user: User, change: UserChange) => void;

/** Every authenticated subscriber of presenceChanged / userUpdated: people are public to signed-in users. */
export class PresenceAudience {
  private readonly listeners = new Set<PeopleListener>();

  listen(listener: PeopleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(user: User, change: UserChange): void {
    for (const listener of this.listeners) listener(user, change);
  }
}
