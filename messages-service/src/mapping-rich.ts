import { invalidArgument } from '@charla/platform';
import * as pb from '@charla/proto/messages';
import type { ChatEventType } from './domain/events';
import type { ConversationView, MemberState, Message, SystemChange } from './domain/types';

/** Domain → proto for replies, reactions, mentions, pins, system lines and each member's own state. */

const ACTION_TO_PB: Record<SystemChange['action'], pb.SystemAction> = {
  renamed: pb.SystemAction.SYSTEM_ACTION_RENAMED,
  topic_changed: pb.SystemAction.SYSTEM_ACTION_TOPIC_CHANGED,
};

export const RICH_EVENT_TYPES_TO_PB: Record<Extract<ChatEventType, 'reaction_changed' | 'message_pinned' | 'message_unpinned' | 'conversation_updated' | 'preferences_changed'>, pb.MessagesEventType> = {
  reaction_changed: pb.MessagesEventType.MESSAGES_EVENT_TYPE_REACTION_CHANGED,
  message_pinned: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_PINNED,
  message_unpinned: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_UNPINNED,
  conversation_updated: pb.MessagesEventType.MESSAGES_EVENT_TYPE_CONVERSATION_UPDATED,
  preferences_changed: pb.MessagesEventType.MESSAGES_EVENT_TYPE_PREFERENCES_CHANGED,
};

export function richMessageToPb(message: Message): Pick<pb.Message, 'replyToId' | 'replyTo' | 'reactions' | 'mentionIds' | 'pinnedAt' | 'pinnedBy' | 'kind' | 'system'> {
  return {
    replyToId: message.replyToId,
    replyTo: message.replyTo && { ...message.replyTo },
    reactions: message.reactions.map((r) => ({ emoji: r.emoji, count: r.count, userIds: [...r.userIds] })),
    mentionIds: [...message.mentionIds],
    pinnedAt: message.pinnedAt,
    pinnedBy: message.pinnedBy,
    kind: message.kind === 'system' ? pb.MessageKind.MESSAGE_KIND_SYSTEM : pb.MessageKind.MESSAGE_KIND_TEXT,
    system: message.system && { action: ACTION_TO_PB[message.system.action], title: message.system.title, topic: message.system.topic },
  };
}

/** The caller's own side of a conversation, and its topic. */
export function richConversationToPb(view: ConversationView): Pick<pb.Conversation, 'topic' | 'mentionCount' | 'muted' | 'favourite' | 'archived'> {
  return { topic: view.topic, mentionCount: view.mentionCount, muted: view.muted, favourite: view.favourite, archived: view.archived };
}

export function memberStateToPb(state: MemberState): pb.MemberState {
  return { ...state };
}

/** The paths UpdateConversation's mask may name; empty means both. */
export function conversationUpdateFromPb(request: pb.UpdateConversationRequest): { conversationId: number; title?: string; topic?: string } {
  const paths = request.updateMask && request.updateMask.length > 0 ? request.updateMask : ['title', 'topic'];
  const unknown = paths.find((path) => path !== 'title' && path !== 'topic');
  if (unknown !== undefined) throw invalidArgument('update_mask', `"${unknown}" is not one of title, topic`);
  return {
    conversationId: request.conversationId,
    title: paths.includes('title') ? request.title : undefined,
    topic: paths.includes('topic') ? request.topic : undefined,
  };
}
