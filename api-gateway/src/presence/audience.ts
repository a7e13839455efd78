import type { User } from '@charla/proto/gen/charla/users/v1/users';

export type PresenceListener = (user: User) => void;

/** Every authenticated subscriber of presenceChanged: presence is public to signed-in users. */
export class PresenceAudience {
  private readonly listeners = new Set<PresenceListener>();

  listen(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(user: User): void {
    for (const listener of this.listeners) listener(user);
  }
}
