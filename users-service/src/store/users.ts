import { toDbTime } from '@charla/platform';
import { sql, type Selectable } from 'kysely';
import type { User } from '../domain/types';
import { chunks, toUser, userEvent, userIn, type UsersStoreContext } from './rows';
import { STATUS_IDS, type UsersTable } from './schema';
import { insertSession, revokeIn } from './sessions';
import type { AccountStore } from './store';

/** Accounts: the users table (profile, password, chosen status, role). */
export function accountStore({ db, write }: UsersStoreContext): AccountStore {
  /** Users by one of their unique keys, read in chunks of IN (…). */
  const inChunks = async <V>(values: V[], read: (part: V[]) => Promise<Selectable<UsersTable>[]>): Promise<User[]> => {
    const users: User[] = [];
    for (const part of chunks([...new Set(values)])) users.push(...(await read(part)).map(toUser));
    return users;
  };

  return {
    createUser(user, session, now) {
      return write(async (trx, events) => {
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
        const created = await userIn(trx, Number(result.insertId));
        if (session) await insertSession(trx, created.id, session, now);
        events.push(userEvent('registered', created));
        return created;
      }, now);
    },

    async userById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async userByUsernameKey(usernameKey) {
      const row = await db.selectFrom('users').selectAll().where('username_key', '=', usernameKey).executeTakeFirst();
      return row && toUser(row);
    },

    usersByIds: (ids) => inChunks(ids, (part) => db.selectFrom('users').selectAll().where('id', 'in', part).execute()),

    usersByUsernameKeys: (keys) => inChunks(keys, (part) => db.selectFrom('users').selectAll().where('username_key', 'in', part).execute()),

    async listUsers(afterId, limit) {
      const rows = await db.selectFrom('users').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
      return rows.map(toUser);
    },

    async passwordHash(userId) {
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
      return row?.password_hash;
    },

    async credentials(usernameKey) {
      const row = await db.selectFrom('users').selectAll().where('username_key', '=', usernameKey).executeTakeFirst();
      return row && { user: toUser(row), passwordHash: row.password_hash };
    },

    async rehashPassword(userId, oldHash, newHash) {
      // Only if unchanged meanwhile: a concurrent ChangePassword must win.
      await db.updateTable('users').set({ password_hash: newHash }).where('id', '=', userId).where('password_hash', '=', oldHash).execute();
    },

    changePassword(userId, passwordHash, keepSessionId, now) {
      return write(async (trx, events) => {
        await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: toDbTime(now) }).where('id', '=', userId).execute();
        const ids = await revokeIn(trx, userId, { allBut: keepSessionId }, now);
        if (ids.length > 0) events.push(userEvent('session_revoked', await userIn(trx, userId), ids));
        return ids;
      }, now);
    },

    updateProfile(userId, patch, now) {
      return write(async (trx, events) => {
        await trx
          .updateTable('users')
          .set({
            ...(patch.username ? { username: patch.username.value, username_key: patch.username.key } : {}),
            ...(patch.email !== undefined ? { email: patch.email?.value ?? null, email_key: patch.email?.key ?? null } : {}),
            ...(patch.firstName !== undefined ? { first_name: patch.firstName } : {}),
            ...(patch.lastName !== undefined ? { last_name: patch.lastName } : {}),
            ...(patch.notificationLevel !== undefined ? { notification_level: patch.notificationLevel } : {}),
            updated_at: toDbTime(now),
          })
          .where('id', '=', userId)
          .execute();
        const user = await userIn(trx, userId);
        // Others see nothing of a new notification level: nothing to tell them.
        if (Object.keys(patch).some((key) => key !== 'notificationLevel')) events.push(userEvent('profile_changed', user));
        return user;
      }, now);
    },

    setChosenStatus(userId, status, now) {
      const chosen = STATUS_IDS[status];
      return write(async (trx, events) => {
        const before = await userIn(trx, userId);
        // The effective status follows the choice only while the user is present.
        await trx
          .updateTable('users')
          .set({
            chosen_status_id: chosen,
            status_id: sql<number>`case when status_id = ${STATUS_IDS.offline} then ${STATUS_IDS.offline} else ${chosen} end`,
          })
          .where('id', '=', userId)
          .execute();
        const after = await userIn(trx, userId);
        if (after.status !== before.status || after.chosenStatus !== before.chosenStatus) events.push(userEvent('status_changed', after));
        return after;
      }, now);
    },

    setRole(userId, role, now) {
      return write(async (trx, events) => {
        const before = await userIn(trx, userId);
        if (before.role === role) return before;
        await trx.updateTable('users').set({ role, updated_at: toDbTime(now) }).where('id', '=', userId).execute();
        const after = await userIn(trx, userId);
        events.push(userEvent('role_changed', after));
        return after;
      }, now);
    },
  };
}
