import { alreadyExists, fromDbTime, isDuplicate, notFound, type TransactionalWriter, type Write } from '@charla/platform';
import type { Kysely, Selectable } from 'kysely';
import { NOTIFICATION_LEVELS, type NewUserEvent, type User, type UserStatus } from '../domain/types';
import { STATUS_IDS, type UsersDatabase, type UsersTable } from './schema';

/** Stored rows ↔ domain records, and the one write path, shared by the store's files. */

const STATUS_BY_ID = new Map<number, UserStatus>(Object.entries(STATUS_IDS).map(([name, id]) => [id, name as UserStatus]));
// Keeps IN (…) lists well under both databases' bound-parameter limits.
const CHUNK = 1000;

export function toUser(row: Selectable<UsersTable>): User {
  const status = STATUS_BY_ID.get(Number(row.status_id)) ?? 'offline';
  const chosen = STATUS_BY_ID.get(Number(row.chosen_status_id));
  return {
    id: Number(row.id),
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email ?? undefined,
    status,
    chosenStatus: chosen === undefined || chosen === 'offline' ? 'online' : chosen,
    role: row.role === 'operator' || row.role === 'admin' ? row.role : 'user',
    lastSeenAt: fromDbTime(row.last_seen_at),
    createdAt: fromDbTime(row.created_at) ?? new Date(0),
    updatedAt: fromDbTime(row.updated_at) ?? new Date(0),
    notificationLevel: NOTIFICATION_LEVELS.find((level) => level === row.notification_level) ?? 'all',
  };
}

/** The user as this transaction (or the database) sees it; NOT_FOUND when there is none. */
export async function userIn(db: Kysely<UsersDatabase>, id: number): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('user', 'USER_NOT_FOUND');
  return toUser(row);
}

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** A unique-index violation as ALREADY_EXISTS naming the field; undefined for anything else. */
function conflictOf(error: unknown): Error | undefined {
  if (!isDuplicate(error)) return undefined;
  const message = (error as { message?: string }).message ?? '';
  if (/email_key/.test(message)) return alreadyExists('email', 'this email is already registered', 'EMAIL_TAKEN');
  if (/username_key/.test(message)) return alreadyExists('username', 'this username is taken', 'USERNAME_TAKEN');
  return undefined;
}

/** What every part of the users store shares: the database and its one write path. */
export interface UsersStoreContext {
  db: Kysely<UsersDatabase>;
  /** A transactional write with its events (platform's writer); a taken username or email comes back as ALREADY_EXISTS. */
  write<T>(work: Write<UsersDatabase, NewUserEvent, T>, now: Date): Promise<T>;
}

export function usersStoreContext(db: Kysely<UsersDatabase>, writer: TransactionalWriter<UsersDatabase, NewUserEvent>): UsersStoreContext {
  return {
    db,
    write: (work, now) =>
      writer.write(work, now).catch((error: unknown) => {
        throw conflictOf(error) ?? error;
      }),
  };
}

/** What a write announces about a user. */
export function userEvent(type: NewUserEvent['type'], user: User, sessionIds: string[] = []): NewUserEvent {
  return { type, user, sessionIds };
}
