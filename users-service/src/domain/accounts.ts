import { invalidArgument, unauthenticated } from '@charla/platform';
import type { AccountStore, SessionStore } from '../store/store';
import { requireUser } from './callers';
import { PasswordHashing, type HashingLimits } from './hashing';
import { phcParams, type ScryptParams } from './password';
import { newPublicId, newToken, tokenHash } from './tokens';
import type { Caller, Session, User } from './types';
import { assertValid, emailViolation, nameViolation, normalizeUsername, passwordViolation, uniqueKey, usernameViolation } from './validation';

/** Longer than any token this service hands out: not looked up. */
const MAX_TOKEN_LENGTH = 512;
/** The most tokens one BatchAuthenticate resolves (a gateway's batch of sends is at most a few hundred). */
export const AUTHENTICATE_BATCH_MAX = 500;

export interface AccountsOptions {
  store: AccountStore & SessionStore;
  scrypt: ScryptParams;
  /** How many hashes run and wait at once (each run holds scrypt's memory). */
  hashing: HashingLimits;
  sessionTtlMs: number;
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

const BAD_CREDENTIALS = 'wrong username or password';

/** Signing up and in: accounts, passwords and sessions; transports call these. */
export class Accounts {
  private readonly store: AccountStore & SessionStore;
  private readonly scrypt: ScryptParams;
  private readonly hashing: PasswordHashing;
  private readonly sessionTtlMs: number;
  private readonly now: () => Date;
  /** Verified against when the username is unknown, so both failures cost the same. */
  private readonly dummyHash: Promise<string>;

  constructor(options: AccountsOptions) {
    this.store = options.store;
    this.scrypt = options.scrypt;
    this.hashing = new PasswordHashing(options.scrypt, options.hashing);
    this.sessionTtlMs = options.sessionTtlMs;
    this.now = options.now ?? (() => new Date());
    // Through the turns: it also times the first one, so the first burst is admitted by a real turn's length.
    this.dummyHash = this.hashing.hash(newToken());
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
    const passwordHash = await this.hashing.hash(input.password);
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
    const matches = await this.hashing.verify(password, found?.passwordHash ?? (await this.dummyHash));
    if (!found || !matches) throw unauthenticated(BAD_CREDENTIALS, 'BAD_CREDENTIALS');
    const { user } = found;
    if (phcParams(found.passwordHash)?.ln !== this.scrypt.ln) {
      // The configured cost changed since this hash was made: upgrade it while we know the password.
      await this.store.rehashPassword(user.id, found.passwordHash, await this.hashing.hash(password));
    }
    const now = this.now();
    const { token, session } = this.newSession(now);
    await this.store.createSession(user.id, session, now);
    return { user, token, expiresAt: session.expiresAt };
  }

  async authenticate(token: string): Promise<{ user: User; session: Session }> {
    if (token === '' || token.length > MAX_TOKEN_LENGTH) throw unauthenticated('the token is not valid', 'INVALID_TOKEN');
    const [found] = await this.authenticateMany([token]);
    if (!found) throw unauthenticated('the token is not valid or has expired', 'INVALID_TOKEN');
    return found;
  }

  /** Each token's user and session, in order; undefined for a bad, expired or revoked one. One lookup for all. */
  async authenticateMany(tokens: string[]): Promise<({ user: User; session: Session } | undefined)[]> {
    if (tokens.length > AUTHENTICATE_BATCH_MAX) throw invalidArgument('tokens', `at most ${AUTHENTICATE_BATCH_MAX} in one call`);
    const hashes = tokens.map((token) => (token === '' || token.length > MAX_TOKEN_LENGTH ? undefined : tokenHash(token)));
    const wanted = hashes.filter((hash): hash is string => hash !== undefined);
    const found = wanted.length > 0 ? await this.store.sessionsByTokenHashes(wanted, this.now()) : new Map();
    return hashes.map((hash) => (hash === undefined ? undefined : found.get(hash)));
  }

  async logout(caller: Caller | undefined): Promise<void> {
    const { user, session } = requireUser(caller);
    await this.store.revokeSessions(user.id, { only: session.id }, this.now());
  }

  /** Revokes every other session of the caller: a stolen token dies with the old password. */
  async changePassword(caller: Caller | undefined, oldPassword: string, newPassword: string): Promise<void> {
    const { user, session } = requireUser(caller);
    assertValid([passwordViolation(newPassword, 'new_password')]);
    const stored = await this.store.passwordHash(user.id);
    if (!stored || !(await this.hashing.verify(oldPassword, stored))) {
      throw invalidArgument('old_password', 'is not the current password');
    }
    await this.store.changePassword(user.id, await this.hashing.hash(newPassword), session.id, this.now());
  }

  /** At start-up: makes sure this admin exists (creating it if needed) and has the admin role. */
  async ensureAdmin(username: string, password: string): Promise<User> {
    const existing = await this.store.userByUsernameKey(uniqueKey(username));
    const user = existing ?? (await this.register({ username, password, firstName: '', lastName: '', email: '' })).user;
    return this.store.setRole(user.id, 'admin', this.now());
  }
}
