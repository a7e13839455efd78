import { ListOrder, type Message } from '@charla/proto/messages';
import { ErrorCode, invalidArgument, isChatError, notFound } from '@charla/platform';
import { requireViewer } from '../auth/viewer';
import { allPages } from '../clients/pages';
import type { QueryResolvers } from '../graphql/generated';
import { aroundPage, searchMessages } from './search';
import { pageSize, parseId, parseSeqCursor } from './values';

/** Enough pages for any one person's conversation list, bounded so a bug cannot loop. */
const MAX_PAGES = 10;
const PAGE = 100;

function messageConnection(messages: Message[], hasNextPage: boolean, hasPreviousPage: boolean) {
  const edges = messages.map((node) => ({ cursor: String(node.seq), node }));
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export const queryResolvers: QueryResolvers = {
  me: (_, _args, ctx) => ctx.viewer?.user ?? null,

  user: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    if ((args.id == null) === (args.username == null)) throw invalidArgument('id', 'give exactly one of id or username');
    try {
      const { user } = await ctx.gateway.users.getUser(
        args.id != null ? { id: parseId(args.id, 'id') } : { username: args.username ?? '' },
        { token: viewer.token },
      );
      return user ?? null;
    } catch (error) {
      if (isChatError(error) && error.code === ErrorCode.NotFound) return null;
      throw error;
    }
  },

  users: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const size = pageSize(args.first, 'first', ctx.gateway.config.limits.maxPageSize, 50);
    const { users, nextPageToken } = await ctx.gateway.users.listUsers({ pageSize: size, pageToken: args.after ?? '' }, { token: viewer.token });
    for (const user of users) ctx.gateway.directory.remember(user);
    return {
      edges: users.map((node) => ({ cursor: String(node.id), node })),
      pageInfo: {
        hasNextPage: nextPageToken !== '',
        hasPreviousPage: Boolean(args.after),
        startCursor: users[0] ? String(users[0].id) : null,
        // The service's opaque token, which is what `after` takes.
        endCursor: nextPageToken || null,
      },
    };
  },

  conversations: (_, _args, ctx) => {
    const auth = { token: requireViewer(ctx.viewer).token };
    return allPages('conversations', (pageToken) => ctx.gateway.messages.listConversations({ pageSize: PAGE, pageToken }, auth), MAX_PAGES);
  },

  conversation: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const { conversation } = await ctx.gateway.messages.getConversation({ conversationId: parseId(args.id, 'id') }, { token: viewer.token });
    if (!conversation) throw notFound('conversation');
    return conversation;
  },

  messages: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = parseId(args.conversationId, 'conversationId');
    const size = pageSize(args.first, 'first', ctx.gateway.config.limits.maxPageSize, 50);
    if (args.around !== undefined && args.around !== null) return aroundPage(ctx, conversationId, args.around, size);
    const before = parseSeqCursor(args.before, 'before');
    const after = parseSeqCursor(args.after, 'after');
    const auth = { token: viewer.token };
    if (after !== undefined) {
      const page = await ctx.gateway.messages.listMessages(
        { conversationId, pageSize: size, afterSeq: after, beforeSeq: before ?? 0, order: ListOrder.LIST_ORDER_OLDEST_FIRST },
        auth,
      );
      return messageConnection(page.messages, page.nextPageToken !== '', after > 0);
    }
    const page = await ctx.gateway.messages.listMessages(
      { conversationId, pageSize: size, beforeSeq: before ?? 0, order: ListOrder.LIST_ORDER_NEWEST_FIRST },
      auth,
    );
    return messageConnection([...page.messages].reverse(), before !== undefined, page.nextPageToken !== '');
  },

  searchMessages: (_, args, ctx) => searchMessages(ctx, args),

  rooms: (_, _args, ctx) => {
    const auth = { token: requireViewer(ctx.viewer).token };
    return allPages('conversations', (pageToken) => ctx.gateway.messages.listRooms({ pageSize: PAGE, pageToken }, auth), MAX_PAGES);
  },

  supportQueue: (_, args, ctx) => {
    const auth = { token: requireViewer(ctx.viewer).token };
    const includeAnswered = args.includeAnswered ?? false;
    return allPages('conversations', (pageToken) => ctx.gateway.messages.listSupportQueue({ pageSize: PAGE, includeAnswered, pageToken }, auth), MAX_PAGES);
  },

  motd: (_, _args, ctx) => ctx.gateway.motd.text(),
};
