import { notFound } from '@charla/platform';
import type { ConversationStore, MemberStore, MessageStore } from '../store/store';
import { accessOf, refusal, type Access } from './access';
import { unreadCount } from './receipts';
import type { Conversation, ConversationView, Member, UserCaller } from './types';

export interface Reached {
  conversation: Conversation;
  membership: Member | undefined;
  access: Exclude<Access, 'none'>;
}

/** The conversation if the caller may read and write it; otherwise the outsider's refusal. */
export async function reach(store: ConversationStore, caller: UserCaller, conversationId: number): Promise<Reached> {
  const found = await store.conversationOf(conversationId, caller.user.id);
  if (!found) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
  const { conversation, membership } = found;
  const access = accessOf(caller, conversation, membership);
  if (access === 'none') throw refusal(conversation);
  return { conversation, membership, access };
}

/** Conversations as one caller sees them: members, last message and unread count, in two queries. */
export class ConversationViews {
  constructor(private readonly store: ConversationStore & MemberStore & MessageStore) {}

  /** One conversation as it is now (re-read: the record may predate the write that led here). */
  async one(caller: UserCaller, conversation: Conversation): Promise<ConversationView> {
    const fresh = await this.store.getConversation(conversation.id);
    if (!fresh) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
    const [view] = await this.many(caller, [fresh]);
    return view;
  }

  async many(caller: UserCaller, conversations: Conversation[]): Promise<ConversationView[]> {
    const ids = conversations.map((c) => c.id);
    const [members, last] = await Promise.all([this.store.membersOf(ids), this.store.lastMessages(conversations)]);
    return conversations.map((c) => {
      const list = members.get(c.id) ?? [];
      return { ...c, members: list, lastMessage: last.get(c.id), unreadCount: unreadCount(c.lastSeq, list.find((m) => m.userId === caller.user.id)) };
    });
  }
}
