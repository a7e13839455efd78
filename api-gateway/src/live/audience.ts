import { ConversationKind, type MessagesEvent } from '@charla/proto/messages';
import type { User } from '@charla/proto/users';

export type MessagesListener = (event: MessagesEvent) => void;

/** One listener of a user's events; `reachedBy` is the last event that reached it, so an event reaches it once even when it is named twice. */
export interface AudienceMember {
  readonly userId: number;
  readonly operator: boolean;
  reachedBy: number;
  hear(event: MessagesEvent): void;
}

/**
 * Routes each messages-service event to the sockets allowed to see it: the users the event
 * names in member_ids, plus operators for support conversations. Lookups are by user id, so an
 * event costs its audience, not the number of sockets on the gateway.
 */
export class MessagesAudience {
  private readonly byUser = new Map<number, Set<AudienceMember>>();
  private readonly operators = new Set<AudienceMember>();
  private published = 0;

  /** A listener function as a member; the returned function removes it. */
  listen(userId: number, operator: boolean, listener: MessagesListener): () => void {
    const member: AudienceMember = { userId, operator, reachedBy: 0, hear: listener };
    this.join(member);
    return () => this.leave(member);
  }

  /** A member that is its own listener (a subscription's stream: no closures of its own). */
  join(member: AudienceMember): void {
    let set = this.byUser.get(member.userId);
    if (!set) this.byUser.set(member.userId, (set = new Set()));
    set.add(member);
    if (member.operator) this.operators.add(member);
  }

  leave(member: AudienceMember): void {
    const set = this.byUser.get(member.userId);
    set?.delete(member);
    if (set?.size === 0) this.byUser.delete(member.userId);
    this.operators.delete(member);
  }

  publish(event: MessagesEvent): void {
    const stamp = ++this.published;
    const reach = (members: Iterable<AudienceMember> | undefined) => {
      for (const member of members ?? []) {
        if (member.reachedBy === stamp) continue;
        member.reachedBy = stamp;
        member.hear(event);
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
