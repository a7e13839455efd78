import { ConversationKind, MemberRole, type Conversation, type Member } from '@charla/proto/messages';
import type { RequestContext } from '../context';
import { iso } from './values';

export const ConversationKindEnum = {
  ROOM: ConversationKind.CONVERSATION_KIND_ROOM,
  DIRECT: ConversationKind.CONVERSATION_KIND_DIRECT,
  GROUP: ConversationKind.CONVERSATION_KIND_GROUP,
  SUPPORT: ConversationKind.CONVERSATION_KIND_SUPPORT,
};

export const MemberRoleEnum = {
  MEMBER: MemberRole.MEMBER_ROLE_MEMBER,
  OWNER: MemberRole.MEMBER_ROLE_OWNER,
  OPERATOR: MemberRole.MEMBER_ROLE_OPERATOR,
};

export const ConversationResolvers = {
  // Direct and support conversations have no stored title: name them after the other person.
  title: async (conversation: Conversation, _args: unknown, ctx: RequestContext) => {
    if (conversation.title) return conversation.title;
    if (conversation.kind === ConversationKind.CONVERSATION_KIND_SUPPORT) {
      const user = conversation.supportUserId ? await ctx.gateway.directory.get(conversation.supportUserId) : null;
      return user ? `Support: ${user.username}` : 'Support';
    }
    const other = conversation.members.find((member) => member.userId !== ctx.viewer?.user.id) ?? conversation.members[0];
    const user = other ? await ctx.gateway.directory.get(other.userId) : null;
    return user?.username ?? '';
  },
  supportUser: (conversation: Conversation, _args: unknown, ctx: RequestContext) =>
    conversation.supportUserId ? ctx.gateway.directory.get(conversation.supportUserId) : null,
  lastMessage: (conversation: Conversation) => conversation.lastMessage ?? null,
  createdAt: (conversation: Conversation) => iso(conversation.createdAt),
  updatedAt: (conversation: Conversation) => iso(conversation.updatedAt),
};

export const MemberResolvers = {
  user: (member: Member, _args: unknown, ctx: RequestContext) => ctx.gateway.directory.get(member.userId),
  role: (member: Member) => (member.role === MemberRole.MEMBER_ROLE_UNSPECIFIED ? MemberRole.MEMBER_ROLE_MEMBER : member.role),
  joinedAt: (member: Member) => iso(member.joinedAt),
};
