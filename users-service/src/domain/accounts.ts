import { invalidArgument, notFound, permissionDenied, sameSecret, unauthenticated, type WatchOptions } from '@charla/platform';
import type { ProfilePatch, UsersStore } from '../store/store';
import { hashPassword, phcParams, verifyPassword, type ScryptParams } from './password';
import { isChosenStatus } from './presence';
import { newPublicId, newToken, tokenHash } from './tokens';
import { USER_ROLES, visibleTo, type Caller, type Session, type User, type UserEvent, type UserRole, type UserStatus } from './types';
import {
  LIMITS,
  assertValid,
  decodePageToken,
  emailViolation,
  encodePageToken,
  nameViolation,
  normalizeUsername,
  pageSize,
  passwordViolation,
  uniqueKey,
  userId,
  usernameViolation,
} from './validation';

export interface AccountsOptions {
  store: UsersStore;
  scrypt: ScryptParams;
  sessionTtlMs: number;
  /** The shared credential other Charla services present. */
  serviceToken: string;
  now?: () => Date;
}

export interface Registration {
  username: string;
  password: string;
  firstName: string;
  lastName: string;
  /** Empty means none. */
  email: string;
}

export interface SignedIn {
  user: User;
  token: string;
  expiresAt: Date;
}

export interface ProfileChanges {
  username?: string;
  firstName?: string;
  lastName?: string;
  /** Empty removes the email. */
  email?: string;
}

const BAD_CREDENTIALS = 'wrong username or password';

/** The use cases of accounts, sessions, profiles and roles; transports call these. */
export class Accounts {
  private readonly store: UsersStore;
  private readonly scrypt: ScryptParams;
  private readonly sessionTtlMs: number;
  private readonly serviceToken: string;
  private readonly now: () => Date;
  /** Verified against when the username is unknown, so both failures cost the same. */
  private readonly dummyHash: Promise<string>;

  constructor(options: AccountsOptions) {
    this.store = options.store;
    this.scrypt = options.scrypt;
    this.sessionTtlMs = options.sessionTtlMs;
    this.serviceToken = options.serviceToken;
    this.now = options.now ?? (() => new Date());
    this.dummyHash = hashPassword(newToken(), this.scrypt);
  }

  private newSession(now: Date) {
    const token = newToken();
    return { token, session: { id: newPublicId(), tokenHash: tokenHash(token), expiresAt: new Date(now.getTime() + this.sessionTtlMs) } };
  }

  async register(input: Registration): Promise<SignedIn> {
    const username = normalizeUsername(input.username);
    const email = input.email.trim();
    assertValid([
      usernameViolation(username),
      passwordViolation(input.password),
      nameViolation(input.firstName, 'first_name'),
      nameViolation(input.lastName, 'last_name'),
      emailViolation(email),
    ]);
    const passwordHash = await hashPassword(input.password, this.scrypt);
    const now = this.now();
    const { token, session } = this.newSession(now);
    const user = await this.store.createUser(
      {
        username,
        usernameKey: uniqueKey(username),
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        email: email || undefined,
        emailKey: email ? uniqueKey(email) : undefined,
        passwordHash,
        role: 'user',
      },
      session,
      now,
    );
    return { user, token, expiresAt: session.expiresAt };
  }

  /** Same error and (one scrypt run) same time whether the username or the password is wrong. */
  async login(username: string, password: string): Promise<SignedIn> {
    const found = usernameViolation(username) ? undefined : await this.store.credentials(uniqueKey(username));
    const matches = await verifyPassword(password, found?.passwordHash ?? (await this.dummyHash));
    if (!found || !matches) throw unauthenticated(BAD_CREDENTIALS, 'BAD_CREDENTIALS');
    const { user } = found;
    if (phcParams(found.passwordHash)?.ln !== this.scrypt.ln) {
      // The configured cost changed since this hash was made: upgrade it while we know the password.
      await this.store.rehashPassword(user.id, found.passwordHash, await hashPassword(password, this.scrypt));
    }
    const now = this.now();
    const { token, session } = this.newSession(now);
    await this.store.createSession(user.id, session, now);
    return { user, token, expiresAt: session.expiresAt };
  }

  async authenticate(token: string): Promise<{ user: User; session: Session }> {
    if (token === '' || token.length > 512) throw unauthenticated('the token is not valid', 'INVALID_TOKEN');
    const found = await this.store.sessionByTokenHash(tokenHash(token), this.now());
    if (!found) throw unauthenticated('the token is not valid or has expired', 'INVALID_TOKEN');
    return found;
  }

