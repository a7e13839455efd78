import { bearerToken, httpErrorHandler, invalidArgument, notFound, type Logger } from '@charla/platform';
import {
  GetConversationResponse,
  ListConversationsResponse,
  ListMessagesResponse,
  SendMessageResponse,
} from '@charla/proto/messages';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Chat } from '../domain/chat';
import type { Caller, ListOrderName } from '../domain/types';

/** Bodies above this are refused with 413 before any parsing: a message is at most 4000 characters. */
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

function orderOf(value: string | undefined): ListOrderName {
  if (value === undefined || value === '' || value === 'newest-first' || value === 'LIST_ORDER_NEWEST_FIRST') return 'newest-first';
  if (value === 'oldest-first' || value === 'LIST_ORDER_OLDEST_FIRST') return 'oldest-first';
  throw invalidArgument('order', 'must be newest-first or oldest-first');
}

/** A number-looking query value stays a string here; the domain's validation reads both. */
const conversation = (chat: Chat, caller: Caller, id: string) =>
  chat.getConversation(caller, id).then((c) => GetConversationResponse.toJSON({ conversation: c }));

/**
 * The seed-004 operations over HTTP + JSON, calling the same domain as gRPC. Bodies and
 * responses use the proto JSON names (camelCase); errors go through the one HTTP mapper.
 */
export function restApp(chat: Chat, log: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: MAX_BODY }));

  const v1 = express.Router();
  v1.use(async (req: Request, res: Response, next: NextFunction) => {
    res.locals.caller = await chat.authenticate(bearerToken(req.headers.authorization));
    next();
  });

  v1.get('/conversations', async (req, res) => {
    const page = await chat.listConversations(callerOf(res), {
      pageSize: query(req, 'pageSize') === undefined ? undefined : Number(query(req, 'pageSize')),
      pageToken: query(req, 'pageToken'),
    });
    res.json(ListConversationsResponse.toJSON({ conversations: page.items, nextPageToken: page.nextPageToken }));
  });

  v1.get('/conversations/:id', async (req, res) => {
    res.json(await conversation(chat, callerOf(res), req.params.id as string));
  });

  // A body with `username` opens the direct chat with that user; otherwise it creates a group.
  v1.post('/conversations', async (req, res) => {
    const input = body(req);
    const created =
      input.username !== undefined && input.title === undefined
        ? await chat.openDirect(callerOf(res), { username: input.username })
        : await chat.createGroup(callerOf(res), { title: input.title, usernames: input.usernames });
    res.status(201).json(GetConversationResponse.toJSON({ conversation: created }));
  });

  v1.post('/conversations/:id/leave', async (req, res) => {
    await chat.leaveConversation(callerOf(res), req.params.id as string);
    res.status(204).end();
  });

  v1.post('/conversations/:id/members', async (req, res) => {
    const updated = await chat.addMember(callerOf(res), { conversationId: req.params.id, username: body(req).username });
    res.json(GetConversationResponse.toJSON({ conversation: updated }));
  });

  v1.post('/conversations/:id/messages', async (req, res) => {
    const input = body(req);
    const { message, created } = await chat.sendMessage(callerOf(res), {
      conversationId: req.params.id,
      body: input.body,
      clientId: input.clientId ?? input.client_id,
    });
    // 201 for a new message, 200 for a retry that found the first one.
    res.status(created ? 201 : 200).json(SendMessageResponse.toJSON({ message }));
  });

  v1.get('/conversations/:id/messages', async (req, res) => {
    const page = await chat.listMessages(callerOf(res), {
      conversationId: req.params.id,
      pageSize: query(req, 'pageSize'),
      pageToken: query(req, 'pageToken'),
      beforeSeq: query(req, 'beforeSeq'),
      afterSeq: query(req, 'afterSeq'),
      order: orderOf(query(req, 'order')),
    });
    res.json(ListMessagesResponse.toJSON({ messages: page.items, nextPageToken: page.nextPageToken }));
  });

  v1.post('/conversations/:id/read', async (req, res) => {
    const updated = await chat.markRead(callerOf(res), { conversationId: req.params.id, seq: body(req).seq });
    res.json(GetConversationResponse.toJSON({ conversation: updated }));
  });

  app.use('/v1', v1);
  app.use(() => {
    throw notFound('route', 'ROUTE_NOT_FOUND');
  });
  app.use(httpErrorHandler(log));
  return app;
}
