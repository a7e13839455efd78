// Generated from api-gateway/src/schema.graphql by api-gateway/scripts/generate-graphql.mjs: do not edit.
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type RegisterInput = {
  firstName: string;
  lastName: string;
  username: string;
  email?: string | null | undefined;
  password: string;
};

/** Only the fields given are changed. */
export type UpdateProfileInput = {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  username?: string | null | undefined;
  email?: string | null | undefined;
  notificationLevel?: NotificationLevel | null | undefined;
};

/** What my browser notifies me of while Charla is in the background. */
export type NotificationLevel =
  /** Every message, except in conversations I muted. */
  | 'ALL'
  /** Messages that mention me, and direct messages (never in muted conversations). */
  | 'MENTIONS'
  | 'NONE';

export type UserStatus =
  | 'ONLINE'
  | 'AWAY'
  | 'BUSY'
  | 'OFFLINE';

export type UserRole =
  | 'USER'
  | 'OPERATOR'
  | 'ADMIN';

export type MessageStatus =
  | 'SENT'
  | 'DELIVERED'
  | 'READ'
  | 'DELETED';

export type ConversationKind =
  | 'ROOM'
  | 'DIRECT'
  | 'GROUP'
  | 'SUPPORT';

export type MemberRole =
  | 'MEMBER'
  | 'OWNER'
  | 'OPERATOR';

export type MessageKind =
  | 'TEXT'
  | 'SYSTEM';

export type SystemAction =
  | 'RENAMED'
  | 'TOPIC_CHANGED';

export type UserFieldsFragment = { id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole };

export type MeFieldsFragment = { email: string | null, notificationLevel: NotificationLevel | null, id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole };

export type MemberUserFieldsFragment = { id: string, firstName: string, lastName: string, username: string, status: UserStatus };

export type MessageCoreFragment = { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> };

export type MessageFieldsFragment = { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> };

export type LiveMessageFieldsFragment = { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> };

export type AttachmentFieldsFragment = { id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null };

