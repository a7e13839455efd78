import type { Resolvers } from '../graphql/generated';
import { conversationKindEnum, conversationResolvers, memberResolvers, memberRoleEnum } from './conversation';
import { attachmentResolvers } from './attachment';
import { conversationSettingsMutations, conversationSettingsResolvers } from './conversation-settings';
import { pinMutations, pinnedMessagesResolvers } from './pins';
import { reactionMutations, reactionResolvers } from './reactions';
import { messageKindEnum, richMessageResolvers, systemActionEnum, systemChangeResolvers } from './rich-message';
import { messageResolvers, messageStatusEnum } from './message';
import { mutationResolvers } from './mutation';
import { queryResolvers } from './query';
import { subscriptionResolvers, typingEventResolvers } from './subscription';
import { notificationLevelEnum, userResolvers, userRoleEnum, userStatusEnum } from './user';

/** Every resolver, typed by what schema.graphql generates (see scripts/generate-graphql.mjs). */
export const resolvers: Resolvers = {
  Query: queryResolvers,
  Mutation: { ...mutationResolvers, ...reactionMutations, ...pinMutations, ...conversationSettingsMutations },
  Subscription: subscriptionResolvers,
  User: userResolvers,
  Conversation: { ...conversationResolvers, ...conversationSettingsResolvers, ...pinnedMessagesResolvers },
  Member: memberResolvers,
  Message: { ...messageResolvers, ...richMessageResolvers },
  Reaction: reactionResolvers,
  SystemChange: systemChangeResolvers,
  Attachment: attachmentResolvers,
  TypingEvent: typingEventResolvers,
  UserStatus: userStatusEnum,
  UserRole: userRoleEnum,
  MessageStatus: messageStatusEnum,
  ConversationKind: conversationKindEnum,
  MemberRole: memberRoleEnum,
  MessageKind: messageKindEnum,
  SystemAction: systemActionEnum,
  NotificationLevel: notificationLevelEnum,
};
