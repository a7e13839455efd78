import { failedPrecondition, toDbTime } from '@charla/platform';
import { lockConversation } from './conversations';
import { withDetails } from './details';
import { announced, lockMessage } from './reactions';
import { toMessage, type ChatStoreContext } from './rows';
import type { PinStore } from './store';

// Keeps IN (…) lists well under both engines' bound-parameter limits.
const CONVERSATIONS_MAX = 100;

/** Pins: a time and a pinner on the message, counted per conversation under its lock. */
export function pinStore({ db, write }: ChatStoreContext): PinStore {
  return {
    pinMessage(messageId, userId, maxPins) {
      return write(async (trx, events, now) => {
        const message = await lockMessage(trx, messageId);
        if (message.deletedAt) throw failedPrecondition('a deleted message cannot be pinned', 'MESSAGE_DELETED');
        if (message.pinnedAt) return (await withDetails(trx, [message]))[0];
        // The conversation's lock counts its pins: two pins at once never pass the limit together.
        await lockConversation(trx, message.conversationId);
        const { count } = await trx
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('conversation_id', '=', message.conversationId)
          .where('pinned_at', 'is not', null)
          .executeTakeFirstOrThrow();
        if (Number(count) >= maxPins) throw failedPrecondition(`a conversation keeps at most ${maxPins} pinned messages; unpin one first`, 'TOO_MANY_PINS');
        await trx.updateTable('messages').set({ pinned_at: toDbTime(now), pinned_by: userId }).where('id', '=', messageId).execute();
        return announced(trx, message, 'message_pinned', userId, events);
      });
    },

    unpinMessage(messageId, userId) {
      return write(async (trx, events) => {
        const message = await lockMessage(trx, messageId);
        if (!message.pinnedAt) return (await withDetails(trx, [message]))[0];
        await trx.updateTable('messages').set({ pinned_at: null, pinned_by: null }).where('id', '=', messageId).execute();
        return announced(trx, message, 'message_unpinned', userId, events);
      });
    },

    async pinnedMessages(conversationIds) {
      if (conversationIds.length === 0) return [];
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', 'in', conversationIds.slice(0, CONVERSATIONS_MAX))
        .where('pinned_at', 'is not', null)
        .orderBy('conversation_id')
        .orderBy('pinned_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return withDetails(db, rows.map(toMessage));
    },
  };
}
