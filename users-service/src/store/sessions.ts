import { fromDbTime, toDbTime } from '@charla/platform';
import type { Kysely } from 'kysely';
import { chunks, toUser, userEvent, userIn, type UsersStoreContext } from './rows';
import type { UsersDatabase } from './schema';
import type { Session, User } from '../domain/types';
import type { NewSession, SessionStore } from './store';

/** Sessions: one row per token, only its hash stored; revoking keeps the row until pruning. */

export function insertSession(db: Kysely<UsersDatabase>, userId: number, session: NewSession, now: Date) {
  return db
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

/** Revokes the chosen live sessions of a user in the caller's transaction; returns their ids. */
export async function revokeIn(db: Kysely<UsersDatabase>, userId: number, which: { only: string } | { allBut: string }, now: Date): Promise<string[]> {
  let live = db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', toDbTime(now));
  live = 'only' in which ? live.where('id', '=', which.only) : live.where('id', '!=', which.allBut);
  const ids = (await live.execute()).map((r) => r.id);
  for (const part of chunks(ids)) {
    await db.updateTable('sessions').set({ revoked_at: toDbTime(now) }).where('id', 'in', part).execute();
  }
  return ids;
}

export function sessionStore({ db, write }: UsersStoreContext): SessionStore {
  return {
    async createSession(userId, session, now) {
      await insertSession(db, userId, session, now);
    },

    async sessionsByTokenHashes(tokenHashes, now) {
      const found = new Map<string, { session: Session; user: User }>();
      for (const part of chunks([...new Set(tokenHashes)])) {
        const rows = await db
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .selectAll('users')
          .select(['sessions.id as session_id', 'sessions.expires_at as session_expires_at', 'sessions.token_hash as session_token_hash'])
          .where('sessions.token_hash', 'in', part)
          .where('sessions.revoked_at', 'is', null)
          .where('sessions.expires_at', '>', toDbTime(now))
          .execute();
        for (const { session_id, session_expires_at, session_token_hash, ...userRow } of rows) {
          const user = toUser(userRow);
          found.set(session_token_hash, { user, session: { id: session_id, userId: user.id, expiresAt: fromDbTime(session_expires_at) ?? now } });
        }
      }
      return found;
    },

    revokeSessions(userId, which, now) {
      return write(async (trx, events) => {
        const ids = await revokeIn(trx, userId, which, now);
        if (ids.length > 0) events.push(userEvent('session_revoked', await userIn(trx, userId), ids));
        return ids;
      }, now);
    },

    async pruneSessions(olderThan) {
      const cutoff = toDbTime(olderThan);
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
