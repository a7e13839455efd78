import { toDbTime } from '@charla/platform';
import type { ExpressionBuilder } from 'kysely';
import { chunks, userEvent, userIn, type UsersStoreContext } from './rows';
import { STATUS_IDS, type UsersDatabase } from './schema';
import type { PresenceStore } from './store';

/**
 * Presence leases: a user is online while any lease of theirs lives. Going online and going
 * offline are conditional UPDATEs, so replicas racing over one user announce the change once.
 */

/** No lease of the user ended after the cutoff (a lease ends when it expires or is closed). */
function noLeaseSince(eb: ExpressionBuilder<UsersDatabase, 'users'>, cutoff: string) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('presence_leases')
        .select('presence_leases.id')
        .whereRef('presence_leases.user_id', '=', 'users.id')
        .where('presence_leases.expires_at', '>', cutoff),
    ),
  );
}

export function presenceStore({ db, write }: UsersStoreContext): PresenceStore {
  return {
    openLease(lease, now) {
      return write(async (trx, events) => {
        await userIn(trx, lease.userId);
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
        const user = await userIn(trx, lease.userId);
        if (Number(result.numUpdatedRows) > 0) events.push(userEvent('status_changed', user));
        return user;
      }, now);
    },

    async renewLeases(ids, expiresAt, now) {
      const live = new Set<string>();
      for (const part of chunks([...new Set(ids)])) {
        await db
          .updateTable('presence_leases')
          .set({ expires_at: toDbTime(expiresAt) })
          .where('id', 'in', part)
          .where('expires_at', '>', toDbTime(now))
          .execute();
        const rows = await db
          .selectFrom('presence_leases')
          .select('id')
          .where('id', 'in', part)
          .where('expires_at', '=', toDbTime(expiresAt))
          .execute();
        for (const row of rows) live.add(row.id);
      }
      return ids.filter((id) => !live.has(id));
    },

    async closeLease(id, now) {
      // Closing keeps the row with its end time: the grace period counts from it.
      await db
        .updateTable('presence_leases')
        .set({ expires_at: toDbTime(now) })
        .where('id', '=', id)
        .where('expires_at', '>', toDbTime(now))
        .execute();
    },

    async countOnline() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('online'))
        .where('status_id', '!=', STATUS_IDS.offline)
        .executeTakeFirstOrThrow();
      return Number(row.online);
    },

    async sweepPresence(graceCutoff, now) {
      const cutoff = toDbTime(graceCutoff);
      const candidates = await db
        .selectFrom('users')
        .select('id')
        .where('status_id', '!=', STATUS_IDS.offline)
        .where((eb) => noLeaseSince(eb, cutoff))
        .orderBy('id')
        .limit(500)
        .execute();
      let changed = 0;
      for (const { id } of candidates) {
        const went = await write(async (trx, events) => {
          // Re-checked in the UPDATE itself, so replicas sweeping together announce it once
          // and a lease opened meanwhile keeps the user online.
          const result = await trx
            .updateTable('users')
            .set({ status_id: STATUS_IDS.offline, last_seen_at: toDbTime(now) })
            .where('id', '=', Number(id))
            .where('status_id', '!=', STATUS_IDS.offline)
            .where((eb) => noLeaseSince(eb, cutoff))
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 0) return false;
          events.push(userEvent('status_changed', await userIn(trx, Number(id))));
          return true;
        }, now);
        if (went) changed += 1;
      }
      // Leases past the grace period have done their job.
      await db.deleteFrom('presence_leases').where('expires_at', '<=', cutoff).execute();
      return changed;
    },
  };
}
