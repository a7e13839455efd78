import { notFound } from '@charla/platform';
import type { MemberState } from '../domain/types';
import { found, readConversation } from './conversations';
import type { ChatStoreContext } from './rows';
import type { SettingsStore } from './store';

// Keeps IN (…) lists well under both engines' bound-parameter limits.
const CHUNK = 1000;

interface MemberRow {
  user_id: number;
  muted: number;
  favourite: number;
  archived: number;
  mention_count: unknown;
}

function toState(row: MemberRow): MemberState {
  return {
    userId: Number(row.user_id),
    mentionCount: Number(row.mention_count ?? 0),
    muted: Number(row.muted) === 1,
    favourite: Number(row.favourite) === 1,
    archived: Number(row.archived) === 1,
  };
}

const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);

/** What each member keeps to themself: preferences (conversation_members columns) and unread mentions. */
export function preferenceStore({ db, write }: ChatStoreContext): Omit<SettingsStore, 'updateConversation'> {
  const states = db
    .selectFrom('conversation_members as m')
    .select(['m.conversation_id', 'm.user_id', 'm.muted', 'm.favourite', 'm.archived'])
    // A member's unread mentions: theirs, past their read marker (one index range per member).
    .select((eb) =>
      eb
        .selectFrom('message_mentions as mm')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('mm.conversation_id', '=', 'm.conversation_id')
        .whereRef('mm.user_id', '=', 'm.user_id')
        .whereRef('mm.seq', '>', 'm.last_read_seq')
        .as('mention_count'),
    )
    .where('m.left_at', 'is', null);

  return {
    setPreferences(conversationId, userId, changes) {
      return write(async (trx, events) => {
        const current = await trx
          .selectFrom('conversation_members')
          .select(['muted', 'favourite', 'archived'])
          .where('conversation_id', '=', conversationId)
          .where('user_id', '=', userId)
          .where('left_at', 'is', null)
          .executeTakeFirst();
        if (!current) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
        const next = { muted: flag(changes.muted), favourite: flag(changes.favourite), archived: flag(changes.archived) };
        const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== undefined && next[key] !== Number(current[key]));
        // Nothing new: no write and nothing to announce.
        if (changed.length === 0) return;
        await trx
          .updateTable('conversation_members')
          .set(Object.fromEntries(changed.map((key) => [key, next[key]])))
          .where('conversation_id', '=', conversationId)
          .where('user_id', '=', userId)
          .execute();
        const conversation = found(await readConversation(trx, conversationId));
        events.push({ type: 'preferences_changed', conversationId, conversationKind: conversation.kind, userId });
      });
    },

    async statesOf(userId, conversationIds) {
      const byConversation = new Map<number, MemberState>();
      for (let i = 0; i < conversationIds.length; i += CHUNK) {
        const rows = await states.where('m.user_id', '=', userId).where('m.conversation_id', 'in', conversationIds.slice(i, i + CHUNK)).execute();
        for (const row of rows) byConversation.set(Number(row.conversation_id), toState(row));
      }
      return byConversation;
    },

    async statesIn(conversationId, userIds) {
      const found: MemberState[] = [];
      for (let i = 0; i < userIds.length; i += CHUNK) {
        const rows = await states.where('m.conversation_id', '=', conversationId).where('m.user_id', 'in', userIds.slice(i, i + CHUNK)).execute();
        found.push(...rows.map(toState));
      }
      return found;
    },

    async currentMemberIds(conversationId, userIds) {
      if (userIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', conversationId)
        .where('user_id', 'in', userIds.slice(0, CHUNK))
        .where('left_at', 'is', null)
        .execute();
      return new Set(rows.map((row) => Number(row.user_id)));
    },
  };
}
