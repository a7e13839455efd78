import { failedPrecondition, isDuplicate, messagesStored, notFound, toDbTime, type Together } from '@charla/platform';
import type { Kysely } from 'kysely';
import type { Message } from '../domain/types';
import { removeAttachmentsOf, withAttachments } from './attachments';
import { found, readConversation } from './conversations';
import { withDetails } from './details';
import { GroupCommit } from './group-commit';
import { replaceMentions } from './mentions';
import { toMessage, type ChatStoreContext } from './rows';
import { STATUS_IDS, type MessagesSchema } from './schema';
import { storeSends } from './sends';
import type { MessageStore, NewMessage, Outcome } from './store';

/** Messages as every door shows them: their files and their details, read side by side. */
async function shown(db: Kysely<MessagesSchema>, messages: Message[]): Promise<Message[]> {
  const [withFiles, detailed] = await Promise.all([withAttachments(db, messages), withDetails(db, messages)]);
  return detailed.map((message, i) => ({ ...message, attachments: withFiles[i].attachments }));
}

/** The message as this transaction (or the database) sees it; NOT_FOUND when there is none. */
async function messageIn(db: Kysely<MessagesSchema>, id: number): Promise<Message> {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('message', 'MESSAGE_NOT_FOUND');
  const [message] = await shown(db, [toMessage(row)]);
  return message;
}

/** How sends are written: their transaction (on the send connections, when there are some) and how its statements go together. */
export interface SendPath {
  write: ChatStoreContext['write'];
  together: Together;
}

/** Messages: sends go through one group commit; edits and deletes are a transaction each. */
export function messageStore({ db, write }: ChatStoreContext, sendsPerCommit: number, sendPath: SendPath): MessageStore {
  // Sends that arrive while a send transaction runs are stored together by the next one.
  const sends = new GroupCommit<NewMessage, Outcome<Message>>(sendsPerCommit, async (batch) => {
    const outcomes = await sendPath.write((trx, events, now) => storeSends(trx, batch, events, now, sendPath.together));
    messagesStored.inc(outcomes.filter((outcome) => outcome.created).length);
    return outcomes;
  });

  const byClientId = async (input: NewMessage): Promise<Message | undefined> => {
    const row = await db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', input.conversationId)
      .where('user_id', '=', input.authorId)
      .where('client_id', '=', input.clientId)
      .executeTakeFirst();
    return row && toMessage(row);
  };

  return {
    /** A repeat of an author's client_id, found in the send's own transaction, returns the first message. */
    async sendMessage(input) {
      try {
        return await sends.submit(input);
      } catch (error) {
        // The same key raced in from another replica: its transaction won, ours rolled back.
        if (input.clientId && isDuplicate(error)) {
          const first = await byClientId(input);
          if (first) return { value: first, created: false };
        }
        throw error;
      }
    },

    async getMessage(id) {
      const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (await shown(db, [toMessage(row)]))[0];
    },

    editMessage(id, body, mentionIds) {
      return write(async (trx, events, now) => {
        const at = toDbTime(now);
        const result = await trx
          .updateTable('messages')
          .set({ body, edited_at: at, updated_at: at })
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw failedPrecondition('a deleted message cannot be edited', 'MESSAGE_DELETED');
        const edited = await messageIn(trx, id);
        await replaceMentions(trx, edited, mentionIds);
        const message = { ...edited, mentionIds };
        const conversation = found(await readConversation(trx, message.conversationId));
        events.push({ type: 'message_edited', conversationId: conversation.id, conversationKind: conversation.kind, message });
        return message;
      });
    },

    deleteMessage(id) {
      return write(async (trx, events, now) => {
        const at = toDbTime(now);
        const result = await trx
          .updateTable('messages')
          .set({ body: '', deleted_at: at, updated_at: at, status_id: STATUS_IDS.deleted })
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        await removeAttachmentsOf(trx, id, at);
        // Gone with its body: its reactions, its pin and whom it mentioned.
        if (Number(result.numUpdatedRows) > 0) {
          await trx.deleteFrom('message_reactions').where('message_id', '=', id).execute();
          await trx.updateTable('messages').set({ pinned_at: null, pinned_by: null }).where('id', '=', id).execute();
          await trx.deleteFrom('message_mentions').where('message_id', '=', id).execute();
        }
        const message = await messageIn(trx, id);
        // Deleting twice changes nothing and announces nothing.
        if (Number(result.numUpdatedRows) > 0) {
          const conversation = found(await readConversation(trx, message.conversationId));
          events.push({ type: 'message_deleted', conversationId: conversation.id, conversationKind: conversation.kind, message });
        }
        return message;
      });
    },

    async listMessages(query) {
      // Whether each message has reactions or files comes with the page (an index probe each), so
      // a page with none (most of a history) is one statement, and the rest read only their own.
      let q = db
        .selectFrom('messages')
        .selectAll('messages')
        .select((eb) => [
          eb.exists(eb.selectFrom('message_reactions').select('message_reactions.id').whereRef('message_reactions.message_id', '=', 'messages.id')).as('has_reactions'),
          // Removed files too (only a deleted message has them, and withAttachments skips those): the probe stays on attachments_message.
          eb.exists(eb.selectFrom('attachments').select('attachments.id').whereRef('attachments.message_id', '=', 'messages.id')).as('has_files'),
        ])
        .where('conversation_id', '=', query.conversationId);
      if (query.afterSeq > 0) q = q.where('seq', '>', query.afterSeq);
      if (query.beforeSeq > 0) q = q.where('seq', '<', query.beforeSeq);
      const rows = await q
        .orderBy('seq', query.order === 'newest-first' ? 'desc' : 'asc')
        .limit(query.limit)
        .execute();
      const page = rows.map(toMessage);
      const flagged = (flag: 'has_reactions' | 'has_files') => page.filter((_, i) => Number(rows[i][flag]) === 1);
      const [withFiles, detailed] = await Promise.all([withAttachments(db, flagged('has_files')), withDetails(db, page, flagged('has_reactions'))]);
      const files = new Map(withFiles.map((message) => [message.id, message.attachments]));
      return detailed.map((message) => ({ ...message, attachments: files.get(message.id) ?? [] }));
    },

    async lastMessages(conversations) {
      const ids = conversations.filter((c) => c.lastSeq > 0).map((c) => c.id);
      const last = new Map<number, Message>();
      if (ids.length === 0) return last;
      const rows = await db
        .selectFrom('messages as m')
        .innerJoin('conversations as c', (join) => join.onRef('c.id', '=', 'm.conversation_id').onRef('c.last_seq', '=', 'm.seq'))
        .selectAll('m')
        .where('c.id', 'in', ids)
        .execute();
      for (const message of await shown(db, rows.map(toMessage))) last.set(message.conversationId, message);
      return last;
    },
  };
}
