import type { MutationResolvers, ReactionResolvers } from '../graphql/generated';
import { requireViewer } from '../auth/viewer';
import { usersOf } from './rich-message';
import { required } from './required';
import { parseId } from './values';

/** Whether I reacted is mine alone (@personal); who reacted is the same for everyone. */
export const reactionResolvers: ReactionResolvers = {
  reactedByMe: (reaction, _args, ctx) => ctx.viewer !== undefined && reaction.userIds.includes(ctx.viewer.user.id),
  users: (reaction, _args, ctx) => usersOf(reaction.userIds, ctx),
};

export const reactionMutations: Pick<MutationResolvers, 'addReaction' | 'removeReaction'> = {
  addReaction: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const messageId = parseId(args.messageId, 'messageId');
    ctx.gateway.limits.change(viewer.user.id);
    const { message } = await ctx.gateway.messages.addReaction({ messageId, emoji: args.emoji }, { token: viewer.token });
    return required(message, 'message');
  },

  removeReaction: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const messageId = parseId(args.messageId, 'messageId');
    ctx.gateway.limits.change(viewer.user.id);
    const { message } = await ctx.gateway.messages.removeReaction({ messageId, emoji: args.emoji }, { token: viewer.token });
    return required(message, 'message');
  },
};
