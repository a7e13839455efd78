import { ListOrder, type Conversation, type Message } from '@charla/proto/messages';
import { ErrorCode, invalidArgument, isChatError, notFound } from '@charla/platform';
import type { RequestContext } from '../context';
import { requireViewer } from '../auth/viewer';
import { pageSize, parseId, parseSeqCursor } from './values';

/** Enough pages for any one person's conversation list, bounded so a bug cannot loop. */
const MAX_PAGES = 10;

type Page<T> = { items: T[]; nextPageToken: string };

async function allPages<T>(fetch: (pageToken: string) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let pageToken = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items, nextPageToken } = await fetch(pageToken);
    all.push(...items);
    if (!nextPageToken || items.length === 0) break;
    pageToken = nextPageToken;
  }
  return all;
}

function messageConnection(messages: Message[], hasNextPage: boolean, hasPreviousPage: boolean) {
  const edges = messages.map((node) => ({ cursor: String(node.seq), node }));
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export const QueryResolvers = {
  me: (_: unknown, _args: unknown, ctx: RequestContext) => ctx.viewer?.user ?? null,

  user: async (_: unknown, args: { id?: string | null; username?: string | null }, ctx: RequestContext) => {
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

  users: async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: RequestContext) => {
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

  conversations: async (_: unknown, _args: unknown, ctx: RequestContext): Promise<Conversation[]> => {
    const viewer = requireViewer(ctx.viewer);
    return allPages(async (pageToken) => {
      const page = await ctx.gateway.messages.listConversations({ pageSize: 100, pageToken }, { token: viewer.token });
      return { items: page.conversations, nextPageToken: page.nextPageToken };
    });
  },

  conversation: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    const { conversation } = await ctx.gateway.messages.getConversation({ conversationId: parseId(args.id, 'id') }, { token: viewer.token });
    if (!conversation) throw notFound('conversation');
    return conversation;
  },

  messages: async (
    _: unknown,
    args: { conversationId: string; first?: number | null; before?: string | null; after?: string | null },
    ctx: RequestContext,
  ) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = parseId(args.conversationId, 'conversationId');
    const size = pageSize(args.first, 'first', ctx.gateway.config.limits.maxPageSize, 50);
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

  rooms: async (_: unknown, _args: unknown, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    return allPages(async (pageToken) => {
      const page = await ctx.gateway.messages.listRooms({ pageSize: 100, pageToken }, { token: viewer.token });
      return { items: page.conversations, nextPageToken: page.nextPageToken };
    });
  },

  supportQueue: async (_: unknown, args: { includeAnswered?: boolean | null }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    const { conversations } = await ctx.gateway.messages.listSupportQueue(
      { pageSize: 100, includeAnswered: args.includeAnswered ?? false },
      { token: viewer.token },
    );
    return conversations;
  },

  motd: (_: unknown, _args: unknown, ctx: RequestContext) => ctx.gateway.config.motd,
};
