import { ErrorCode, ExpiringCache, countRequest, isChatError, isOperatorRole, requestIdFrom, withRequestId, type Logger } from '@charla/platform';
import { ConversationKind, ListOrder, MessagesEventType, type Conversation, type Message, type MessagesEvent } from '@charla/proto/messages';
import type { TokenCheck } from '../auth/tokens';
import type { Viewer } from '../auth/viewer';
import type { MessagesClient } from '../clients/messages';
import { allPages } from '../clients/pages';
import type { UsersClient } from '../clients/users';
import type { UserDirectory } from '../directory';
import type { RateLimits } from '../guards/rate-limit';
import type { DeliveryReceipts } from '../live/receipts';
import type { FileUrls } from '../files/signing';
import { textWithFileLinks } from '../files/text';
import {
  CLOSE_FORBIDDEN,
  CLOSE_INTERNAL_ERROR,
  INCORRECT_ARGUMENT,
  PARSE_ERROR,
  RpcFailure,
  UNAVAILABLE,
  UNKNOWN_METHOD,
  parseRequest,
  rpcErrorOf,
  type RpcError,
  type RpcReply,
  type RpcRequest,
} from './json-rpc';

/**
 * The support desk over the support socket protocol: a user asks on their own support
 * conversation, operators answer any of them. It knows nothing of WebSockets: it reads frames,
 * answers them, pushes new support messages, and asks its transport to close.
 *
 * Where the protocol is silent (documented in api-gateway/README.md):
 * - message.operatorSend takes an optional second param, the user to answer: a user_id (number)
 *   or a user_name (string). Without it the operator answers the longest-waiting conversation.
 * - Operators see `user_id` and `user_name` (the asking user) on every message, since they serve
 *   many users; message.auth gives them the last message of each waiting conversation.
 * - The body is messages-service's to judge (at most 4000 characters): its refusal is
 *   "Incorrect argument.".
 */

/** A message as the support socket's clients know it. */
export interface SupportMessage {
  message_id: number;
  message_text: string;
  invader_name: string;
  is_from_support: boolean;
  created: number;
  user_id?: number;
  user_name?: string;
}

export interface SupportTransport {
  send(frame: RpcReply): void;
  close(code: number, reason: string): void;
}

/** What an authenticated session holds from outside: its lease, its listener, its session. */
export interface SupportHooks {
  /** Called once the token is good; returns the clean-up for when the socket goes. */
  attach(viewer: Viewer, onMessage: (conversationId: number, message: Message) => void): () => void;
}

/** What the desk uses: token checks, the services, user names, the send limit, receipts. */
export interface SupportDeskParts {
  tokens: Pick<TokenCheck, 'authenticate'>;
  messages: Pick<MessagesClient, 'openSupport' | 'listMessages' | 'listSupportQueue' | 'sendMessage' | 'getConversation'>;
  users: Pick<UsersClient, 'getUser'>;
  directory: Pick<UserDirectory, 'get'>;
  limits: Pick<RateLimits, 'send'>;
  receipts: Pick<DeliveryReceipts, 'delivered'>;
  log: Logger;
  /** Signs the links a message's files are shown as. */
  fileUrls: FileUrls;
}

/** A message with the user whose support conversation it is in. */
interface Asked {
  message: Message;
  supportUserId: number;
}

const PAGE = 100;
const HISTORY_PAGES = 20;
const QUEUE_PAGES = 10;
const REMEMBERED_REPLIES = 200;

/** Whether a messages event is a new message in a support conversation. */
export function isSupportMessage(event: MessagesEvent): event is MessagesEvent & { message: Message } {
  return (
    event.message !== undefined &&
    event.type === MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED &&
    event.conversationKind === ConversationKind.CONVERSATION_KIND_SUPPORT
  );
}

/** The one text param of message.send / message.operatorSend. */
function messageText(params: unknown, maxParams: number): string {
  if (!Array.isArray(params) || params.length < 1 || params.length > maxParams) throw new RpcFailure(INCORRECT_ARGUMENT);
  const [text] = params;
  if (typeof text !== 'string') throw new RpcFailure(INCORRECT_ARGUMENT);
  return text;
}

/** The protocol's methods: metric labels, so any other name a client sends counts as "unknown". */
const SUPPORT_METHODS = new Set(['message.auth', 'message.send', 'message.operatorSend']);

