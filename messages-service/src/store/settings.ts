import { alreadyExists, isDuplicate, toDbTime } from '@charla/platform';
import type { UpdateObject } from 'kysely';
import { found, lockConversation, readConversation } from './conversations';
import type { ChatStoreContext } from './rows';
import type { MessagesSchema } from './schema';
import { storeNew } from './sends';
import type { SettingsStore } from './store';

/** A conversation's title and topic: changed under its lock, told to its members by system lines. */
export function conversationSettingsStore({ write }: ChatStoreContext): Pick<SettingsStore, 'updateConversation'> {
  return {
    async updateConversation(update) {
      const id = update.conversationId;
      try {
        return await write(async (trx, events, now) => {
          const before = found(await readConversation(trx, id));
          const changes: UpdateObject<MessagesSchema, 'conversations'> = {};
          if (update.title !== undefined) {
            changes.title = update.title;
            // Room titles stay unique ignoring case, as when rooms are created.
            if (before.kind === 'room') changes.title_key = update.title.toLowerCase();
          }
          if (update.topic !== undefined) changes.topic = update.topic || null;
          const conversation = found(await lockConversation(trx, id, changes));
          // The system lines are messages like any other (a seq, unread for the others), with what changed beside the words.
          const lines = update.lines.map(({ system, body }) => ({
            conversationId: id,
            authorId: update.authorId,
            body,
            clientId: '',
            isFromSupport: false,
            supportWait: 'none' as const,
            replyToId: 0,
            mentionIds: [],
            system,
          }));
          if (lines.length > 0) await storeNew(trx, id, lines, events, now);
          events.push({ type: 'conversation_updated', conversationId: id, conversationKind: conversation.kind, userId: update.authorId });
          return found(await readConversation(trx, id));
        });
      } catch (error) {
        if (isDuplicate(error)) throw alreadyExists('title', 'a room with this title already exists', 'ROOM_EXISTS');
        throw error;
      }
    },
  };
}
