import { notFound, permissionDenied, type ChatError } from '@charla/platform';
import type { Conversation, ConversationKind, Member, UserCaller } from './types';

/**
 * How the caller reaches a conversation: as a current member, as support staff (operators
 * and admins reach every support conversation, and nothing else by their role), or not at all.
 */
export type Access = 'member' | 'staff' | 'none';

export function accessOf(caller: UserCaller, conversation: Conversation, membership: Member | undefined): Access {
  if (membership) return 'member';
  if (caller.staff && conversation.kind === 'support') return 'staff';
  return 'none';
}

/**
 * The refusal for an outsider. Rooms are public (ListRooms shows them), so saying "join
 * first" leaks nothing; for every other kind the conversation's existence is private.
 */
export function refusal(conversation: Conversation): ChatError {
  return conversation.kind === 'room'
    ? permissionDenied('join the room to read or write it', 'NOT_A_MEMBER')
    : notFound('conversation', 'CONVERSATION_NOT_FOUND');
}

/** Only groups and rooms gain members by invitation; a direct chat is exactly its two users. */
export function acceptsInvitations(kind: ConversationKind): boolean {
  return kind === 'group' || kind === 'room';
}

/** A reply counts as the support desk's when staff write in someone else's support conversation. */
export function isFromSupport(caller: UserCaller, conversation: Conversation): boolean {
  return caller.staff && conversation.kind === 'support' && conversation.supportUserId !== caller.user.id;
}

/** The key that makes a direct chat between two users unique, whoever opened it. */
export function directKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}
