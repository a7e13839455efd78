import type { User } from '@charla/proto/users';

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
