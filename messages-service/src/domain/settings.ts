import { failedPrecondition, invalidArgument, permissionDenied } from '@charla/platform';
import type { ChatStore } from '../store/store';
import { requireService, requireUser } from './callers';
import { ConversationViews, reach, type Reached } from './reach';
import type { Caller, ConversationKind, ConversationView, MemberState, PreferenceChanges, SystemChange, UserCaller } from './types';
import * as valid from './validation';

/** A topic is one line of at most this many characters; '' clears it. */
export const TOPIC_MAX = 250;
/** Members one BatchGetMemberStates answers for (a gateway asks for an event's whole audience). */
export const MEMBER_STATES_MAX = 10_000;

/** A topic: whitespace (line breaks included) runs become one space; at most 250 characters. */
export function conversationTopic(value: unknown, field = 'topic'): string {
  if (typeof value !== 'string') throw invalidArgument(field, 'must be a string');
  const topic = value.replace(/\s+/g, ' ').trim();
  if ([...topic].length > TOPIC_MAX) throw invalidArgument(field, `must be at most ${TOPIC_MAX} characters`);
  if (/\p{Cc}/u.test(topic)) throw invalidArgument(field, 'must not contain control characters');
  return topic;
}

/**
 * Who renames a conversation and sets its topic: in a group any member; in a room its owner, or
 * staff (operators and admins) who are in it (`general` has no owner). A direct chat is named
 * after the other person and a support conversation after the asking user: neither has settings.
 */
export function settingsRefusal(caller: UserCaller, { conversation, membership }: Pick<Reached, 'conversation' | 'membership'>): Error | undefined {
  if (conversation.kind === 'direct' || conversation.kind === 'support') {
    return failedPrecondition('direct and support conversations have no title or topic to set', 'SETTINGS_FIXED');
  }
  if (!membership) return failedPrecondition('you are not a member of this conversation', 'NOT_A_MEMBER');
  if (conversation.kind === 'room' && membership.role !== 'owner' && !caller.staff) {
    return permissionDenied('only the room’s owner changes its title and topic', 'OWNER_ONLY');
  }
  return undefined;
}

const KIND_NAME: Partial<Record<ConversationKind, string>> = { group: 'group', room: 'room' };

/** The system line's words, for everything that shows text (the support socket, notifications, previews). */
export function systemLineText(actor: string, kind: ConversationKind, change: SystemChange): string {
  switch (change.action) {
    case 'renamed':
      return `${actor} renamed the ${KIND_NAME[kind] ?? 'conversation'} to “${change.title}”`;
    case 'topic_changed':
      return change.topic ? `${actor} set the topic to “${change.topic}”` : `${actor} cleared the topic`;
    default: {
      const never: never = change.action;
      throw new Error(`unknown system line ${String(never)}`);
    }
  }
}

function preference(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidArgument(field, 'must be true or false');
  return value;
}

/** A conversation's title and topic, each member's own preferences, and what only they see of it. */
export class Settings {
  private readonly views: ConversationViews;

  constructor(private readonly store: ChatStore) {
    this.views = new ConversationViews(store);
  }

  /** Title and/or topic (undefined: unchanged); each change adds a system line by the caller. */
  async update(caller: Caller, request: { conversationId?: unknown; title?: unknown; topic?: unknown }): Promise<ConversationView> {
    const me = requireUser(caller);
    const id = valid.id(request.conversationId, 'conversation_id');
    if (request.title === undefined && request.topic === undefined) throw invalidArgument('update_mask', 'name title, topic or both');
    const title = request.title === undefined ? undefined : valid.conversationTitle(request.title);
    const topic = request.topic === undefined ? undefined : conversationTopic(request.topic);
    const reached = await reach(this.store, me, id);
    const refusal = settingsRefusal(me, reached);
    if (refusal) throw refusal;
    const { conversation } = reached;
    const renamed = title !== undefined && title !== conversation.title;
    // New users are put in `general` by its name.
    if (renamed && conversation.kind === 'room' && conversation.id === (await this.store.generalRoomId())) {
      throw failedPrecondition('`general` keeps its name; its topic can change', 'GENERAL_ROOM');
    }
    const newTopic = topic !== undefined && topic !== conversation.topic;
    // Nothing new: no write, no system line.
    if (!renamed && !newTopic) return this.views.one(me, conversation);
    const changes: SystemChange[] = [
      ...(renamed ? [{ action: 'renamed' as const, title, topic: '' }] : []),
      ...(newTopic ? [{ action: 'topic_changed' as const, title: '', topic }] : []),
    ];
    await this.store.updateConversation({
      conversationId: id,
      title: renamed ? title : undefined,
      topic: newTopic ? topic : undefined,
      authorId: me.user.id,
      lines: changes.map((system) => ({ system, body: systemLineText(me.user.username, conversation.kind, system) })),
    });
    return this.views.one(me, conversation);
  }

  /** The caller's own mute, favourite and archive of a conversation they are in; undefined leaves one as it is. */
  async setPreferences(caller: Caller, request: { conversationId?: unknown; muted?: unknown; favourite?: unknown; archived?: unknown }): Promise<ConversationView> {
    const me = requireUser(caller);
    const id = valid.id(request.conversationId, 'conversation_id');
    const changes: PreferenceChanges = {
      muted: preference(request.muted, 'muted'),
      favourite: preference(request.favourite, 'favourite'),
      archived: preference(request.archived, 'archived'),
    };
    if (Object.values(changes).every((v) => v === undefined)) throw invalidArgument('muted', 'give muted, favourite or archived');
    const { conversation, access } = await reach(this.store, me, id);
    if (access !== 'member') throw failedPrecondition('you are not a member of this conversation', 'NOT_A_MEMBER');
    await this.store.setPreferences(id, me.user.id, changes);
    return this.views.one(me, conversation);
  }

  /** Gateways only (service credential): each member's own side of one conversation, for an event that reaches them all. */
  async memberStates(caller: Caller, request: { conversationId?: unknown; userIds?: unknown }): Promise<MemberState[]> {
    requireService(caller);
    const id = valid.id(request.conversationId, 'conversation_id');
    const given = request.userIds ?? [];
    if (!Array.isArray(given)) throw invalidArgument('user_ids', 'must be a list of user ids');
    if (given.length > MEMBER_STATES_MAX) throw invalidArgument('user_ids', `at most ${MEMBER_STATES_MAX} at once`);
    const userIds = [...new Set(given.map((userId, i) => valid.id(userId, `user_ids[${i}]`)))];
    return this.store.statesIn(id, userIds);
  }
}
