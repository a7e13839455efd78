import * as pb from '@charla/proto/messages';
import type { AddressedEvent, ChatEventType } from './domain/events';
import type { ConversationKind, ConversationView, ListOrderName, Member, MemberRole, Message, MessageStatus } from './domain/types';
import { richConversationToPb, richMessageToPb, RICH_EVENT_TYPES_TO_PB } from './mapping-rich';

/**
 * Domain → proto messages. The gRPC handlers send them as they are; the REST adapter sends
 * their proto JSON form, so every door shows a conversation the same way.
 */

const KIND_TO_PB: Record<ConversationKind, pb.ConversationKind> = {
  room: pb.ConversationKind.CONVERSATION_KIND_ROOM,
  direct: pb.ConversationKind.CONVERSATION_KIND_DIRECT,
  group: pb.ConversationKind.CONVERSATION_KIND_GROUP,
  support: pb.ConversationKind.CONVERSATION_KIND_SUPPORT,
};

const ROLE_TO_PB: Record<MemberRole, pb.MemberRole> = {
  member: pb.MemberRole.MEMBER_ROLE_MEMBER,
  owner: pb.MemberRole.MEMBER_ROLE_OWNER,
  operator: pb.MemberRole.MEMBER_ROLE_OPERATOR,
};

const STATUS_TO_PB: Record<MessageStatus, pb.MessageStatus> = {
  sent: pb.MessageStatus.MESSAGE_STATUS_SENT,
  delivered: pb.MessageStatus.MESSAGE_STATUS_DELIVERED,
  read: pb.MessageStatus.MESSAGE_STATUS_READ,
  deleted: pb.MessageStatus.MESSAGE_STATUS_DELETED,
};

const EVENT_TYPE_TO_PB: Record<ChatEventType, pb.MessagesEventType> = {
  message_added: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED,
  message_edited: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_EDITED,
  message_deleted: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_DELETED,
  message_status_changed: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_STATUS_CHANGED,
  conversation_created: pb.MessagesEventType.MESSAGES_EVENT_TYPE_CONVERSATION_CREATED,
  member_joined: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_JOINED,
  member_left: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_LEFT,
  marker_moved: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED,
  ...RICH_EVENT_TYPES_TO_PB,
  motd_changed: pb.MessagesEventType.MESSAGES_EVENT_TYPE_MOTD_CHANGED,
};

export function toPbMessage(message: Message): pb.Message {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    authorId: message.authorId,
    body: message.body,
    clientId: message.clientId,
    status: STATUS_TO_PB[message.status],
    isFromSupport: message.isFromSupport,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
    editedAt: message.editedAt,
    deletedAt: message.deletedAt,
    attachments: message.attachments.map((attachment) => ({ ...attachment })),
    ...richMessageToPb(message),
  };
}

function toPbMember(member: Member): pb.Member {
  return {
    userId: member.userId,
    role: ROLE_TO_PB[member.role],
    joinedAt: member.joinedAt,
    lastDeliveredSeq: member.lastDeliveredSeq,
    lastReadSeq: member.lastReadSeq,
  };
}

export function toPbConversation(view: ConversationView): pb.Conversation {
  return {
    id: view.id,
    kind: KIND_TO_PB[view.kind],
    title: view.title,
    members: view.members.map(toPbMember),
    lastMessage: view.lastMessage && toPbMessage(view.lastMessage),
    unreadCount: view.unreadCount,
    lastSeq: view.lastSeq,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    supportUserId: view.supportUserId,
    ...richConversationToPb(view),
  };
}

export function toPbEvent({ event, memberIds }: AddressedEvent): pb.MessagesEvent {
  return {
    id: event.id,
    type: EVENT_TYPE_TO_PB[event.type],
    conversationId: event.conversationId,
    conversationKind: event.conversationKind === 'none' ? pb.ConversationKind.CONVERSATION_KIND_UNSPECIFIED : KIND_TO_PB[event.conversationKind],
    message: event.message && toPbMessage(event.message),
    userId: event.userId ?? 0,
    upToSeq: event.upToSeq ?? 0,
    status: event.status === undefined ? pb.MessageStatus.MESSAGE_STATUS_UNSPECIFIED : STATUS_TO_PB[event.status],
    occurredAt: event.occurredAt,
    memberIds,
    motd: event.motd ?? '',
  };
}

export function orderFromPb(order: pb.ListOrder): ListOrderName {
  return order === pb.ListOrder.LIST_ORDER_OLDEST_FIRST ? 'oldest-first' : 'newest-first';
}
