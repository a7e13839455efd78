import { bearerToken, httpErrorHandler, invalidArgument, notFound, type Logger } from '@charla/platform';
import {
  GetConversationResponse,
  ListConversationsResponse,
  ListMessagesResponse,
  SearchMessagesResponse,
  SendMessageResponse,
} from '@charla/proto/messages';
import express, { type NextFunction, type Request, type Response } from 'express';
import { requireUser } from '../domain/callers';
import type { Chat } from '../domain/chat';
import type { Caller, ConversationView, ListOrderName } from '../domain/types';
import { toPbConversation, toPbMessage } from '../mapping';
import { toPbSearchHit } from '../mapping-files';
import { richRoutes } from './rich-routes';

/** Bodies above this are refused with 413 before any parsing; the message body's own limit is the domain's (LIMITS.bodyMax). */
export const MAX_BODY = '64kb';

function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}

function body(req: Request): Record<string, unknown> {
  const value: unknown = req.body;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function query(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

const conversationJson = (view: ConversationView) => GetConversationResponse.toJSON({ conversation: toPbConversation(view) });

function orderOf(value: string | undefined): ListOrderName {
  if (value === undefined || value === '' || value === 'newest-first' || value === 'LIST_ORDER_NEWEST_FIRST') return 'newest-first';
  if (value === 'oldest-first' || value === 'LIST_ORDER_OLDEST_FIRST') return 'oldest-first';
  throw invalidArgument('order', 'must be newest-first or oldest-first');
}

/**
 * The messenger REST routes over HTTP + JSON, calling the same domain as gRPC. Bodies and
 * responses use the proto JSON names (camelCase); errors go through the one HTTP mapper. A
 * number-looking path or query value stays a string here: the domain's validation reads both.
 */
export function restApp(chat: Chat, log: Logger): express.Express {
  const { conversations, messages } = chat;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: MAX_BODY }));

  const v1 = express.Router();
  v1.use(async (req: Request, res: Response, next: NextFunction) => {
    // Every route acts for a signed-in user.
    res.locals.caller = requireUser(await chat.callers.of(bearerToken(req.headers.authorization)));
    next();
  });

  v1.get('/conversations', async (req, res) => {
    const page = await conversations.list(callerOf(res), {
      pageSize: query(req, 'pageSize') === undefined ? undefined : Number(query(req, 'pageSize')),
      pageToken: query(req, 'pageToken'),
    });
    res.json(ListConversationsResponse.toJSON({ conversations: page.items.map(toPbConversation), nextPageToken: page.nextPageToken }));
  });

  v1.get('/conversations/:id', async (req, res) => {
    res.json(conversationJson(await conversations.get(callerOf(res), req.params.id)));
  });

  // A body with `username` opens the direct chat with that user; otherwise it creates a group.
  v1.post('/conversations', async (req, res) => {
    const input = body(req);
    const created =
      input.username !== undefined && input.title === undefined
        ? await conversations.openDirect(callerOf(res), { username: input.username })
        : await conversations.createGroup(callerOf(res), { title: input.title, usernames: input.usernames });
    res.status(201).json(conversationJson(created));
  });

  v1.post('/conversations/:id/leave', async (req, res) => {
    await conversations.leave(callerOf(res), req.params.id);
    res.status(204).end();
  });

  v1.post('/conversations/:id/members', async (req, res) => {
    const updated = await conversations.addMember(callerOf(res), { conversationId: req.params.id, username: body(req).username });
    res.json(conversationJson(updated));
  });

  v1.post('/conversations/:id/messages', async (req, res) => {
    const input = body(req);
    const { message, created } = await messages.send(callerOf(res), {
      conversationId: req.params.id,
      body: input.body,
      clientId: input.clientId ?? input.client_id,
      replyToId: input.replyToId ?? input.reply_to_id,
    });
    // 201 for a new message, 200 for a retry that found the first one.
    res.status(created ? 201 : 200).json(SendMessageResponse.toJSON({ message: toPbMessage(message) }));
  });

  v1.get('/conversations/:id/messages', async (req, res) => {
    const page = await messages.list(callerOf(res), {
      conversationId: req.params.id,
      pageSize: query(req, 'pageSize'),
      pageToken: query(req, 'pageToken'),
      beforeSeq: query(req, 'beforeSeq'),
      afterSeq: query(req, 'afterSeq'),
      aroundSeq: query(req, 'aroundSeq'),
      order: orderOf(query(req, 'order')),
    });
    res.json(ListMessagesResponse.toJSON({ messages: page.items.map(toPbMessage), nextPageToken: page.nextPageToken, tag: page.tag, notModified: false }));
  });

  v1.get('/messages/search', async (req, res) => {
    const page = await chat.search.search(callerOf(res), {
      query: query(req, 'q') ?? query(req, 'query'),
      conversationId: query(req, 'conversationId'),
      pageSize: query(req, 'pageSize'),
      pageToken: query(req, 'pageToken'),
    });
    res.json(SearchMessagesResponse.toJSON({ hits: page.items.map(toPbSearchHit), nextPageToken: page.nextPageToken }));
  });

  v1.post('/conversations/:id/read', async (req, res) => {
    const updated = await messages.markRead(callerOf(res), { conversationId: req.params.id, seq: body(req).seq });
    res.json(conversationJson(updated));
  });

  v1.use(richRoutes(chat, callerOf, body));
  app.use('/v1', v1);
  app.use(() => {
    throw notFound('route', 'ROUTE_NOT_FOUND');
  });
  app.use(httpErrorHandler(log));
  return app;
}
