import { fromDbTime, toDbTime } from '@charla/platform';
import type { ChatStoreContext } from './rows';

/** The message of the day as stored: its text and when it was set. */
export interface StoredMotd {
  text: string;
  updatedAt: Date;
}

/** The deployment's one message of the day (the `motd` table's single row, 0007). */
export interface MotdStore {
  /** Undefined until someone sets it (the MOTD setting holds until then). */
  readMotd(): Promise<StoredMotd | undefined>;
  /** Stores it, and announces MOTD_CHANGED in the same transaction. */
  writeMotd(text: string): Promise<StoredMotd>;
}

export function motdStore({ db, write }: ChatStoreContext): MotdStore {
  return {
    async readMotd() {
      const row = await db.selectFrom('motd').select(['text', 'updated_at']).where('id', '=', 1).executeTakeFirst();
      if (!row || row.text === null) return undefined;
      return { text: row.text, updatedAt: fromDbTime(row.updated_at) ?? new Date(0) };
    },

    writeMotd(text) {
      return write(async (trx, events, now) => {
        await trx.updateTable('motd').set({ text, updated_at: toDbTime(now) }).where('id', '=', 1).execute();
        events.push({ type: 'motd_changed', conversationId: 0, conversationKind: 'none', motd: text });
        return { text, updatedAt: now };
      });
    },
  };
}
