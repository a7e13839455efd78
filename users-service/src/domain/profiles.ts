import { invalidArgument, notFound, permissionDenied } from '@charla/platform';
import type { AccountStore, ProfilePatch } from '../store/store';
import { requireCaller, requireUser } from './callers';
import { isChosenStatus } from './presence';
import { NOTIFICATION_LEVELS, USER_ROLES, visibleTo, type Caller, type User, type UserRole, type UserStatus } from './types';
import {
  LIMITS,
  assertValid,
  decodePageToken,
  emailViolation,
  encodePageToken,
  nameViolation,
  normalizeUsername,
  pageSize,
  uniqueKey,
  userId,
  usernameViolation,
} from './validation';

export interface ProfileChanges {
  username?: string;
  firstName?: string;
  lastName?: string;
  /** Empty removes the email. */
  email?: string;
  /** all, mentions or none. */
  notificationLevel?: string;
}

export interface ProfilesOptions {
  store: AccountStore;
  now?: () => Date;
}

/** The user directory and what users change about themselves (profile, status) or admins about them (role). */
export class Profiles {
  private readonly store: AccountStore;
  private readonly now: () => Date;

  constructor(options: ProfilesOptions) {
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
  }

  async getUser(caller: Caller | undefined, by: { id: number } | { username: string }): Promise<User> {
    requireCaller(caller);
    let user: User | undefined;
    if ('id' in by) {
      user = await this.store.userById(userId(by.id));
    } else {
      const violation = usernameViolation(by.username);
      if (violation) throw invalidArgument(violation.field, violation.description);
      user = await this.store.userByUsernameKey(uniqueKey(by.username));
    }
    if (!user) throw notFound('user', 'USER_NOT_FOUND');
    return visibleTo(caller, user);
  }

  /** By id and/or by username (compared ignoring case): in the order asked, ids first, unknown ones left out, each user once. */
  async batchGetUsers(caller: Caller | undefined, ids: number[], usernames: string[] = []): Promise<User[]> {
    requireCaller(caller);
    if (ids.length > LIMITS.batchIdsMax) throw invalidArgument('ids', `at most ${LIMITS.batchIdsMax} ids`);
    if (usernames.length > LIMITS.batchIdsMax) throw invalidArgument('usernames', `at most ${LIMITS.batchIdsMax} usernames`);
    ids.forEach((id) => userId(id, 'ids'));
    const keys = usernames.map(uniqueKey);
    const [byIds, byNames] = await Promise.all([
      ids.length > 0 ? this.store.usersByIds(ids) : [],
      keys.length > 0 ? this.store.usersByUsernameKeys(keys) : [],
    ]);
    const byId = new Map(byIds.map((u) => [u.id, u]));
    const byKey = new Map(byNames.map((u) => [uniqueKey(u.username), u]));
    const found = [...ids.map((id) => byId.get(id)), ...keys.map((key) => byKey.get(key))];
    const seen = new Set<number>();
    return found.flatMap((user) => {
      if (!user || seen.has(user.id)) return [];
      seen.add(user.id);
      return [visibleTo(caller, user)];
    });
  }

  async listUsers(caller: Caller | undefined, size: number, pageToken: string): Promise<{ users: User[]; nextPageToken: string }> {
    requireCaller(caller);
    const limit = pageSize(size);
    const after = decodePageToken(pageToken);
    const rows = await this.store.listUsers(after, limit + 1);
    const users = rows.slice(0, limit);
    const nextPageToken = rows.length > limit ? encodePageToken(users[users.length - 1].id) : '';
    return { users: users.map((u) => visibleTo(caller, u)), nextPageToken };
  }

  /** Only the user edits their own profile (targetId 0 means "mine"). */
  async updateProfile(caller: Caller | undefined, targetId: number, changes: ProfileChanges): Promise<User> {
    const { user } = requireUser(caller);
    if (targetId !== 0 && targetId !== user.id) throw permissionDenied('you can only edit your own profile', 'NOT_YOUR_PROFILE');
    const patch: ProfilePatch = {};
    const violations = [];
    if (changes.username !== undefined) {
      const username = normalizeUsername(changes.username);
      violations.push(usernameViolation(username));
      patch.username = { value: username, key: uniqueKey(username) };
    }
    if (changes.email !== undefined) {
      const email = changes.email.trim();
      violations.push(emailViolation(email));
      patch.email = email ? { value: email, key: uniqueKey(email) } : null;
    }
    if (changes.firstName !== undefined) {
      violations.push(nameViolation(changes.firstName, 'first_name'));
      patch.firstName = changes.firstName.trim();
    }
    if (changes.lastName !== undefined) {
      violations.push(nameViolation(changes.lastName, 'last_name'));
      patch.lastName = changes.lastName.trim();
    }
    if (changes.notificationLevel !== undefined) {
      const level = NOTIFICATION_LEVELS.find((l) => l === changes.notificationLevel);
      if (level) patch.notificationLevel = level;
      else violations.push({ field: 'notification_level', description: 'must be all, mentions or none' });
    }
    assertValid(violations);
    // Nothing to change: no write, and no event for watchers to chew on.
    if (Object.keys(patch).length === 0) return user;
    return this.store.updateProfile(user.id, patch, this.now());
  }

  async setStatus(caller: Caller | undefined, status: UserStatus | undefined): Promise<User> {
    const { user } = requireUser(caller);
    if (status === undefined || !isChosenStatus(status)) throw invalidArgument('status', 'must be online, away or busy');
    return this.store.setChosenStatus(user.id, status, this.now());
  }

  /** Admins (or the service credential, e.g. the set-role command) grant roles; registering never does. */
  async setRole(caller: Caller | undefined, targetId: number, role: UserRole | undefined): Promise<User> {
    requireCaller(caller);
    if (caller.kind === 'user' && caller.user.role !== 'admin') throw permissionDenied('only admins grant roles', 'ADMIN_ONLY');
    if (role === undefined || !USER_ROLES.includes(role)) throw invalidArgument('role', 'must be user, operator or admin');
    return this.store.setRole(userId(targetId, 'user_id'), role, this.now());
  }
}
