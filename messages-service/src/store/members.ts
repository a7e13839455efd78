import { failedPrecondition, isDuplicate, toDbTime } from '@charla/platform';
import type { CompiledQuery, Selectable } from 'kysely';
import type { NewChatEvent } from '../domain/events';
import type { Conversation, Member, MemberRole } from '../domain/types';
import { found, lockConversation } from './conversations';
import { bringStatusesInStep } from './markers';
import { toMember, type ChatStoreContext, type Trx } from './rows';
import type { MessagesSchema } from './schema';
import type { MemberStore } from './store';

/** Members: who is in a conversation now; a leaver's row stays (left_at) so a rejoin keeps their markers' history. */

/** The current members among `userIds` (a room may have thousands; a write needs a few). */
export async function membersAmong(trx: Trx, conversationId: number, userIds: number[]): Promise<Member[]> {
  if (userIds.length === 0) return [];
  const { rows } = await trx.executeQuery(membersAmongQuery(trx, conversationId, userIds));
  return rows.map(toMember);
}

/** membersAmong's statement (userIds not empty), for a caller that sends it with others (platform's together.ts). */
export function membersAmongQuery(trx: Trx, conversationId: number, userIds: number[]): CompiledQuery<Selectable<MessagesSchema['conversation_members']>> {
  return trx.selectFrom('conversation_members').selectAll().where('conversation_id', '=', conversationId).where('user_id', 'in', userIds).where('left_at', 'is', null).compile();
}

/**
 * Adds (or re-adds) a member under the conversation's lock; returns what that announces. A
 * joining member has seen what came before: their markers start at `atSeq` (the newest
 * message). If one member was alone there, their messages, held at sent for want of anyone
 * else, are now read by the newcomer.
 */
export async function joinMember(
  trx: Trx,
  conversation: Conversation,
  userId: number,
  role: MemberRole,
  now: Date,
  atSeq = conversation.lastSeq,
): Promise<NewChatEvent[]> {
  const ever = await trx
    .selectFrom('conversation_members')
    .select('user_id')
    .where('conversation_id', '=', conversation.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  // Two are enough to know whether one member was alone.
  const others = await trx
    .selectFrom('conversation_members')
    .select('user_id')
    .where('conversation_id', '=', conversation.id)
    .where('left_at', 'is', null)
    .where('user_id', '!=', userId)
    .limit(2)
    .execute();
  const values = { role, joined_at: toDbTime(now), left_at: null, last_delivered_seq: atSeq, last_read_seq: atSeq };
  if (ever) {
    await trx.updateTable('conversation_members').set(values).where('conversation_id', '=', conversation.id).where('user_id', '=', userId).execute();
  } else {
    await trx.insertInto('conversation_members').values({ conversation_id: conversation.id, user_id: userId, ...values }).execute();
  }
  const joined: NewChatEvent = { type: 'member_joined', conversationId: conversation.id, conversationKind: conversation.kind, userId };
  if (others.length !== 1) return [joined];
  return [joined, ...(await bringStatusesInStep(trx, conversation, { lastDeliveredSeq: 0, lastReadSeq: 0 }))];
}

export function memberStore({ db, write }: ChatStoreContext): MemberStore {
  return {
    async membersOf(conversationIds) {
      const members = new Map<number, Member[]>(conversationIds.map((id) => [id, []]));
      if (conversationIds.length === 0) return members;
      const rows = await db
        .selectFrom('conversation_members')
        .selectAll()
        .where('conversation_id', 'in', conversationIds)
        .where('left_at', 'is', null)
        .orderBy('conversation_id')
        .orderBy('user_id')
        .execute();
      for (const row of rows) members.get(Number(row.conversation_id))?.push(toMember(row));
      return members;
    },

    addMember(conversationId, userId, role, maxMembers) {
      return write(async (trx, events, now) => {
        const conversation = found(await lockConversation(trx, conversationId, { updated_at: toDbTime(now) }));
        const existing = await trx
          .selectFrom('conversation_members')
          .select('left_at')
          .where('conversation_id', '=', conversationId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (existing && existing.left_at === null) return false;
        if (maxMembers !== undefined) {
          const { count } = await trx
            .selectFrom('conversation_members')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('conversation_id', '=', conversationId)
            .where('left_at', 'is', null)
            .executeTakeFirstOrThrow();
          if (Number(count) >= maxMembers) throw failedPrecondition(`a group holds at most ${maxMembers} members`, 'GROUP_FULL');
        }
        events.push(...(await joinMember(trx, conversation, userId, role, now)));
        return true;
      });
    },

    async addMemberOnce(conversationId, userId) {
      const ever = await db
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (ever) return false;
      try {
        return await write(async (trx, events, now) => {
          const conversation = found(await lockConversation(trx, conversationId, { updated_at: toDbTime(now) }));
          events.push(...(await joinMember(trx, conversation, userId, 'member', now)));
          return true;
        });
      } catch (error) {
        if (isDuplicate(error)) return false; // another replica or the registration feed got there first
        throw error;
      }
    },

    /** The leaver no longer holds anyone's messages back: statuses are brought in step without them. */
    removeMember(conversationId, userId) {
      return write(async (trx, events, now) => {
        const conversation = await lockConversation(trx, conversationId);
        if (!conversation) return false;
        const [leaver] = await membersAmong(trx, conversationId, [userId]);
        if (!leaver) return false;
        await trx
          .updateTable('conversation_members')
          .set({ left_at: toDbTime(now) })
          .where('conversation_id', '=', conversationId)
          .where('user_id', '=', userId)
          .execute();
        events.push({ type: 'member_left', conversationId, conversationKind: conversation.kind, userId });
        events.push(...(await bringStatusesInStep(trx, conversation, leaver)));
        return true;
      });
    },
  };
}
