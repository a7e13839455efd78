import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { alreadyExists, fromDbTime, notFound, toDbTime, type EventLog, type EventTables, type NewEvent, type WatchOptions } from '@charla/platform';
import {
  USER_EVENT_TYPES,
  type ChosenStatus,
  type User,
  type UserEvent,
  type UserEventType,
  type UserRole,
  type UserStatus,
} from '../domain/types';
import { STATUS_IDS, type UsersDatabase, type UsersTable } from './schema';
import type { NewLease, NewSession, NewUser, ProfilePatch, UsersStore } from './store';

const STATUS_BY_ID = new Map<number, UserStatus>(Object.entries(STATUS_IDS).map(([name, id]) => [id, name as UserStatus]));
// Keeps IN (…) lists well under both databases' bound-parameter limits.
const CHUNK = 1000;

function toUser(row: Selectable<UsersTable>): User {
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
  };
}

/** The event payload: the user without email, plus revoked sessions. */
interface EventPayload {
  user: Omit<User, 'email' | 'lastSeenAt' | 'createdAt' | 'updatedAt'> & { lastSeenAt?: string; createdAt: string; updatedAt: string };
  sessionIds?: string[];
}

function encodeEvent(type: UserEventType, user: User, sessionIds: string[] = []): NewEvent {
  const { email: _email, lastSeenAt, createdAt, updatedAt, ...rest } = user;
  const payload: EventPayload = {
    user: { ...rest, lastSeenAt: lastSeenAt?.toISOString(), createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() },
    ...(sessionIds.length > 0 ? { sessionIds } : {}),
  };
  return { type, subjectId: user.id, payload: JSON.stringify(payload) };
}

function decodeEvent(stored: { id: number; type: string; payload: string; createdAt: Date }): UserEvent | undefined {
  const type = USER_EVENT_TYPES.find((t) => t === stored.type);
  if (!type) return undefined;
  const payload = JSON.parse(stored.payload) as EventPayload;
  const { lastSeenAt, createdAt, updatedAt, ...rest } = payload.user;
  return {
    id: stored.id,
    type,
    user: {
      ...rest,
      email: undefined,
      lastSeenAt: lastSeenAt ? new Date(lastSeenAt) : undefined,
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
    },
    occurredAt: stored.createdAt,
    sessionIds: payload.sessionIds ?? [],
  };
}

/** A unique-index violation, from either database, as ALREADY_EXISTS naming the field. */
function conflictOf(error: unknown): Error | undefined {
  const e = error as { code?: string; errno?: number; message?: string };
  const unique = e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062;
  if (!unique) return undefined;
  if (/email_key/.test(e.message ?? '')) return alreadyExists('email', 'this email is already registered', 'EMAIL_TAKEN');
  if (/username_key/.test(e.message ?? '')) return alreadyExists('username', 'this username is taken', 'USERNAME_TAKEN');
  return undefined;
}

function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; errno?: number };
  return e?.code === 'ER_LOCK_DEADLOCK' || e?.errno === 1213;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** UsersStore over Kysely: one code path for MySQL/MariaDB and SQLite. */
export class SqlUsersStore implements UsersStore {
  constructor(
    private readonly db: Kysely<UsersDatabase>,
    private readonly events: EventLog,
  ) {}

