import { MessageStatus } from '@charla/proto/messages';
import type { MessageResolvers, MessageStatusResolvers } from '../graphql/generated';
import { iso } from './values';

export const messageStatusEnum: MessageStatusResolvers = {
  SENT: MessageStatus.MESSAGE_STATUS_SENT,
  DELIVERED: MessageStatus.MESSAGE_STATUS_DELIVERED,
  READ: MessageStatus.MESSAGE_STATUS_READ,
  DELETED: MessageStatus.MESSAGE_STATUS_DELETED,
};

export const messageResolvers: MessageResolvers = {
  author: (message, _args, ctx) => ctx.gateway.directory.find(message.authorId),
  status: (message) => (message.status === MessageStatus.MESSAGE_STATUS_UNSPECIFIED ? MessageStatus.MESSAGE_STATUS_SENT : message.status),
  clientId: (message) => message.clientId || null,
  createdAt: (message) => iso(message.createdAt),
  updatedAt: (message) => iso(message.updatedAt),
  editedAt: (message) => iso(message.editedAt),
  deletedAt: (message) => iso(message.deletedAt),
};
