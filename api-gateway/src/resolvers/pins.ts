import DataLoader from 'dataloader';
import type { Message } from '@charla/proto/messages';
import type { RequestContext } from '../context';
import type { ConversationResolvers, MutationResolvers } from '../graphql/generated';
import { requireViewer } from '../auth/viewer';
import { required } from './required';
import { parseId } from './values';

/** messages-service reads the pins of at most this many conversations in one call. */
const CONVERSATIONS_PER_CALL = 100;

/** Per request: the pinned messages of every conversation it shows, in one ListPinnedMessages (a list of conversations is one call, not one each). */
const pinLoaders = new WeakMap<RequestContext, DataLoader<number, Message[]>>();

function pinnedOf(ctx: RequestContext): DataLoader<number, Message[]> {
  let loader = pinLoaders.get(ctx);
  if (!loader) {
    const viewer = requireViewer(ctx.viewer);
    loader = new DataLoader<number, Message[]>(
      async (ids) => {
        const { messages } = await ctx.gateway.messages.listPinnedMessages({ conversationIds: [...ids] }, { token: viewer.token });
        return ids.map((id) => messages.filter((m) => m.conversationId === id));
      },
      // Batching only: a long-lived socket's context must not serve yesterday's pins.
      { cache: false, maxBatchSize: CONVERSATIONS_PER_CALL },
    );
    pinLoaders.set(ctx, loader);
  }
  return loader;
}

export const pinnedMessagesResolvers: Pick<ConversationResolvers, 'pinnedMessages'> = {
  pinnedMessages: (conversation, _args, ctx) => pinnedOf(ctx).load(conversation.id),
};

export const pinMutations: Pick<MutationResolvers, 'pinMessage' | 'unpinMessage'> = {
  pinMessage: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const messageId = parseId(args.id, 'id');
    ctx.gateway.limits.change(viewer.user.id);
    const { message } = await ctx.gateway.messages.pinMessage({ messageId }, { token: viewer.token });
    return required(message, 'message');
  },

  unpinMessage: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const messageId = parseId(args.id, 'id');
    ctx.gateway.limits.change(viewer.user.id);
    const { message } = await ctx.gateway.messages.unpinMessage({ messageId }, { token: viewer.token });
    return required(message, 'message');
  },
};
