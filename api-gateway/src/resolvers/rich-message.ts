import { Message, MessageKind, MessageStatus, SystemAction } from '@charla/proto/messages';
import type { User } from '@charla/proto/users';
import type { MessageKindResolvers, MessageResolvers, SystemActionResolvers, SystemChangeResolvers } from '../graphql/generated';
import type { RequestContext } from '../context';
import { iso } from './values';

export const messageKindEnum: MessageKindResolvers = {
  TEXT: MessageKind.MESSAGE_KIND_TEXT,
  SYSTEM: MessageKind.MESSAGE_KIND_SYSTEM,
};

export const systemActionEnum: SystemActionResolvers = {
  RENAMED: SystemAction.SYSTEM_ACTION_RENAMED,
  TOPIC_CHANGED: SystemAction.SYSTEM_ACTION_TOPIC_CHANGED,
};

const known = (users: (User | null)[]) => users.filter((user): user is User => user !== null);

/**
 * Users by id through the gateway's directory: one batched lookup for a whole page, gone
 * accounts left out; at once when all are known (most messages mention nobody).
 */
export function usersOf(ids: readonly number[], ctx: RequestContext): User[] | Promise<User[]> {
  const users = ids.map((id) => ctx.gateway.directory.find(id));
  return users.some((user) => user instanceof Promise) ? Promise.all(users).then(known) : known(users as User[]);
}

/** A reply's quote as a Message: what the quote carries, everything else left empty. */
function quoteAsMessage(reply: Message): Message | null {
  const quote = reply.replyTo;
  if (!quote) return null;
  return Message.fromPartial({
    id: quote.id,
    conversationId: reply.conversationId,
    seq: quote.seq,
    authorId: quote.authorId,
    body: quote.excerpt,
    status: quote.deleted ? MessageStatus.MESSAGE_STATUS_DELETED : MessageStatus.MESSAGE_STATUS_SENT,
    kind: MessageKind.MESSAGE_KIND_TEXT,
  });
}

/**
 * Replies, mentions, pins and system lines of a message. All of it comes with the message from
 * messages-service (quotes and reactions of a whole page in the page's own answer): nothing
 * here calls a service per message, and users are looked up through the batched directory.
 */
export const richMessageResolvers: Pick<MessageResolvers, 'replyTo' | 'mentions' | 'pinnedAt' | 'kind' | 'systemChange'> = {
  replyTo: (message) => quoteAsMessage(message),
  mentions: (message, _args, ctx) => usersOf(message.mentionIds, ctx),
  pinnedAt: (message) => iso(message.pinnedAt),
  kind: (message) => (message.kind === MessageKind.MESSAGE_KIND_SYSTEM ? MessageKind.MESSAGE_KIND_SYSTEM : MessageKind.MESSAGE_KIND_TEXT),
  systemChange: (message) => (message.kind === MessageKind.MESSAGE_KIND_SYSTEM ? (message.system ?? null) : null),
};

export const systemChangeResolvers: SystemChangeResolvers = {
  title: (change) => change.title || null,
  topic: (change) => change.topic || null,
};
