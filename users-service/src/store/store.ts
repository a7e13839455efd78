import type { EventFeed } from '@charla/platform';
import type { ChosenStatus, NotificationLevel, Session, User, UserEvent, UserRole } from '../domain/types';

export interface NewUser {
  username: string;
  usernameKey: string;
  firstName: string;
  lastName: string;
  email: string | undefined;
  emailKey: string | undefined;
  passwordHash: string;
  role: UserRole;
}

export interface NewSession {
  id: string;
  tokenHash: string;
  expiresAt: Date;
}

export interface ProfilePatch {
  username?: { value: string; key: string };
  email?: { value: string; key: string } | null;
  firstName?: string;
  lastName?: string;
  /** The user's own: changing only this announces nothing (nobody else sees it). */
  notificationLevel?: NotificationLevel;
}

export interface NewLease {
  id: string;
  userId: number;
  holder: string;
  expiresAt: Date;
}

/**
 * What the use cases need from storage, one interface per aggregate. Every write that changes
 * what others see appends its event in the same transaction and wakes watchers after commit;
 * uniqueness conflicts come back as ALREADY_EXISTS naming the field.
 */
export interface AccountStore {
  createUser(user: NewUser, session: NewSession | undefined, now: Date): Promise<User>;
  userById(id: number): Promise<User | undefined>;
  userByUsernameKey(usernameKey: string): Promise<User | undefined>;
  usersByIds(ids: number[]): Promise<User[]>;
  /** By lower-cased NFC username (uniqueKey); unknown ones are left out. */
  usersByUsernameKeys(keys: string[]): Promise<User[]>;
  /** Users with id > afterId, in id order. */
  listUsers(afterId: number, limit: number): Promise<User[]>;
  passwordHash(userId: number): Promise<string | undefined>;
  /** The user and password hash of a username, in one read (login timing must not depend on it). */
  credentials(usernameKey: string): Promise<{ user: User; passwordHash: string } | undefined>;
  /** Replaces a hash with an equivalent one of the current cost (after a successful login). */
  rehashPassword(userId: number, oldHash: string, newHash: string): Promise<void>;
  /** Stores a new password hash and revokes every other live session, atomically. */
  changePassword(userId: number, passwordHash: string, keepSessionId: string, now: Date): Promise<string[]>;
  updateProfile(userId: number, patch: ProfilePatch, now: Date): Promise<User>;
  setChosenStatus(userId: number, status: ChosenStatus, now: Date): Promise<User>;
  setRole(userId: number, role: UserRole, now: Date): Promise<User>;
}

export interface SessionStore {
  createSession(userId: number, session: NewSession, now: Date): Promise<void>;
  /** The live sessions (and their users) of these token hashes, by hash; an unknown, expired or revoked one is absent. */
  sessionsByTokenHashes(tokenHashes: string[], now: Date): Promise<Map<string, { session: Session; user: User }>>;
  /** Revokes one session, or all of a user's live sessions but one; returns the ids revoked. */
  revokeSessions(userId: number, which: { only: string } | { allBut: string }, now: Date): Promise<string[]>;
  /** Deletes sessions that expired or were revoked before the cutoff. */
  pruneSessions(olderThan: Date): Promise<number>;
}

export interface PresenceStore {
  /** Opens a lease; the user goes online (their chosen status) if they were offline. */
  openLease(lease: NewLease, now: Date): Promise<User>;
  /** Extends live leases; returns the ids that had been closed, had expired or never existed. */
  renewLeases(ids: string[], expiresAt: Date, now: Date): Promise<string[]>;
  closeLease(id: string, now: Date): Promise<void>;
  /** Marks offline every user whose newest lease ended before graceCutoff; returns how many. */
  sweepPresence(graceCutoff: Date, now: Date): Promise<number>;
  /** How many users are online (or away, or busy) now. */
  countOnline(): Promise<number>;
}

export type UserEventStore = EventFeed<UserEvent>;

export type UsersStore = AccountStore & SessionStore & PresenceStore & UserEventStore;
