import { ErrorCode, isChatError } from '@charla/platform';
import {
  ConversationKind,
  ListOrder,
  MessagesEventType,
  type Conversation,
  type Message,
} from '@charla/proto/messages';
import type { Gateway } from '../context';
import { isOperator, type Viewer } from '../auth/viewer';

/**
 * The support socket of seed 002, as a protocol core that knows nothing of WebSockets: it reads
 * JSON-RPC frames, answers them, pushes new support messages, and asks its transport to close.
 *
 * Extensions where the seed is silent (documented in api-gateway/README.md):
 * - message.operatorSend takes an optional second param, the user to answer: a user_id (number)
 *   or a user_name (string). Without it the operator answers the longest-waiting conversation.
 * - Operators see `user_id` and `user_name` (the asking user) on every message, since they serve
 *   many users; message.auth gives them the last message of each waiting conversation.
 * - Other errors: {"code":2,"message":"Service unavailable."}, {"code":3,"message":"Too many
 *   requests."}, -32700 for a frame that is not JSON, -32601 for an unknown method.
 * - A bad or missing token, or a send before message.auth, closes the socket with 4403.
 */

/** A message as the seed's clients know it. */
export interface SupportMessage {
  message_id: number;
  message_text: string;
  invader_name: string;
  is_from_support: boolean;
  created: number;
  user_id?: number;
  user_name?: string;
}

export interface RpcReply {
  error: { code: number; message: string } | null;
  result: unknown;
  id: unknown;
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

export const INCORRECT_ARGUMENT = { code: 1, message: 'Incorrect argument.' };
const UNAVAILABLE = { code: 2, message: 'Service unavailable.' };
const TOO_MANY = { code: 3, message: 'Too many requests.' };
const PARSE_ERROR = { code: -32700, message: 'Parse error.' };
const UNKNOWN_METHOD = { code: -32601, message: 'Method not found.' };
export const CLOSE_FORBIDDEN = 4403;

const MAX_BODY = 4000;
const HISTORY_PAGES = 20;
const REMEMBERED_REPLIES = 200;

interface Request {
  method: string;
  params: unknown;
  id: unknown;
}

class RpcFailure extends Error {
  constructor(readonly error: { code: number; message: string }) {
    super(error.message);
  }
}

function parseRequest(text: string): Request | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const { method, params, id } = value as Record<string, unknown>;
    return typeof method === 'string' ? { method, params, id: id ?? null } : undefined;
  } catch {
    return undefined;
  }
}

/** The one text param of message.send / message.operatorSend, or the seed's error. */
function messageText(params: unknown, maxParams: number): string {
  if (!Array.isArray(params) || params.length < 1 || params.length > maxParams) throw new RpcFailure(INCORRECT_ARGUMENT);
  const [text] = params;
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_BODY) throw new RpcFailure(INCORRECT_ARGUMENT);
  return text;
}

function rpcErrorOf(error: unknown): { code: number; message: string } {
  if (error instanceof RpcFailure) return error.error;
  if (isChatError(error)) {
    if (error.code === ErrorCode.ResourceExhausted) return TOO_MANY;
    if (error.code === ErrorCode.Unavailable || error.code === ErrorCode.DeadlineExceeded || error.code === ErrorCode.Internal) return UNAVAILABLE;
    return INCORRECT_ARGUMENT;
  }
  return UNAVAILABLE;
}