export type SearchMessagesQueryVariables = Exact<{
  query: string;
  conversationId?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchMessagesQuery = { searchMessages: { edges: Array<{ cursor: string, snippet: string, node: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MessagesAroundQueryVariables = Exact<{
  conversationId: string;
  around: number;
  first?: number | null | undefined;
}>;


export type MessagesAroundQuery = { messages: { edges: Array<{ cursor: string, node: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type ConversationFieldsFragment = { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null };

export type UsersPageFragment = { edges: Array<{ node: { id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } };

export type MessagesPageFragment = { edges: Array<{ cursor: string, node: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } };

export type HomeQueryVariables = Exact<{
  usersFirst?: number | null | undefined;
}>;


export type HomeQuery = { motd: string | null, me: { email: string | null, notificationLevel: NotificationLevel | null, id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole } | null, conversations: Array<{ id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null }>, users: { edges: Array<{ node: { id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, rooms: Array<{ id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null }> };

export type UsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UsersQuery = { users: { edges: Array<{ node: { id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConversationsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConversationsQuery = { conversations: Array<{ id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null }> };

export type MessagesQueryVariables = Exact<{
  conversationId: string;
  first?: number | null | undefined;
  before?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type MessagesQuery = { messages: { edges: Array<{ cursor: string, node: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type SupportQueueQueryVariables = Exact<{ [key: string]: never; }>;


export type SupportQueueQuery = { supportQueue: Array<{ id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null }> };

export type RoomsQueryVariables = Exact<{ [key: string]: never; }>;


export type RoomsQuery = { rooms: Array<{ id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null }> };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string } };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { token: string } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile: { email: string | null, notificationLevel: NotificationLevel | null, id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole } };

export type ChangePasswordMutationVariables = Exact<{
  oldPassword: string;
  newPassword: string;
}>;


export type ChangePasswordMutation = { changePassword: boolean };

export type SetStatusMutationVariables = Exact<{
  status: UserStatus;
}>;


export type SetStatusMutation = { setStatus: { email: string | null, notificationLevel: NotificationLevel | null, id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole } };

export type SendMessageMutationVariables = Exact<{
  conversationId: string;
  body: string;
  clientId?: string | null | undefined;
  attachmentIds?: Array<string> | string | null | undefined;
  replyToId?: string | null | undefined;
}>;


export type SendMessageMutation = { sendMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type EditMessageMutationVariables = Exact<{
  id: string;
  body: string;
}>;


export type EditMessageMutation = { editMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type DeleteMessageMutationVariables = Exact<{
  id: string;
}>;


export type DeleteMessageMutation = { deleteMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type MarkReadMutationVariables = Exact<{
  conversationId: string;
  seq: number;
}>;


export type MarkReadMutation = { markRead: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type MarkDeliveredMutationVariables = Exact<{
  conversationId: string;
  seq: number;
}>;


export type MarkDeliveredMutation = { markDelivered: { id: string } };

export type OpenDirectMutationVariables = Exact<{
  username: string;
}>;


export type OpenDirectMutation = { openDirect: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type CreateGroupMutationVariables = Exact<{
  title: string;
  usernames?: Array<string> | string | null | undefined;
}>;


export type CreateGroupMutation = { createGroup: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type AddMemberMutationVariables = Exact<{
  conversationId: string;
  username: string;
}>;


export type AddMemberMutation = { addMember: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type LeaveConversationMutationVariables = Exact<{
  conversationId: string;
}>;


export type LeaveConversationMutation = { leaveConversation: boolean };

export type OpenSupportMutationVariables = Exact<{ [key: string]: never; }>;


export type OpenSupportMutation = { openSupport: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type CreateRoomMutationVariables = Exact<{
  title: string;
}>;


export type CreateRoomMutation = { createRoom: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type JoinRoomMutationVariables = Exact<{
  conversationId: string;
}>;


export type JoinRoomMutation = { joinRoom: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type SetTypingMutationVariables = Exact<{
  conversationId: string;
}>;


export type SetTypingMutation = { setTyping: boolean };

export type AddReactionMutationVariables = Exact<{
  messageId: string;
  emoji: string;
}>;


export type AddReactionMutation = { addReaction: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type RemoveReactionMutationVariables = Exact<{
  messageId: string;
  emoji: string;
}>;


export type RemoveReactionMutation = { removeReaction: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type PinMessageMutationVariables = Exact<{
  id: string;
}>;


export type PinMessageMutation = { pinMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type UnpinMessageMutationVariables = Exact<{
  id: string;
}>;


export type UnpinMessageMutation = { unpinMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type PinnedMessagesQueryVariables = Exact<{
  conversationId: string;
}>;


export type PinnedMessagesQuery = { conversation: { id: string, pinnedMessages: Array<{ id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> }> } | null };

export type UpdateConversationMutationVariables = Exact<{
  id: string;
  title?: string | null | undefined;
  topic?: string | null | undefined;
}>;


export type UpdateConversationMutation = { updateConversation: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type SetConversationPreferencesMutationVariables = Exact<{
  conversationId: string;
  muted?: boolean | null | undefined;
  favourite?: boolean | null | undefined;
  archived?: boolean | null | undefined;
}>;


export type SetConversationPreferencesMutation = { setConversationPreferences: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type MessageAddedSubscriptionVariables = Exact<{
  conversationId?: string | null | undefined;
  after?: number | null | undefined;
}>;


export type MessageAddedSubscription = { messageAdded: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type LiveMessageAddedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveMessageAddedSubscription = { messageAdded: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type MessageUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type MessageUpdatedSubscription = { messageUpdated: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } };

export type UserUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type UserUpdatedSubscription = { userUpdated: { id: string, firstName: string, lastName: string, username: string, status: UserStatus, lastSeenAt: string | null, role: UserRole } };

export type TypingChangedSubscriptionVariables = Exact<{
  conversationId: string;
}>;


export type TypingChangedSubscription = { typingChanged: { conversationId: string, typing: boolean, user: { id: string, username: string } | null } };

export type ConversationChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConversationChangedSubscription = { conversationChanged: { id: string, kind: ConversationKind, title: string, unreadCount: number, lastSeq: number, topic: string | null, mentionCount: number, muted: boolean, favourite: boolean, archived: boolean, members: Array<{ role: MemberRole, lastDeliveredSeq: number, lastReadSeq: number, user: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null }>, supportUser: { id: string, firstName: string, lastName: string, username: string, status: UserStatus } | null, lastMessage: { id: string, conversationId: string, seq: number, body: string, status: MessageStatus, clientId: string | null, createdAt: string | null, editedAt: string | null, deletedAt: string | null, isFromSupport: boolean, kind: MessageKind, pinnedAt: string | null, reactions: Array<{ emoji: string, count: number, reactedByMe: boolean }>, author: { id: string, username: string, firstName: string, lastName: string } | null, attachments: Array<{ id: string, name: string, contentType: string, size: number, url: string, thumbnailUrl: string | null, width: number | null, height: number | null }>, systemChange: { action: SystemAction, title: string | null, topic: string | null } | null, replyTo: { id: string, seq: number, body: string, status: MessageStatus, author: { id: string, username: string, firstName: string, lastName: string } | null } | null, mentions: Array<{ username: string }> } | null } };

export type MotdChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type MotdChangedSubscription = { motdChanged: string | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const UserFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserFields on User {
  id
  firstName
  lastName
  username
  status
  lastSeenAt
  role
}
    `, {"fragmentName":"UserFields"}) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
export const MeFieldsFragmentDoc = new TypedDocumentString(`
    fragment MeFields on User {
  ...UserFields
  email
  notificationLevel
}
    fragment UserFields on User {
  id
  firstName
  lastName
  username
  status
  lastSeenAt
  role
}`, {"fragmentName":"MeFields"}) as unknown as TypedDocumentString<MeFieldsFragment, unknown>;
export const AttachmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
    `, {"fragmentName":"AttachmentFields"}) as unknown as TypedDocumentString<AttachmentFieldsFragment, unknown>;
export const MessageCoreFragmentDoc = new TypedDocumentString(`
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
    fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`, {"fragmentName":"MessageCore"}) as unknown as TypedDocumentString<MessageCoreFragment, unknown>;
export const LiveMessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment LiveMessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`, {"fragmentName":"LiveMessageFields"}) as unknown as TypedDocumentString<LiveMessageFieldsFragment, unknown>;
export const MemberUserFieldsFragmentDoc = new TypedDocumentString(`
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
    `, {"fragmentName":"MemberUserFields"}) as unknown as TypedDocumentString<MemberUserFieldsFragment, unknown>;
export const MessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`, {"fragmentName":"MessageFields"}) as unknown as TypedDocumentString<MessageFieldsFragment, unknown>;
export const ConversationFieldsFragmentDoc = new TypedDocumentString(`
    fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`, {"fragmentName":"ConversationFields"}) as unknown as TypedDocumentString<ConversationFieldsFragment, unknown>;
export const UsersPageFragmentDoc = new TypedDocumentString(`
    fragment UsersPage on UserConnection {
  edges {
    node {
      ...UserFields
    }
  }
  pageInfo {
    hasNextPage
    endCursor
  }
}
    fragment UserFields on User {
  id
  firstName
  lastName
  username
  status
  lastSeenAt
  role
}`, {"fragmentName":"UsersPage"}) as unknown as TypedDocumentString<UsersPageFragment, unknown>;
export const MessagesPageFragmentDoc = new TypedDocumentString(`
    fragment MessagesPage on MessageConnection {
  edges {
    cursor
    node {
      ...MessageFields
    }
  }
  pageInfo {
    hasNextPage
    hasPreviousPage
    startCursor
    endCursor
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`, {"fragmentName":"MessagesPage"}) as unknown as TypedDocumentString<MessagesPageFragment, unknown>;
export const SearchMessagesDocument = new TypedDocumentString(`
    query SearchMessages($query: String!, $conversationId: ID, $first: Int, $after: String) {
  searchMessages(
    query: $query
    conversationId: $conversationId
    first: $first
    after: $after
  ) {
    edges {
      cursor
      snippet
      node {
        ...MessageFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<SearchMessagesQuery, SearchMessagesQueryVariables>;
export const MessagesAroundDocument = new TypedDocumentString(`
    query MessagesAround($conversationId: ID!, $around: Int!, $first: Int) {
  messages(conversationId: $conversationId, around: $around, first: $first) {
    ...MessagesPage
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment MessagesPage on MessageConnection {
  edges {
    cursor
    node {
      ...MessageFields
    }
  }
  pageInfo {
    hasNextPage
    hasPreviousPage
    startCursor
    endCursor
  }
}`) as unknown as TypedDocumentString<MessagesAroundQuery, MessagesAroundQueryVariables>;
export const HomeDocument = new TypedDocumentString(`
    query Home($usersFirst: Int) {
  me {
    ...MeFields
  }
  conversations {
    ...ConversationFields
  }
  users(first: $usersFirst) {
    ...UsersPage
  }
  rooms {
    ...ConversationFields
  }
  motd
}
    fragment UserFields on User {
  id
  firstName
  lastName
  username
  status
  lastSeenAt
  role
}
fragment MeFields on User {
  ...UserFields
  email
  notificationLevel
}
fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}
fragment UsersPage on UserConnection {
  edges {
    node {
      ...UserFields
    }
  }
  pageInfo {
    hasNextPage
    endCursor
  }
}`) as unknown as TypedDocumentString<HomeQuery, HomeQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int, $after: String) {
  users(first: $first, after: $after) {
    ...UsersPage
  }
}
    fragment UserFields on User {
  id
  firstName
  lastName
  username
  status
  lastSeenAt
  role
}
fragment UsersPage on UserConnection {
  edges {
    node {
      ...UserFields
    }
  }
  pageInfo {
    hasNextPage
    endCursor
  }
}`) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const ConversationsDocument = new TypedDocumentString(`
    query Conversations {
  conversations {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<ConversationsQuery, ConversationsQueryVariables>;
export const MessagesDocument = new TypedDocumentString(`
    query Messages($conversationId: ID!, $first: Int, $before: String, $after: String) {
  messages(
    conversationId: $conversationId
    first: $first
    before: $before
    after: $after
  ) {
    ...MessagesPage
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment MessagesPage on MessageConnection {
  edges {
    cursor
    node {
      ...MessageFields
    }
  }
  pageInfo {
    hasNextPage
    hasPreviousPage
    startCursor
    endCursor
  }
}`) as unknown as TypedDocumentString<MessagesQuery, MessagesQueryVariables>;
export const SupportQueueDocument = new TypedDocumentString(`
    query SupportQueue {
  supportQueue {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<SupportQueueQuery, SupportQueueQueryVariables>;
export const RoomsDocument = new TypedDocumentString(`
    query Rooms {
  rooms {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<RoomsQuery, RoomsQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($input: RegisterInput!) {
  register(input: $input) {
    token
  }
}
    `) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
    mutation UpdateProfile($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    ...MeFields
  }
}
    fragment UserFields on User {
  id
  firstName
  lastName
  username
  status
  lastSeenAt
  role
}
fragment MeFields on User {
  ...UserFields
  email
  notificationLevel
}`) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($oldPassword: String!, $newPassword: String!) {
  changePassword(oldPassword: $oldPassword, newPassword: $newPassword)
}
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const SetStatusDocument = new TypedDocumentString(`
    mutation SetStatus($status: UserStatus!) {
  setStatus(status: $status) {
    ...MeFields
  }
}
    fragment UserFields on User {
  id
  firstName
  lastName
  username
  status
  lastSeenAt
  role
}
fragment MeFields on User {
  ...UserFields
  email
  notificationLevel
}`) as unknown as TypedDocumentString<SetStatusMutation, SetStatusMutationVariables>;
export const SendMessageDocument = new TypedDocumentString(`
    mutation SendMessage($conversationId: ID!, $body: String!, $clientId: String, $attachmentIds: [ID!], $replyToId: ID) {
  sendMessage(
    conversationId: $conversationId
    body: $body
    clientId: $clientId
    attachmentIds: $attachmentIds
    replyToId: $replyToId
  ) {
    ...MessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<SendMessageMutation, SendMessageMutationVariables>;
export const EditMessageDocument = new TypedDocumentString(`
    mutation EditMessage($id: ID!, $body: String!) {
  editMessage(id: $id, body: $body) {
    ...MessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<EditMessageMutation, EditMessageMutationVariables>;
export const DeleteMessageDocument = new TypedDocumentString(`
    mutation DeleteMessage($id: ID!) {
  deleteMessage(id: $id) {
    ...MessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<DeleteMessageMutation, DeleteMessageMutationVariables>;
export const MarkReadDocument = new TypedDocumentString(`
    mutation MarkRead($conversationId: ID!, $seq: Int!) {
  markRead(conversationId: $conversationId, seq: $seq) {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<MarkReadMutation, MarkReadMutationVariables>;
export const MarkDeliveredDocument = new TypedDocumentString(`
    mutation MarkDelivered($conversationId: ID!, $seq: Int!) {
  markDelivered(conversationId: $conversationId, seq: $seq) {
    id
  }
}
    `) as unknown as TypedDocumentString<MarkDeliveredMutation, MarkDeliveredMutationVariables>;
export const OpenDirectDocument = new TypedDocumentString(`
    mutation OpenDirect($username: String!) {
  openDirect(username: $username) {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<OpenDirectMutation, OpenDirectMutationVariables>;
export const CreateGroupDocument = new TypedDocumentString(`
    mutation CreateGroup($title: String!, $usernames: [String!]) {
  createGroup(title: $title, usernames: $usernames) {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<CreateGroupMutation, CreateGroupMutationVariables>;
export const AddMemberDocument = new TypedDocumentString(`
    mutation AddMember($conversationId: ID!, $username: String!) {
  addMember(conversationId: $conversationId, username: $username) {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<AddMemberMutation, AddMemberMutationVariables>;
export const LeaveConversationDocument = new TypedDocumentString(`
    mutation LeaveConversation($conversationId: ID!) {
  leaveConversation(conversationId: $conversationId)
}
    `) as unknown as TypedDocumentString<LeaveConversationMutation, LeaveConversationMutationVariables>;
export const OpenSupportDocument = new TypedDocumentString(`
    mutation OpenSupport {
  openSupport {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<OpenSupportMutation, OpenSupportMutationVariables>;
export const CreateRoomDocument = new TypedDocumentString(`
    mutation CreateRoom($title: String!) {
  createRoom(title: $title) {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<CreateRoomMutation, CreateRoomMutationVariables>;
export const JoinRoomDocument = new TypedDocumentString(`
    mutation JoinRoom($conversationId: ID!) {
  joinRoom(conversationId: $conversationId) {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<JoinRoomMutation, JoinRoomMutationVariables>;
export const SetTypingDocument = new TypedDocumentString(`
    mutation SetTyping($conversationId: ID!) {
  setTyping(conversationId: $conversationId)
}
    `) as unknown as TypedDocumentString<SetTypingMutation, SetTypingMutationVariables>;
export const AddReactionDocument = new TypedDocumentString(`
    mutation AddReaction($messageId: ID!, $emoji: String!) {
  addReaction(messageId: $messageId, emoji: $emoji) {
    ...MessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<AddReactionMutation, AddReactionMutationVariables>;
export const RemoveReactionDocument = new TypedDocumentString(`
    mutation RemoveReaction($messageId: ID!, $emoji: String!) {
  removeReaction(messageId: $messageId, emoji: $emoji) {
    ...MessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<RemoveReactionMutation, RemoveReactionMutationVariables>;
export const PinMessageDocument = new TypedDocumentString(`
    mutation PinMessage($id: ID!) {
  pinMessage(id: $id) {
    ...MessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<PinMessageMutation, PinMessageMutationVariables>;
export const UnpinMessageDocument = new TypedDocumentString(`
    mutation UnpinMessage($id: ID!) {
  unpinMessage(id: $id) {
    ...MessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<UnpinMessageMutation, UnpinMessageMutationVariables>;
export const PinnedMessagesDocument = new TypedDocumentString(`
    query PinnedMessages($conversationId: ID!) {
  conversation(id: $conversationId) {
    id
    pinnedMessages {
      ...MessageFields
    }
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<PinnedMessagesQuery, PinnedMessagesQueryVariables>;
export const UpdateConversationDocument = new TypedDocumentString(`
    mutation UpdateConversation($id: ID!, $title: String, $topic: String) {
  updateConversation(id: $id, title: $title, topic: $topic) {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<UpdateConversationMutation, UpdateConversationMutationVariables>;
export const SetConversationPreferencesDocument = new TypedDocumentString(`
    mutation SetConversationPreferences($conversationId: ID!, $muted: Boolean, $favourite: Boolean, $archived: Boolean) {
  setConversationPreferences(
    conversationId: $conversationId
    muted: $muted
    favourite: $favourite
    archived: $archived
  ) {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<SetConversationPreferencesMutation, SetConversationPreferencesMutationVariables>;
export const MessageAddedDocument = new TypedDocumentString(`
    subscription MessageAdded($conversationId: ID, $after: Int) {
  messageAdded(conversationId: $conversationId, after: $after) {
    ...MessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<MessageAddedSubscription, MessageAddedSubscriptionVariables>;
export const LiveMessageAddedDocument = new TypedDocumentString(`
    subscription LiveMessageAdded {
  messageAdded {
    ...LiveMessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment LiveMessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<LiveMessageAddedSubscription, LiveMessageAddedSubscriptionVariables>;
export const MessageUpdatedDocument = new TypedDocumentString(`
    subscription MessageUpdated {
  messageUpdated {
    ...LiveMessageFields
  }
}
    fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment LiveMessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}`) as unknown as TypedDocumentString<MessageUpdatedSubscription, MessageUpdatedSubscriptionVariables>;
export const UserUpdatedDocument = new TypedDocumentString(`
    subscription UserUpdated {
  userUpdated {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  firstName
  lastName
  username
  status
  lastSeenAt
  role
}`) as unknown as TypedDocumentString<UserUpdatedSubscription, UserUpdatedSubscriptionVariables>;
export const TypingChangedDocument = new TypedDocumentString(`
    subscription TypingChanged($conversationId: ID!) {
  typingChanged(conversationId: $conversationId) {
    conversationId
    typing
    user {
      id
      username
    }
  }
}
    `) as unknown as TypedDocumentString<TypingChangedSubscription, TypingChangedSubscriptionVariables>;
export const ConversationChangedDocument = new TypedDocumentString(`
    subscription ConversationChanged {
  conversationChanged {
    ...ConversationFields
  }
}
    fragment MemberUserFields on User {
  id
  firstName
  lastName
  username
  status
}
fragment MessageCore on Message {
  id
  conversationId
  seq
  body
  status
  clientId
  createdAt
  editedAt
  deletedAt
  isFromSupport
  author {
    id
    username
    firstName
    lastName
  }
  attachments {
    ...AttachmentFields
  }
  kind
  systemChange {
    action
    title
    topic
  }
  replyTo {
    id
    seq
    body
    status
    author {
      id
      username
      firstName
      lastName
    }
  }
  mentions {
    username
  }
  pinnedAt
}
fragment MessageFields on Message {
  ...MessageCore
  reactions {
    emoji
    count
    reactedByMe
  }
}
fragment AttachmentFields on Attachment {
  id
  name
  contentType
  size
  url
  thumbnailUrl
  width
  height
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  unreadCount
  lastSeq
  members {
    user {
      ...MemberUserFields
    }
    role
    lastDeliveredSeq
    lastReadSeq
  }
  supportUser {
    ...MemberUserFields
  }
  lastMessage {
    ...MessageFields
  }
  topic
  mentionCount
  muted
  favourite
  archived
}`) as unknown as TypedDocumentString<ConversationChangedSubscription, ConversationChangedSubscriptionVariables>;
export const MotdChangedDocument = new TypedDocumentString(`
    subscription MotdChanged {
  motdChanged
}
    `) as unknown as TypedDocumentString<MotdChangedSubscription, MotdChangedSubscriptionVariables>;