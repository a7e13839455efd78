import { GetConversationResponse, ListPinnedMessagesResponse, SendMessageResponse } from '@charla/proto/messages';
import express, { type Request, type Response } from 'express';
import type { Chat } from '../domain/chat';
import type { Caller, ConversationView, Message } from '../domain/types';
import { toPbConversation, toPbMessage } from '../mapping';

/**
 * The REST routes of replies' neighbours: reactions, pins, conversation settings and each
 * member's preferences. Same use cases as gRPC; proto JSON (camelCase) in and out.
 */
export function richRoutes(chat: Chat, callerOf: (res: Response) => Caller, body: (req: Request) => Record<string, unknown>): express.Router {
  const { reactions, pins, settings } = chat;
  const routes = express.Router();
  const message = (res: Response, found: Message) => res.json(SendMessageResponse.toJSON({ message: toPbMessage(found) }));
  const conversation = (res: Response, view: ConversationView) => res.json(GetConversationResponse.toJSON({ conversation: toPbConversation(view) }));

  // POST {"emoji":"👍"} adds my reaction; DELETE …/reactions/<emoji, URL-encoded> takes it back.
  routes.post('/messages/:id/reactions', async (req, res) => {
    message(res, await reactions.add(callerOf(res), { messageId: req.params.id, emoji: body(req).emoji }));
  });
  routes.delete('/messages/:id/reactions/:emoji', async (req, res) => {
    message(res, await reactions.remove(callerOf(res), { messageId: req.params.id, emoji: req.params.emoji }));
  });

  routes.post('/messages/:id/pin', async (req, res) => {
    message(res, await pins.pin(callerOf(res), req.params.id));
  });
  routes.delete('/messages/:id/pin', async (req, res) => {
    message(res, await pins.unpin(callerOf(res), req.params.id));
  });
  routes.get('/conversations/:id/pins', async (req, res) => {
    const pinned = await pins.list(callerOf(res), { conversationIds: [req.params.id] });
    res.json(ListPinnedMessagesResponse.toJSON({ messages: pinned.map(toPbMessage) }));
  });

  // Only the keys given change: {"title"}, {"topic"} (an empty one clears it), or both.
  routes.patch('/conversations/:id', async (req, res) => {
    const { title, topic } = body(req);
    conversation(res, await settings.update(callerOf(res), { conversationId: req.params.id, title, topic }));
  });
  routes.patch('/conversations/:id/preferences', async (req, res) => {
    const { muted, favourite, archived } = body(req);
    conversation(res, await settings.setPreferences(callerOf(res), { conversationId: req.params.id, muted, favourite, archived }));
  });
  return routes;
}