  /** Runs a write with its events; wakes watchers once it committed. */
  private async write<T>(work: (trx: Transaction<UsersDatabase>, emit: (event: NewEvent) => void) => Promise<T>, now: Date): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const pending: NewEvent[] = [];
      try {
        const result = await this.db.transaction().execute(async (trx) => {
          const value = await work(trx, (event) => pending.push(event));
          // The event log's tables are part of this database's schema.
          await this.events.append(trx as unknown as Transaction<EventTables>, pending, now);
          return value;
        });
        if (pending.length > 0) this.events.notify();
        return result;
      } catch (error) {
        // InnoDB may pick this transaction as a deadlock victim; it rolled back, so run it again.
        if (isDeadlock(error) && attempt < 3) continue;
        throw conflictOf(error) ?? error;
      }
    }
  }

  private async userIn(trx: Kysely<UsersDatabase>, id: number): Promise<User> {
    const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('user', 'USER_NOT_FOUND');
    return toUser(row);
  }

  private insertSession(trx: Kysely<UsersDatabase>, userId: number, session: NewSession, now: Date) {
    return trx
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: userId,
        token_hash: session.tokenHash,
        created_at: toDbTime(now),
        expires_at: toDbTime(session.expiresAt),
        revoked_at: null,
      })
      .execute();
  }

  createUser(user: NewUser, session: NewSession | undefined, now: Date): Promise<User> {
    return this.write(async (trx, emit) => {
      const result = await trx
        .insertInto('users')
        .values({
          username: user.username,
          username_key: user.usernameKey,
          email: user.email ?? null,
          email_key: user.emailKey ?? null,
          first_name: user.firstName,
          last_name: user.lastName,
          password_hash: user.passwordHash,
          role: user.role,
          status_id: STATUS_IDS.offline,
          chosen_status_id: STATUS_IDS.online,
          last_seen_at: null,
          created_at: toDbTime(now),
          updated_at: toDbTime(now),
        })
        .executeTakeFirstOrThrow();
      const created = await this.userIn(trx, Number(result.insertId));
      if (session) await this.insertSession(trx, created.id, session, now);
      emit(encodeEvent('registered', created));
      return created;
    }, now);
  }

  async userById(id: number): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async userByUsernameKey(usernameKey: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username_key', '=', usernameKey).executeTakeFirst();
    return row && toUser(row);
  }

  async usersByIds(ids: number[]): Promise<User[]> {
    const users: User[] = [];
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.db.selectFrom('users').selectAll().where('id', 'in', part).execute();
      users.push(...rows.map(toUser));
    }
    return users;
  }

  async listUsers(afterId: number, limit: number): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map(toUser);
  }

  async passwordHash(userId: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
    return row?.password_hash;
  }

  async credentials(usernameKey: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username_key', '=', usernameKey).executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async createSession(userId: number, session: NewSession, now: Date): Promise<void> {
    await this.insertSession(this.db, userId, session, now);
  }

  async sessionByTokenHash(tokenHash: string, now: Date) {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.expires_at as session_expires_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', toDbTime(now))
      .executeTakeFirst();
    if (!row) return undefined;
    const { session_id, session_expires_at, ...userRow } = row;
    const user = toUser(userRow);
    return { user, session: { id: session_id, userId: user.id, expiresAt: fromDbTime(session_expires_at) ?? now } };
  }

  private async revokeIn(trx: Transaction<UsersDatabase>, userId: number, which: { only: string } | { allBut: string }, now: Date) {
    let live = trx
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', toDbTime(now));
    live = 'only' in which ? live.where('id', '=', which.only) : live.where('id', '!=', which.allBut);
    const ids = (await live.execute()).map((r) => r.id);
    for (const part of chunks(ids)) {
      await trx.updateTable('sessions').set({ revoked_at: toDbTime(now) }).where('id', 'in', part).execute();
    }
    return ids;
  }

  revokeSessions(userId: number, which: { only: string } | { allBut: string }, now: Date): Promise<string[]> {
    return this.write(async (trx, emit) => {
      const ids = await this.revokeIn(trx, userId, which, now);
      if (ids.length > 0) emit(encodeEvent('session_revoked', await this.userIn(trx, userId), ids));
      return ids;
    }, now);
  }

  async rehashPassword(userId: number, oldHash: string, newHash: string): Promise<void> {
    // Only if unchanged meanwhile: a concurrent ChangePassword must win.
    await this.db.updateTable('users').set({ password_hash: newHash }).where('id', '=', userId).where('password_hash', '=', oldHash).execute();
  }

  changePassword(userId: number, passwordHash: string, keepSessionId: string, now: Date): Promise<string[]> {
    return this.write(async (trx, emit) => {
      await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: toDbTime(now) }).where('id', '=', userId).execute();
      const ids = await this.revokeIn(trx, userId, { allBut: keepSessionId }, now);
      if (ids.length > 0) emit(encodeEvent('session_revoked', await this.userIn(trx, userId), ids));
      return ids;
    }, now);
  }

  updateProfile(userId: number, patch: ProfilePatch, now: Date): Promise<User> {
    return this.write(async (trx, emit) => {
      await trx
        .updateTable('users')
        .set({
          ...(patch.username ? { username: patch.username.value, username_key: patch.username.key } : {}),
          ...(patch.email !== undefined ? { email: patch.email?.value ?? null, email_key: patch.email?.key ?? null } : {}),
          ...(patch.firstName !== undefined ? { first_name: patch.firstName } : {}),
          ...(patch.lastName !== undefined ? { last_name: patch.lastName } : {}),
          updated_at: toDbTime(now),
        })
        .where('id', '=', userId)
        .execute();
      const user = await this.userIn(trx, userId);
      emit(encodeEvent('profile_changed', user));
      return user;
    }, now);
  }

  setChosenStatus(userId: number, status: ChosenStatus, now: Date): Promise<User> {
    const chosen = STATUS_IDS[status];
    return this.write(async (trx, emit) => {
      const before = await this.userIn(trx, userId);
      // The effective status follows the choice only while the user is present.
      await trx
        .updateTable('users')
        .set({
          chosen_status_id: chosen,
          status_id: sql<number>`case when status_id = ${STATUS_IDS.offline} then ${STATUS_IDS.offline} else ${chosen} end`,
        })
        .where('id', '=', userId)
        .execute();
      const after = await this.userIn(trx, userId);
      if (after.status !== before.status || after.chosenStatus !== before.chosenStatus) emit(encodeEvent('status_changed', after));
      return after;
    }, now);
  }

  setRole(userId: number, role: UserRole, now: Date): Promise<User> {
    return this.write(async (trx, emit) => {
      const before = await this.userIn(trx, userId);
      if (before.role === role) return before;
      await trx.updateTable('users').set({ role, updated_at: toDbTime(now) }).where('id', '=', userId).execute();
      const after = await this.userIn(trx, userId);
      emit(encodeEvent('role_changed', after));
      return after;
    }, now);
  }

  openLease(lease: NewLease, now: Date): Promise<User> {
    return this.write(async (trx, emit) => {
      await this.userIn(trx, lease.userId);
      await trx
        .insertInto('presence_leases')
        .values({ id: lease.id, user_id: lease.userId, holder: lease.holder, created_at: toDbTime(now), expires_at: toDbTime(lease.expiresAt) })
        .execute();
      // Conditional, so that of two gateways opening leases at once only one announces it.
      const result = await trx
        .updateTable('users')
        .set((eb) => ({ status_id: eb.ref('chosen_status_id'), last_seen_at: toDbTime(now) }))
        .where('id', '=', lease.userId)
        .where('status_id', '=', STATUS_IDS.offline)
        .executeTakeFirst();
      const user = await this.userIn(trx, lease.userId);
      if (Number(result.numUpdatedRows) > 0) emit(encodeEvent('status_changed', user));
      return user;
    }, now);
  }

  async renewLeases(ids: string[], expiresAt: Date, now: Date): Promise<string[]> {
    const live = new Set<string>();
    for (const part of chunks([...new Set(ids)])) {
      await this.db
        .updateTable('presence_leases')
        .set({ expires_at: toDbTime(expiresAt) })
        .where('id', 'in', part)
        .where('expires_at', '>', toDbTime(now))
        .execute();
      const rows = await this.db
        .selectFrom('presence_leases')
        .select('id')
        .where('id', 'in', part)
        .where('expires_at', '=', toDbTime(expiresAt))
        .execute();
      for (const row of rows) live.add(row.id);
    }
    return ids.filter((id) => !live.has(id));
  }

  async closeLease(id: string, now: Date): Promise<void> {
    // Closing keeps the row with its end time: the grace period counts from it.
    await this.db
      .updateTable('presence_leases')
      .set({ expires_at: toDbTime(now) })
      .where('id', '=', id)
      .where('expires_at', '>', toDbTime(now))
      .execute();
  }

  async sweepPresence(graceCutoff: Date, now: Date): Promise<number> {
    const cutoff = toDbTime(graceCutoff);
    const candidates = await this.db
      .selectFrom('users')
      .select('id')
      .where('status_id', '!=', STATUS_IDS.offline)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('presence_leases')
              .select('presence_leases.id')
              .whereRef('presence_leases.user_id', '=', 'users.id')
              .where('presence_leases.expires_at', '>', cutoff),
          ),
        ),
      )
      .orderBy('id')
      .limit(500)
      .execute();
    let changed = 0;
    for (const { id } of candidates) {
      const went = await this.write(async (trx, emit) => {
        // Re-checked in the UPDATE itself, so replicas sweeping together announce it once
        // and a lease opened meanwhile keeps the user online.
        const result = await trx
          .updateTable('users')
          .set({ status_id: STATUS_IDS.offline, last_seen_at: toDbTime(now) })
          .where('id', '=', Number(id))
          .where('status_id', '!=', STATUS_IDS.offline)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('presence_leases')
                  .select('presence_leases.id')
                  .whereRef('presence_leases.user_id', '=', 'users.id')
                  .where('presence_leases.expires_at', '>', cutoff),
              ),
            ),
          )
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        emit(encodeEvent('status_changed', await this.userIn(trx, Number(id))));
        return true;
      }, now);
      if (went) changed += 1;
    }
    // Leases past the grace period have done their job.
    await this.db.deleteFrom('presence_leases').where('expires_at', '<=', cutoff).execute();
    return changed;
  }

  async *watchEvents(options: WatchOptions): AsyncGenerator<UserEvent> {
    for await (const stored of this.events.watch(options)) {
      const event = decodeEvent(stored);
      if (event) yield event;
    }
  }

  pruneEvents(olderThan: Date): Promise<number> {
    return this.events.prune(olderThan);
  }

  async pruneSessions(olderThan: Date): Promise<number> {
    const cutoff = toDbTime(olderThan);
    const result = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
