import DataLoader from 'dataloader';
import { ExpiringCache } from '@charla/platform';
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
  private readonly cache = new ExpiringCache<number, User>(MAX_CACHED);
  private readonly loader: DataLoader<number, User | null>;

  constructor(
    users: Pick<UsersClient, 'batchGetUsers'>,
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
    return this.find(id);
  }

  /**
   * The user at once when known, else the batched lookup. Resolvers take this form: a field
   * whose value is a promise makes GraphQL complete its whole object asynchronously, and a
   * history page would pay that for every message's author.
   */
  find(id: number): User | Promise<User | null> {
    return this.cache.get(id) ?? this.loader.load(id);
  }

  /** Fresh facts from an event or a mutation's answer. */
  remember(user: User): void {
    this.cache.set(user.id, user, Date.now() + this.ttlMs);
  }
}
