import { ListOrder, type Message } from '@charla/proto/messages';
import { invalidArgument } from '@charla/platform';
import { requireViewer } from '../auth/viewer';
import type { QuerySearchMessagesArgs } from '../graphql/generated';
import type { RequestContext } from '../context';
import { optionalId, pageSize } from './values';

/** searchMessages: one SearchMessages call; the cursor is messages-service's page token. */
export async function searchMessages(ctx: RequestContext, args: QuerySearchMessagesArgs) {
  const viewer = requireViewer(ctx.viewer);
  const size = pageSize(args.first, 'first', 50, 20);
  if (args.query.trim() === '') throw invalidArgument('query', 'must not be empty');
  const page = await ctx.gateway.messages.searchMessages(
    { query: args.query, conversationId: optionalId(args.conversationId, 'conversationId') ?? 0, pageSize: size, pageToken: args.after ?? '' },
    { token: viewer.token },
  );
  const hits = page.hits.filter((hit): hit is typeof hit & { message: Message } => hit.message !== undefined);
  const edges = hits.map((hit) => ({ cursor: hit.cursor, node: hit.message, snippet: hit.snippet }));
  return {
    edges,
    pageInfo: { hasNextPage: page.nextPageToken !== '', hasPreviousPage: Boolean(args.after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/**
 * messages(around:): the page around one seq, oldest to newest. Seqs have no gaps, so older
 * messages exist when the first is above 1; newer ones when messages-service hands a token on.
 */
export async function aroundPage(ctx: RequestContext, conversationId: number, around: number, size: number) {
  const viewer = requireViewer(ctx.viewer);
  if (!Number.isSafeInteger(around) || around < 1) throw invalidArgument('around', 'must be the seq of a message');
  const page = await ctx.gateway.messages.listMessages({ conversationId, pageSize: size, aroundSeq: around, order: ListOrder.LIST_ORDER_OLDEST_FIRST }, { token: viewer.token });
  const edges = page.messages.map((node) => ({ cursor: String(node.seq), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.nextPageToken !== '',
      hasPreviousPage: (page.messages[0]?.seq ?? 1) > 1,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
