import { failedPrecondition, invalidArgument, permissionDenied } from '@charla/platform';
import type { ChatStore } from '../store/store';
import { requireUser } from './callers';
import { reach, reachMessage, type Reached } from './reach';
import type { Caller, Message, UserCaller } from './types';
import * as valid from './validation';

/** Pinned messages one conversation keeps; pinning one more asks to unpin one first. */
export const PINS_PER_CONVERSATION = 50;
/** Conversations whose pins one ListPinnedMessages reads. */
export const PIN_LISTS_MAX = 100;

/**
 * Who pins and unpins: in a group, a direct chat or a support conversation, anyone who may
 * write there (staff answering support included); in a room, which anyone may join, only its
 * owner and staff (operators and admins) who are in it, so a passer-by cannot rearrange it.
 */
export function mayPin(caller: UserCaller, { conversation, membership }: Pick<Reached, 'conversation' | 'membership'>): boolean {
  if (conversation.kind !== 'room') return true;
  return membership !== undefined && (membership.role === 'owner' || caller.staff);
}

/** Pinning messages, and the pinned messages of conversations. */
export class Pins {
  constructor(private readonly store: ChatStore) {}

  async pin(caller: Caller, messageId: unknown): Promise<Message> {
    const me = requireUser(caller);
    const { message } = await this.pinnable(me, messageId);
    return this.store.pinMessage(message.id, me.user.id, PINS_PER_CONVERSATION);
  }

  async unpin(caller: Caller, messageId: unknown): Promise<Message> {
    const me = requireUser(caller);
    const { message } = await this.pinnable(me, messageId);
    return this.store.unpinMessage(message.id, me.user.id);
  }

  /** The pinned messages of up to 100 conversations the caller may read, newest pin first in each. */
  async list(caller: Caller, request: { conversationIds?: unknown }): Promise<Message[]> {
    const me = requireUser(caller);
    const given = request.conversationIds ?? [];
    if (!Array.isArray(given) || given.length === 0) throw invalidArgument('conversation_ids', 'name at least one conversation');
    if (given.length > PIN_LISTS_MAX) throw invalidArgument('conversation_ids', `at most ${PIN_LISTS_MAX} at once`);
    const ids = [...new Set(given.map((id, i) => valid.id(id, `conversation_ids[${i}]`)))];
    await Promise.all(ids.map((id) => reach(this.store, me, id)));
    return this.store.pinnedMessages(ids);
  }

  private async pinnable(me: UserCaller, messageId: unknown) {
    const reached = await reachMessage(this.store, me, messageId);
    if (!mayPin(me, reached)) throw permissionDenied('in a room, its owner and staff pin messages', 'OWNER_ONLY');
    if (reached.message.kind === 'system') throw failedPrecondition('a system line cannot be pinned', 'SYSTEM_MESSAGE');
    return reached;
  }
}
