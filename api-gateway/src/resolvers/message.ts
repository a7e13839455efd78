import { MessageStatus, type Message } from '@charla/proto/messages';
import type { RequestContext } from '../context';
import { iso } from './values';

export const MessageStatusEnum = {
  SENT: MessageStatus.MESSAGE_STATUS_SENT,
  DELIVERED: MessageStatus.MESSAGE_STATUS_DELIVERED,
  READ: MessageStatus.MESSAGE_STATUS_READ,
  DELETED: MessageStatus.MESSAGE_STATUS_DELETED,
};

export const MessageResolvers = {
  author: (message: Message, _args: unknown, ctx: RequestContext) => ctx.gateway.directory.get(message.authorId),
  status: (message: Message) => (message.status === MessageStatus.MESSAGE_STATUS_UNSPECIFIED ? MessageStatus.MESSAGE_STATUS_SENT : message.status),
  clientId: (message: Message) => message.clientId || null,
  createdAt: (message: Message) => iso(message.createdAt),
  updatedAt: (message: Message) => iso(message.updatedAt),
  editedAt: (message: Message) => iso(message.editedAt),
  deletedAt: (message: Message) => iso(message.deletedAt),
};