  /** Who presents this bearer token: undefined for none; UNAUTHENTICATED for a bad one. */
  async caller(token: string | undefined): Promise<Caller | undefined> {
    if (token === undefined) return undefined;
    if (sameSecret(token, this.serviceToken)) return { kind: 'service' };
    const { user, session } = await this.authenticate(token);
    return { kind: 'user', user, session };
  }

  async logout(caller: Caller | undefined): Promise<void> {
    const { user, session } = requireUser(caller);
    await this.store.revokeSessions(user.id, { only: session.id }, this.now());
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

  async batchGetUsers(caller: Caller | undefined, ids: number[]): Promise<User[]> {
    requireCaller(caller);
    if (ids.length > LIMITS.batchIdsMax) throw invalidArgument('ids', `at most ${LIMITS.batchIdsMax} ids`);
    ids.forEach((id) => userId(id, 'ids'));
    const users = await this.store.usersByIds(ids);
    const byId = new Map(users.map((u) => [u.id, u]));
    // In the order asked, unknown ids left out.
    return [...new Set(ids)].flatMap((id) => {
      const user = byId.get(id);
      return user ? [visibleTo(caller, user)] : [];
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
    assertValid(violations);
    // Nothing to change: no write, and no event for watchers to chew on.
    if (Object.keys(patch).length === 0) return user;
    return this.store.updateProfile(user.id, patch, this.now());
  }

  /** Revokes every other session of the caller: a stolen token dies with the old password. */
  async changePassword(caller: Caller | undefined, oldPassword: string, newPassword: string): Promise<void> {
    const { user, session } = requireUser(caller);
    assertValid([passwordViolation(newPassword, 'new_password')]);
    const stored = await this.store.passwordHash(user.id);
    if (!stored || !(await verifyPassword(oldPassword, stored))) {
      throw invalidArgument('old_password', 'is not the current password');
    }
    await this.store.changePassword(user.id, await hashPassword(newPassword, this.scrypt), session.id, this.now());
  }

  async setStatus(caller: Caller | undefined, status: UserStatus | undefined): Promise<User> {
    const { user } = requireUser(caller);
    if (status === undefined || !isChosenStatus(status)) throw invalidArgument('status', 'must be online, away or busy');
    return this.store.setChosenStatus(user.id, status, this.now());
  }

  /** Admins (or the service credential, e.g. the seed CLI) grant roles; registering never does. */
  async setRole(caller: Caller | undefined, targetId: number, role: UserRole | undefined): Promise<User> {
    requireCaller(caller);
    if (caller.kind === 'user' && caller.user.role !== 'admin') throw permissionDenied('only admins grant roles', 'ADMIN_ONLY');
    if (role === undefined || !USER_ROLES.includes(role)) throw invalidArgument('role', 'must be user, operator or admin');
    return this.store.setRole(userId(targetId, 'user_id'), role, this.now());
  }

  /** Start-up seed: makes sure this admin exists (creating it if needed) and has the admin role. */
  async ensureAdmin(username: string, password: string): Promise<User> {
    const existing = await this.store.userByUsernameKey(uniqueKey(username));
    const user = existing ?? (await this.register({ username, password, firstName: '', lastName: '', email: '' })).user;
    return this.setRole({ kind: 'service' }, user.id, 'admin');
  }

  watchEvents(caller: Caller | undefined, options: WatchOptions): AsyncGenerator<UserEvent> {
    requireService(caller);
    if (!Number.isSafeInteger(options.after) || options.after < 0) throw invalidArgument('after', 'must be an event id ≥ 0');
    return this.store.watchEvents(options);
  }
}

export function requireCaller(caller: Caller | undefined): asserts caller is Caller {
  if (!caller) throw unauthenticated('this call needs `authorization: Bearer <token>`', 'TOKEN_REQUIRED');
}

export function requireUser(caller: Caller | undefined): { user: User; session: Session } {
  requireCaller(caller);
  if (caller.kind !== 'user') throw permissionDenied('this call acts for a signed-in user', 'USER_TOKEN_REQUIRED');
  return caller;
}

export function requireService(caller: Caller | undefined): void {
  if (!caller) throw unauthenticated('this call needs the service credential', 'SERVICE_TOKEN_REQUIRED');
  if (caller.kind !== 'service') throw permissionDenied('this call is for Charla services only', 'SERVICE_TOKEN_REQUIRED');
}
