import { notFound } from '@charla/platform';
import type { ConversationStore, MemberStore, MessageStore, SettingsStore } from '../store/store';
import { accessOf, refusal, type Access } from './access';
import type { HistoryStamp } from './newest-pages';
import { unreadCount } from './receipts';
import type { Conversation, ConversationView, Member, MemberState, Message, UserCaller } from './types';
import * as valid from './validation';

const NO_STATE: Omit<MemberState, 'userId'> = { mentionCount: 0, muted: false, favourite: false, archived: false };

export interface Reached {
  conversation: Conversation;
  membership: Member | undefined;
  access: Exclude<Access, 'none'>;
  /** What its stored messages show, as read with the access (domain/newest-pages.ts). */
  history: HistoryStamp;
}

/** The conversation if the caller may read and write it; otherwise the outsider's refusal. */
export async function reach(store: ConversationStore, caller: UserCaller, conversationId: number): Promise<Reached> {
  const found = await store.conversationOf(conversationId, caller.user.id);
  if (!found) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
  const { conversation, membership } = found;
  const access = accessOf(caller, conversation, membership);
  if (access === 'none') throw refusal(conversation);
  return { conversation, membership, access, history: { lastSeq: conversation.lastSeq, version: found.historyVersion } };
}

/**
 * A message the caller may see, with how they reach its conversation. An outsider learns
 * nothing, not even that the message exists: unknown and unreachable both read as NOT_FOUND.
 */
export async function reachMessage(
  store: ConversationStore & Pick<MessageStore, 'getMessage'>,
  caller: UserCaller,
  messageId: unknown,
): Promise<Reached & { message: Message }> {
  const message = await store.getMessage(valid.id(messageId, 'message_id'));
  if (!message) throw notFound('message', 'MESSAGE_NOT_FOUND');
  const found = await store.conversationOf(message.conversationId, caller.user.id);
  const access = found ? accessOf(caller, found.conversation, found.membership) : 'none';
  if (!found || access === 'none') throw notFound('message', 'MESSAGE_NOT_FOUND');
  return { message, conversation: found.conversation, membership: found.membership, access, history: { lastSeq: found.conversation.lastSeq, version: found.historyVersion } };
}

/** Conversations as one caller sees them: members, last message, unread count and their own state, in three queries. */
export class ConversationViews {
  constructor(private readonly store: ConversationStore & MemberStore & MessageStore & Pick<SettingsStore, 'statesOf'>) {}

  /** One conversation as it is now (re-read: the record may predate the write that led here). */
  async one(caller: UserCaller, conversation: Conversation): Promise<ConversationView> {
    const fresh = await this.store.getConversation(conversation.id);
    if (!fresh) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
    const [view] = await this.many(caller, [fresh]);
    return view;
  }

  async many(caller: UserCaller, conversations: Conversation[]): Promise<ConversationView[]> {
    const ids = conversations.map((c) => c.id);
    const [members, last, states] = await Promise.all([
      this.store.membersOf(ids),
      this.store.lastMessages(conversations),
      this.store.statesOf(caller.user.id, ids),
    ]);
    return conversations.map((c) => {
      const list = members.get(c.id) ?? [];
      // Staff reading a support conversation they have not answered keep no state of it.
      const { mentionCount, muted, favourite, archived } = states.get(c.id) ?? NO_STATE;
      const unread = unreadCount(c.lastSeq, list.find((m) => m.userId === caller.user.id));
      return { ...c, members: list, lastMessage: last.get(c.id), unreadCount: unread, mentionCount, muted, favourite, archived };
    });
  }
}
