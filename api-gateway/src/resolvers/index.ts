import type { Resolvers } from '../graphql/generated';
import { conversationKindEnum, conversationResolvers, memberResolvers, memberRoleEnum } from './conversation';
import { attachmentResolvers } from './attachment';
import { messageResolvers, messageStatusEnum } from './message';
import { mutationResolvers } from './mutation';
import { queryResolvers } from './query';
import { subscriptionResolvers, typingEventResolvers } from './subscription';
import { userResolvers, userRoleEnum, userStatusEnum } from './user';

/** Every resolver, typed by what schema.graphql generates (see scripts/generate-graphql.mjs). */
export const resolvers: Resolvers = {
  Query: queryResolvers,
  Mutation: mutationResolvers,
  Subscription: subscriptionResolvers,
  User: userResolvers,
  Conversation: conversationResolvers,
  Member: memberResolvers,
  Message: messageResolvers,
  Attachment: attachmentResolvers,
  TypingEvent: typingEventResolvers,
  UserStatus: userStatusEnum,
  UserRole: userRoleEnum,
  MessageStatus: messageStatusEnum,
  ConversationKind: conversationKindEnum,
  MemberRole: memberRoleEnum,
};