export class SupportSession {
  private viewer: Viewer | undefined;
  private detach: (() => void) | undefined;
  /** This user's own support conversation (users only). */
  private conversationId: number | undefined;
  /** Pushes wait while a request is answered, so a reply always comes before the push of the same message. */
  private busy = 0;
  private held: { conversationId: number; message: Message }[] = [];
  private readonly replied = new Set<number>();
  private closed = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly gateway: Gateway,
    private readonly transport: SupportTransport,
    private readonly hooks: SupportHooks,
  ) {}

  /** Handles one frame; frames are handled in the order they came. */
  receive(text: string): Promise<void> {
    this.chain = this.chain.then(() => this.handle(text));
    return this.chain;
  }

  dispose(): void {
    this.closed = true;
    this.detach?.();
    this.detach = undefined;
  }

  private async handle(text: string): Promise<void> {
    if (this.closed) return;
    const request = parseRequest(text);
    if (!request) return this.reply(null, PARSE_ERROR, null);
    if (request.method === 'message.auth') return this.authenticate(request);
    if (request.method !== 'message.send' && request.method !== 'message.operatorSend') return this.reply(request.id, UNKNOWN_METHOD, null);
    const viewer = this.viewer;
    if (!viewer) return this.close('Authenticate first with message.auth');
    this.busy++;
    try {
      const message = request.method === 'message.send' ? await this.sendAsUser(viewer, request.params) : await this.sendAsOperator(viewer, request.params);
      this.remember(message.id);
      this.reply(request.id, null, { message: await this.present(message.message, message.supportUserId) });
    } catch (error) {
      if (!(error instanceof RpcFailure)) this.gateway.log.warn({ err: error }, 'support send failed');
      this.reply(request.id, rpcErrorOf(error), null);
    } finally {
      this.busy--;
      if (this.busy === 0) await this.releaseHeld();
    }
  }

  private async authenticate(request: Request): Promise<void> {
    const token = Array.isArray(request.params) && request.params.length === 1 ? request.params[0] : undefined;
    if (this.viewer || typeof token !== 'string' || token === '') return this.close('A valid token is required');
    let viewer: Viewer;
    try {
      viewer = await this.gateway.tokens.authenticate(token);
    } catch (error) {
      if (isChatError(error) && error.code === ErrorCode.Unauthenticated) return this.close('A valid token is required');
      return this.reply(request.id, rpcErrorOf(error), null);
    }
    if (this.closed) return;
    this.viewer = viewer;
    this.busy++;
    try {
      this.detach = this.hooks.attach(viewer, (conversationId, message) => void this.push(conversationId, message));
      const history = isOperator(viewer.user) ? await this.waitingMessages(viewer) : await this.ownHistory(viewer);
      for (const entry of history) this.remember(entry.message.id);
      const messages = await Promise.all(history.map((entry) => this.present(entry.message, entry.supportUserId)));
      this.reply(request.id, null, { messages: messages.length > 0 ? messages : null });
    } catch (error) {
      this.gateway.log.warn({ err: error }, 'support history failed');
      this.reply(request.id, rpcErrorOf(error), null);
    } finally {
      this.busy--;
      if (this.busy === 0) await this.releaseHeld();
    }
  }

  /** A user's whole support conversation, oldest first. */
  private async ownHistory(viewer: Viewer): Promise<{ message: Message; supportUserId: number }[]> {
    const { conversation } = await this.gateway.messages.openSupport({}, { token: viewer.token });
    if (!conversation) return [];
    this.conversationId = conversation.id;
    const all: Message[] = [];
    let pageToken = '';
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const response = await this.gateway.messages.listMessages(
        { conversationId: conversation.id, pageSize: 100, order: ListOrder.LIST_ORDER_OLDEST_FIRST, pageToken },
        { token: viewer.token },
      );
      all.push(...response.messages);
      if (!response.nextPageToken || response.messages.length === 0) break;
      pageToken = response.nextPageToken;
    }
    return all.map((message) => ({ message, supportUserId: viewer.user.id }));
  }

  /** For an operator: the last message of each conversation waiting for an answer. */
  private async waitingMessages(viewer: Viewer): Promise<{ message: Message; supportUserId: number }[]> {
    const { conversations } = await this.gateway.messages.listSupportQueue({ pageSize: 100 }, { token: viewer.token });
    return conversations.flatMap((c) => (c.lastMessage ? [{ message: c.lastMessage, supportUserId: c.supportUserId }] : []));
  }

  private async sendAsUser(viewer: Viewer, params: unknown) {
    const body = messageText(params, 1);
    this.gateway.limits.send(viewer.user.id);
    if (this.conversationId === undefined) {
      const { conversation } = await this.gateway.messages.openSupport({}, { token: viewer.token });
      this.conversationId = conversation?.id;
    }
    if (this.conversationId === undefined) throw new RpcFailure(UNAVAILABLE);
    const { message } = await this.gateway.messages.sendMessage({ conversationId: this.conversationId, body }, { token: viewer.token });
    if (!message) throw new RpcFailure(UNAVAILABLE);
    return { id: message.id, message, supportUserId: viewer.user.id };
  }

  private async sendAsOperator(viewer: Viewer, params: unknown) {
    const body = messageText(params, 2);
    if (!isOperator(viewer.user)) throw new RpcFailure(INCORRECT_ARGUMENT);
    this.gateway.limits.send(viewer.user.id);
    const target = Array.isArray(params) ? params[1] : undefined;
    const conversation = await this.conversationToAnswer(viewer, target);
    const { message } = await this.gateway.messages.sendMessage({ conversationId: conversation.id, body }, { token: viewer.token });
    if (!message) throw new RpcFailure(UNAVAILABLE);
    return { id: message.id, message, supportUserId: conversation.supportUserId };
  }

  /** The support conversation of the given user (id or name), or the longest-waiting one. */
  private async conversationToAnswer(viewer: Viewer, target: unknown): Promise<Conversation> {
    const auth = { token: viewer.token };
    if (target === undefined || target === null) {
      const { conversations } = await this.gateway.messages.listSupportQueue({ pageSize: 1 }, auth);
      if (!conversations[0]) throw new RpcFailure(INCORRECT_ARGUMENT);
      return conversations[0];
    }
    let userId: number;
    if (typeof target === 'number' && Number.isSafeInteger(target) && target > 0) userId = target;
    else if (typeof target === 'string' && target !== '') {
      try {
        const { user } = await this.gateway.users.getUser({ username: target }, auth);
        if (!user) throw new RpcFailure(INCORRECT_ARGUMENT);
        userId = user.id;
      } catch (error) {
        if (isChatError(error) && error.code === ErrorCode.NotFound) throw new RpcFailure(INCORRECT_ARGUMENT);
        throw error;
      }
    } else throw new RpcFailure(INCORRECT_ARGUMENT);
    try {
      const { conversation } = await this.gateway.messages.openSupport({ userId }, auth);
      if (!conversation) throw new RpcFailure(UNAVAILABLE);
      return conversation;
    } catch (error) {
      if (isChatError(error) && error.code === ErrorCode.NotFound) throw new RpcFailure(INCORRECT_ARGUMENT);
      throw error;
    }
  }

  private async push(conversationId: number, message: Message): Promise<void> {
    if (this.closed) return;
    if (this.busy > 0) {
      this.held.push({ conversationId, message });
      return;
    }
    await this.pushNow(conversationId, message);
  }

  private async releaseHeld(): Promise<void> {
    for (const { conversationId, message } of this.held.splice(0)) await this.pushNow(conversationId, message);
  }

  private async pushNow(conversationId: number, message: Message): Promise<void> {
    const viewer = this.viewer;
    if (!viewer || this.closed || this.replied.has(message.id)) return;
    if (!isOperator(viewer.user) && conversationId !== this.conversationId) return;
    this.remember(message.id);
    const supportUserId = isOperator(viewer.user) ? await this.supportUserOf(viewer, conversationId) : viewer.user.id;
    const presented = await this.present(message, supportUserId);
    if (this.closed) return;
    // The seed's push carries the message id as its JSON-RPC id.
    this.transport.send({ error: null, result: { message: presented }, id: message.id });
    if (message.authorId !== viewer.user.id) this.gateway.receipts.delivered(viewer, conversationId, message.seq);
  }

  private async supportUserOf(viewer: Viewer, conversationId: number): Promise<number> {
    try {
      const { conversation } = await this.gateway.messages.getConversation({ conversationId }, { token: viewer.token });
      return conversation?.supportUserId ?? 0;
    } catch {
      return 0;
    }
  }

  /** The seed's message shape; operators also see whom it concerns. */
  private async present(message: Message, supportUserId: number): Promise<SupportMessage> {
    const author = message.isFromSupport ? await this.gateway.directory.get(message.authorId) : null;
    const presented: SupportMessage = {
      message_id: message.id,
      message_text: message.body,
      invader_name: author?.username ?? '',
      is_from_support: message.isFromSupport,
      created: Math.floor((message.createdAt?.getTime() ?? Date.now()) / 1000),
    };
    if (this.viewer && isOperator(this.viewer.user) && supportUserId) {
      const user = await this.gateway.directory.get(supportUserId);
      presented.user_id = supportUserId;
      presented.user_name = user?.username ?? '';
    }
    return presented;
  }

  private remember(messageId: number): void {
    this.replied.add(messageId);
    if (this.replied.size > REMEMBERED_REPLIES) this.replied.delete(this.replied.values().next().value as number);
  }

  private reply(id: unknown, error: { code: number; message: string } | null, result: unknown): void {
    if (!this.closed) this.transport.send({ error, result: error ? null : result, id });
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.transport.close(CLOSE_FORBIDDEN, reason);
    this.dispose();
  }
}

/** Whether a messages event is a new message in a support conversation. */
export function isSupportMessage(type: MessagesEventType, kind: ConversationKind): boolean {
  return type === MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED && kind === ConversationKind.CONVERSATION_KIND_SUPPORT;
}
