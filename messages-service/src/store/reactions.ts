import { failedPrecondition, notFound, toDbTime } from '@charla/platform';
import { sql } from 'kysely';
import type { NewChatEvent } from '../domain/events';
import type { Message } from '../domain/types';
import { found, readConversation } from './conversations';
import { withDetails } from './details';
import { toMessage, type ChatStoreContext, type Trx } from './rows';
import type { ReactionStore } from './store';

/**
 * The one row lock of a message: reactions and pins of one message take it first, so counting
 * what is there and changing it are one step (no 21st emoji from two people at once). Returns
 * the message as locked; NOT_FOUND when there is none.
 */
export async function lockMessage(trx: Trx, messageId: number): Promise<Message> {
  await trx.updateTable('messages').set({ pinned_by: sql<number | null>`pinned_by` }).where('id', '=', messageId).execute();
  const row = await trx.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!row) throw notFound('message', 'MESSAGE_NOT_FOUND');
  return toMessage(row);
}

/** The message after a change of its reactions or pin, and its announcement (by `userId`). */
export async function announced(trx: Trx, message: Message, type: NewChatEvent['type'], userId: number, events: NewChatEvent[]): Promise<Message> {
  const row = await trx.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
  const [fresh] = await withDetails(trx, [toMessage(row)]);
  const conversation = found(await readConversation(trx, message.conversationId));
  events.push({ type, conversationId: conversation.id, conversationKind: conversation.kind, message: fresh, userId });
  return fresh;
}

/** Reactions: a row per person and emoji, changed under the message's lock, each change announced with every reaction it leaves. */
export function reactionStore({ write }: ChatStoreContext): ReactionStore {
  const current = async (trx: Trx, message: Message) => (await withDetails(trx, [message]))[0];

  return {
    addReaction(messageId, userId, emoji, maxEmoji) {
      return write(async (trx, events, now) => {
        const message = await lockMessage(trx, messageId);
        if (message.deletedAt) throw failedPrecondition('a deleted message takes no reactions', 'MESSAGE_DELETED');
        const used = await trx.selectFrom('message_reactions').select(['user_id', 'emoji']).where('message_id', '=', messageId).execute();
        if (used.some((r) => Number(r.user_id) === userId && r.emoji === emoji)) return current(trx, message);
        const emojis = new Set(used.map((r) => r.emoji));
        if (!emojis.has(emoji) && emojis.size >= maxEmoji) {
          throw failedPrecondition(`a message takes at most ${maxEmoji} different reactions`, 'TOO_MANY_REACTIONS');
        }
        await trx.insertInto('message_reactions').values({ message_id: messageId, user_id: userId, emoji, created_at: toDbTime(now) }).execute();
        return announced(trx, message, 'reaction_changed', userId, events);
      });
    },

    removeReaction(messageId, userId, emoji) {
      return write(async (trx, events) => {
        const message = await lockMessage(trx, messageId);
        const removed = await trx
          .deleteFrom('message_reactions')
          .where('message_id', '=', messageId)
          .where('user_id', '=', userId)
          .where('emoji', '=', emoji)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) return current(trx, message);
        return announced(trx, message, 'reaction_changed', userId, events);
      });
    },
  };
}
