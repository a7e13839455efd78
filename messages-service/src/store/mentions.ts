import type { Message } from '../domain/types';
import type { Trx } from './rows';

/** Stores who each new message mentions, in the transaction that stores the messages. */
export async function insertMentions(trx: Trx, messages: readonly Message[]): Promise<void> {
  const rows = messages.flatMap((m) => m.mentionIds.map((userId) => ({ message_id: m.id, conversation_id: m.conversationId, user_id: userId, seq: m.seq })));
  if (rows.length === 0) return;
  await trx.insertInto('message_mentions').values(rows).execute();
}

/** An edit says anew whom the message mentions; a deletion mentions nobody. */
export async function replaceMentions(trx: Trx, message: Message, userIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('message_mentions').where('message_id', '=', message.id).execute();
  await insertMentions(trx, [{ ...message, mentionIds: [...new Set(userIds)] }]);
}
