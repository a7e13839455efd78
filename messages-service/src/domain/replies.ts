import { invalidArgument } from '@charla/platform';
import type { MessageStore } from '../store/store';
import * as valid from './validation';

/**
 * The message a new one replies to: one of the same conversation (a deleted one too: the reply
 * then quotes it as deleted). 0 (or nothing) means no reply. Anything else is refused naming
 * the field, the same way whether the id is unknown or another conversation's, so a reply
 * never tells whether a message exists elsewhere.
 */
export async function replyTarget(store: Pick<MessageStore, 'getMessage'>, conversationId: number, value: unknown): Promise<number> {
  if (value === undefined || value === null || value === 0 || value === '0' || value === '') return 0;
  const id = valid.id(value, 'reply_to_id');
  const original = await store.getMessage(id);
  if (!original || original.conversationId !== conversationId) throw invalidArgument('reply_to_id', 'must be a message of this conversation');
  return id;
}
