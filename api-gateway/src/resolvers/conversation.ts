import { ConversationKind, MemberRole } from '@charla/proto/messages';
import type { ConversationKindResolvers, ConversationResolvers, MemberResolvers, MemberRoleResolvers } from '../graphql/generated';
import { iso } from './values';

export const conversationKindEnum: ConversationKindResolvers = {
  ROOM: ConversationKind.CONVERSATION_KIND_ROOM,
  DIRECT: ConversationKind.CONVERSATION_KIND_DIRECT,
  GROUP: ConversationKind.CONVERSATION_KIND_GROUP,
  SUPPORT: ConversationKind.CONVERSATION_KIND_SUPPORT,
};

export const memberRoleEnum: MemberRoleResolvers = {
  MEMBER: MemberRole.MEMBER_ROLE_MEMBER,
  OWNER: MemberRole.MEMBER_ROLE_OWNER,
  OPERATOR: MemberRole.MEMBER_ROLE_OPERATOR,
};

export const conversationResolvers: ConversationResolvers = {
  // Direct and support conversations have no stored title: name them after the other person.
  title: async (conversation, _args, ctx) => {
    if (conversation.title) return conversation.title;
    if (conversation.kind === ConversationKind.CONVERSATION_KIND_SUPPORT) {
      const user = conversation.supportUserId ? await ctx.gateway.directory.get(conversation.supportUserId) : null;
      return user ? `Support: ${user.username}` : 'Support';
    }
    const other = conversation.members.find((member) => member.userId !== ctx.viewer?.user.id) ?? conversation.members[0];
    const user = other ? await ctx.gateway.directory.get(other.userId) : null;
    return user?.username ?? '';
  },
  supportUser: (conversation, _args, ctx) =>
    conversation.supportUserId ? ctx.gateway.directory.find(conversation.supportUserId) : null,
  lastMessage: (conversation) => conversation.lastMessage ?? null,
  createdAt: (conversation) => iso(conversation.createdAt),
  updatedAt: (conversation) => iso(conversation.updatedAt),
};

export const memberResolvers: MemberResolvers = {
  user: (member, _args, ctx) => ctx.gateway.directory.find(member.userId),
  role: (member) => (member.role === MemberRole.MEMBER_ROLE_UNSPECIFIED ? MemberRole.MEMBER_ROLE_MEMBER : member.role),
  joinedAt: (member) => iso(member.joinedAt),
};