export class SupportSession {
  private viewer: Viewer | undefined;
  private detach: (() => void) | undefined;
  /** This user's own support conversation (users only). */
  private conversationId: number | undefined;
  /** Messages this socket already has (replies, history): their push is not repeated. */
  private readonly replied = new ExpiringCache<number, true>(REMEMBERED_REPLIES);
  private closed = false;
  /** How the request being answered ended, for its metric: OK, the protocol's error code, or CLOSED. */
  private outcome = 'OK';
  /**
   * Frames and pushes, one at a time in the order they came: a push waits for the request
   * being answered, so a reply always comes before the push of the same message.
   */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly desk: SupportDeskParts,
    private readonly transport: SupportTransport,
    private readonly hooks: SupportHooks,
  ) {}

  /** Handles one text frame. */
  receive(text: string): Promise<void> {
    return this.run(() => this.handle(text));
  }

  dispose(): void {
    this.closed = true;
    this.detach?.();
    this.detach = undefined;
  }

  /**
   * The session's one error boundary: requests answer their own failures, so what reaches here
   * is a push that could not be sent (a lookup failed) or a bug. The socket closes rather than
   * silently miss a message; message.auth on the next socket gives the history.
   */
  private run(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((error: unknown) => {
      this.desk.log.error({ err: error, userId: this.viewer?.user.id }, 'support socket failed; closing it');
      this.close(CLOSE_INTERNAL_ERROR, 'Try again');
    });
    return this.chain;
  }

  /** One frame, answered for a request id of its own, and counted by method and outcome. */
  private async handle(text: string): Promise<void> {
    if (this.closed) return;
    const request = parseRequest(text);
    const started = process.hrtime.bigint();
    this.outcome = 'OK';
    try {
      await withRequestId(requestIdFrom(undefined), () => this.answer(request));
    } finally {
      const method = request === undefined ? 'unparsable' : SUPPORT_METHODS.has(request.method) ? request.method : 'unknown';
      countRequest('support', method, this.outcome, started);
    }
  }

  private async answer(request: RpcRequest | undefined): Promise<void> {
    if (!request) return this.reply(null, PARSE_ERROR, null);
    if (request.method === 'message.auth') return this.authenticate(request);
    if (request.method !== 'message.send' && request.method !== 'message.operatorSend') return this.reply(request.id, UNKNOWN_METHOD, null);
    const viewer = this.viewer;
    if (!viewer) return this.close(CLOSE_FORBIDDEN, 'Authenticate first with message.auth');
    try {
      const sent = request.method === 'message.send' ? await this.sendAsUser(viewer, request.params) : await this.sendAsOperator(viewer, request.params);
      this.remember(sent.message.id);
      this.reply(request.id, null, { message: await this.present(sent) });
    } catch (error) {
      this.refuse(request, error, 'support send failed');
    }
  }

  private async authenticate(request: RpcRequest): Promise<void> {
    const token = Array.isArray(request.params) && request.params.length === 1 ? request.params[0] : undefined;
    if (this.viewer || typeof token !== 'string' || token === '') return this.close(CLOSE_FORBIDDEN, 'A valid token is required');
    let viewer: Viewer;
    try {
      viewer = await this.desk.tokens.authenticate(token);
    } catch (error) {
      if (isChatError(error) && error.code === ErrorCode.Unauthenticated) return this.close(CLOSE_FORBIDDEN, 'A valid token is required');
      return this.refuse(request, error, 'support token check failed');
    }
    if (this.closed) return;
    this.viewer = viewer;
    // Pushes from now on queue behind this request, and skip what the history already holds.
    this.detach = this.hooks.attach(viewer, (conversationId, message) => void this.run(() => this.push(conversationId, message)));
    try {
      const history = isOperatorRole(viewer.user.role) ? await this.waitingMessages(viewer) : await this.ownHistory(viewer);
      for (const entry of history) this.remember(entry.message.id);
      const messages = await Promise.all(history.map((entry) => this.present(entry)));
      this.reply(request.id, null, { messages: messages.length > 0 ? messages : null });
    } catch (error) {
      this.refuse(request, error, 'support history failed');
    }
  }

  /** A request's failure as the protocol's error; the services' trouble is also logged. */
  private refuse(request: RpcRequest, error: unknown, what: string): void {
    const answer = rpcErrorOf(error);
    if (answer === UNAVAILABLE) this.desk.log.warn({ err: error, method: request.method }, what);
    this.reply(request.id, answer, null);
  }

  /** A user's whole support conversation, oldest first. */
  private async ownHistory(viewer: Viewer): Promise<Asked[]> {
    const auth = { token: viewer.token };
    const { conversation } = await this.desk.messages.openSupport({}, auth);
    if (!conversation) return [];
    this.conversationId = conversation.id;
    const messages = await allPages(
      'messages',
      (pageToken) => this.desk.messages.listMessages({ conversationId: conversation.id, pageSize: PAGE, order: ListOrder.LIST_ORDER_OLDEST_FIRST, pageToken }, auth),
      HISTORY_PAGES,
    );
    return messages.map((message) => ({ message, supportUserId: viewer.user.id }));
  }

  /** For an operator: the last message of each conversation waiting for an answer. */
  private async waitingMessages(viewer: Viewer): Promise<Asked[]> {
    const queue = await allPages('conversations', (pageToken) => this.desk.messages.listSupportQueue({ pageSize: PAGE, pageToken }, { token: viewer.token }), QUEUE_PAGES);
    return queue.flatMap((c) => (c.lastMessage ? [{ message: c.lastMessage, supportUserId: c.supportUserId }] : []));
  }

  private async sendAsUser(viewer: Viewer, params: unknown): Promise<Asked> {
    const body = messageText(params, 1);
    this.desk.limits.send(viewer.user.id);
    if (this.conversationId === undefined) {
      const { conversation } = await this.desk.messages.openSupport({}, { token: viewer.token });
      this.conversationId = conversation?.id;
    }
    if (this.conversationId === undefined) throw new RpcFailure(UNAVAILABLE);
    const { message } = await this.desk.messages.sendMessage({ conversationId: this.conversationId, body }, { token: viewer.token });
    if (!message) throw new RpcFailure(UNAVAILABLE);
    return { message, supportUserId: viewer.user.id };
  }

  private async sendAsOperator(viewer: Viewer, params: unknown): Promise<Asked> {
    const body = messageText(params, 2);
    if (!isOperatorRole(viewer.user.role)) throw new RpcFailure(INCORRECT_ARGUMENT);
    this.desk.limits.send(viewer.user.id);
    const target = Array.isArray(params) ? params[1] : undefined;
    const conversation = await this.conversationToAnswer(viewer, target);
    const { message } = await this.desk.messages.sendMessage({ conversationId: conversation.id, body }, { token: viewer.token });
    if (!message) throw new RpcFailure(UNAVAILABLE);
    return { message, supportUserId: conversation.supportUserId };
  }

  /** The support conversation of the given user (id or name), or the longest-waiting one. */
  private async conversationToAnswer(viewer: Viewer, target: unknown): Promise<Conversation> {
    const auth = { token: viewer.token };
    if (target === undefined || target === null) {
      const { conversations } = await this.desk.messages.listSupportQueue({ pageSize: 1 }, auth);
      if (!conversations[0]) throw new RpcFailure(INCORRECT_ARGUMENT);
      return conversations[0];
    }
    let userId: number;
    if (typeof target === 'number' && Number.isSafeInteger(target) && target > 0) userId = target;
    else if (typeof target === 'string' && target !== '') {
      const { user } = await unlessNotFound(this.desk.users.getUser({ username: target }, auth));
      if (!user) throw new RpcFailure(INCORRECT_ARGUMENT);
      userId = user.id;
    } else throw new RpcFailure(INCORRECT_ARGUMENT);
    const { conversation } = await unlessNotFound(this.desk.messages.openSupport({ userId }, auth));
    if (!conversation) throw new RpcFailure(UNAVAILABLE);
    return conversation;
  }

  /** Sends a new support message this socket may see, unless it already has it. */
  private async push(conversationId: number, message: Message): Promise<void> {
    const viewer = this.viewer;
    if (!viewer || this.closed || this.replied.get(message.id)) return;
    const operator = isOperatorRole(viewer.user.role);
    if (!operator && conversationId !== this.conversationId) return;
    this.remember(message.id);
    const supportUserId = operator ? await this.supportUserOf(viewer, conversationId) : viewer.user.id;
    const presented = await this.present({ message, supportUserId });
    if (this.closed) return;
    // A push carries the message id as its JSON-RPC id.
    this.transport.send({ error: null, result: { message: presented }, id: message.id });
    if (message.authorId !== viewer.user.id) this.desk.receipts.delivered(viewer.user.id, conversationId, message.seq);
  }

  /** Whose support conversation this is; a failed read fails the push (see `run`). */
  private async supportUserOf(viewer: Viewer, conversationId: number): Promise<number> {
    const { conversation } = await this.desk.messages.getConversation({ conversationId }, { token: viewer.token });
    return conversation?.supportUserId ?? 0;
  }

  /** The protocol's message shape; operators also see whom it concerns. */
  private async present({ message, supportUserId }: Asked): Promise<SupportMessage> {
    const author = message.isFromSupport ? await this.desk.directory.get(message.authorId) : null;
    const presented: SupportMessage = {
      message_id: message.id,
      message_text: textWithFileLinks(message.body, message.attachments, this.desk.fileUrls),
      invader_name: author?.username ?? '',
      is_from_support: message.isFromSupport,
      created: Math.floor((message.createdAt?.getTime() ?? Date.now()) / 1000),
    };
    if (this.viewer && isOperatorRole(this.viewer.user.role) && supportUserId) {
      const user = await this.desk.directory.get(supportUserId);
      presented.user_id = supportUserId;
      presented.user_name = user?.username ?? '';
    }
    return presented;
  }

  private remember(messageId: number): void {
    this.replied.set(messageId, true, Number.POSITIVE_INFINITY);
  }

  private reply(id: unknown, error: RpcError | null, result: unknown): void {
    if (error) this.outcome = String(error.code);
    if (!this.closed) this.transport.send({ error, result: error ? null : result, id });
  }

  private close(code: number, reason: string): void {
    if (this.closed) return;
    this.outcome = 'CLOSED';
    this.transport.close(code, reason);
    this.dispose();
  }
}

/** A lookup of someone named in a request: not finding them is the client's mistake. */
async function unlessNotFound<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (isChatError(error) && error.code === ErrorCode.NotFound) throw new RpcFailure(INCORRECT_ARGUMENT);
    throw error;
  }
}
