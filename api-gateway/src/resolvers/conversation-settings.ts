import { invalidArgument } from '@charla/platform';
import type { ConversationResolvers, MutationResolvers } from '../graphql/generated';
import { requireViewer } from '../auth/viewer';
import { required } from './required';
import { parseId } from './values';

/** A conversation's topic for everyone; mention count and preferences are each member's own (@personal). */
export const conversationSettingsResolvers: Pick<ConversationResolvers, 'topic'> = {
  topic: (conversation) => conversation.topic || null,
};

export const conversationSettingsMutations: Pick<MutationResolvers, 'updateConversation' | 'setConversationPreferences'> = {
  updateConversation: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = parseId(args.id, 'id');
    // What is left out (or null) stays as it is.
    const paths = (['title', 'topic'] as const).filter((field) => args[field] !== undefined && args[field] !== null);
    if (paths.length === 0) throw invalidArgument('title', 'give a title, a topic or both');
    ctx.gateway.limits.change(viewer.user.id);
    const { conversation } = await ctx.gateway.messages.updateConversation(
      { conversationId, title: args.title ?? '', topic: args.topic ?? '', updateMask: [...paths] },
      { token: viewer.token },
    );
    return required(conversation, 'conversation');
  },

  setConversationPreferences: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = parseId(args.conversationId, 'conversationId');
    const { conversation } = await ctx.gateway.messages.setConversationPreferences(
      { conversationId, muted: args.muted ?? undefined, favourite: args.favourite ?? undefined, archived: args.archived ?? undefined },
      { token: viewer.token },
    );
    return required(conversation, 'conversation');
  },
};
