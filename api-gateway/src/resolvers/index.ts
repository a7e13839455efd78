import { ConversationKindEnum, ConversationResolvers, MemberResolvers, MemberRoleEnum } from './conversation';
import { MessageResolvers, MessageStatusEnum } from './message';
import { MutationResolvers } from './mutation';
import { QueryResolvers } from './query';
import { SubscriptionResolvers } from './subscription';
import { UserResolvers, UserRoleEnum, UserStatusEnum } from './user';

export const resolvers = {
  Query: QueryResolvers,
  Mutation: MutationResolvers,
  Subscription: SubscriptionResolvers,
  User: UserResolvers,
  Conversation: ConversationResolvers,
  Member: MemberResolvers,
  Message: MessageResolvers,
  UserStatus: UserStatusEnum,
  UserRole: UserRoleEnum,
  MessageStatus: MessageStatusEnum,
  ConversationKind: ConversationKindEnum,
  MemberRole: MemberRoleEnum,
};
