import DataLoader from 'dataloader';
import type { User } from '@charla/proto/users';
import type { UsersClient } from './clients/users';

const MAX_CACHED = 50_000;

/**
 * Users by id for authors, members and presence, shared by every request and socket of this
 * gateway: lookups made in the same tick become one BatchGetUsers, and a user seen a moment ago
 * (or pushed by a users-service event) is not asked for again. This is what keeps a message
 * fanned out to a hundred sockets at one lookup of its author. Emails are hidden per viewer by
 * the User resolver, not here.
 */
export class UserDirectory {
  private readonly cache = new Map<number, { user: User; until: number }>();
  private readonly loader: DataLoader<number, User | null>;

  constructor(
    users: UsersClient,
    private readonly ttlMs: number,
  ) {
    this.loader = new DataLoader<number, User | null>(
      async (ids) => {
        const unique = [...new Set(ids)];
        const { users: found } = await users.batchGetUsers({ ids: unique }, 'service');
        const byId = new Map(found.map((user) => [user.id, user]));
        for (const user of found) this.remember(user);
        return ids.map((id) => byId.get(id) ?? null);
      },
      { cache: false, maxBatchSize: 1000 },
    );
  }

  async get(id: number): Promise<User | null> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.user;
    return this.loader.load(id);
  }

  /** Fresh facts from an event or a mutation's answer. */
  remember(user: User): void {
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.delete(user.id);
    this.cache.set(user.id, { user, until: Date.now() + this.ttlMs });
  }
}
