import { ChatError, invalidArgument } from '@charla/platform';
import type { Message } from '@charla/proto/messages';
import type { User } from '@charla/proto/users';
import type { Conversation } from '@charla/proto/messages';
import { requireViewer } from '../auth/viewer';
import type { SubscriptionResolvers, TypingEventResolvers } from '../graphql/generated';
import type { TypingChange } from '../live/typing';
import { optionalId, parseId } from './values';

/** Live streams yield values or the ChatError that ended them: that becomes the subscription's GraphQL error. */
function streamed<T>(payload: T | ChatError): T {
  if (payload instanceof ChatError) throw payload;
  return payload;
}

/** Each field checks its arguments and asks the live path for its stream. */
export const subscriptionResolvers: SubscriptionResolvers = {
  messageAdded: {
    subscribe: async (_, args, ctx) => {
      const viewer = requireViewer(ctx.viewer);
      const conversationId = optionalId(args.conversationId, 'conversationId');
      const after = args.after ?? undefined;
      if (after !== undefined && (!Number.isInteger(after) || after < 0)) throw invalidArgument('after', 'must be a seq (0 or more)');
      if (after !== undefined && conversationId === undefined) throw invalidArgument('after', 'resuming needs a conversationId');
      return ctx.gateway.live.messageAdded(viewer, conversationId, after);
    },
    resolve: streamed<Message>,
  },

  messageUpdated: {
    subscribe: async (_, args, ctx) => ctx.gateway.live.messageUpdated(requireViewer(ctx.viewer), optionalId(args.conversationId, 'conversationId')),
    resolve: streamed<Message>,
  },

  conversationChanged: {
    subscribe: async (_, _args, ctx) => ctx.gateway.live.conversationChanged(requireViewer(ctx.viewer)),
    resolve: streamed<Conversation>,
  },

  presenceChanged: {
    subscribe: async (_, _args, ctx) => {
      requireViewer(ctx.viewer);
      return ctx.gateway.live.presenceChanged();
    },
    resolve: streamed<User>,
  },

  userUpdated: {
    subscribe: async (_, _args, ctx) => {
      requireViewer(ctx.viewer);
      return ctx.gateway.live.userUpdated();
    },
    resolve: streamed<User>,
  },

  typing: {
    subscribe: async (_, args, ctx) => ctx.gateway.live.typing(requireViewer(ctx.viewer), parseId(args.conversationId, 'conversationId')),
    resolve: streamed<User>,
  },

  typingChanged: {
    subscribe: async (_, args, ctx) => ctx.gateway.live.typingChanged(requireViewer(ctx.viewer), parseId(args.conversationId, 'conversationId')),
    resolve: streamed<TypingChange>,
  },

  // Changes from now on; the `motd` query gives the current one.
  motdChanged: {
    subscribe: async (_, _args, ctx) => {
      requireViewer(ctx.viewer);
      return ctx.gateway.motd.changes();
    },
    resolve: (motd: string | null) => motd,
  },
};

/** A typing change names the user; who they are is looked up as the event executes. */
export const typingEventResolvers: TypingEventResolvers = {
  user: (change, _args, ctx) => ctx.gateway.directory.find(change.userId),
};
