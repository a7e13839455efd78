import { bearerToken, implement, requireServiceToken, type EventLog, WATCH_CURSOR_HEADER, type Logger } from '@charla/platform';
import {
  ListOrder,
  MessagesServiceService,
  type MessagesServiceServer,
} from '@charla/proto/messages';
import type { Metadata, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Chat } from '../domain/chat';
import { decodeEvent } from '../domain/events';
import type { ListOrderName } from '../domain/types';
import type { ChatStore } from '../store/store';
import { StreamAudience } from './audience';

export function orderName(order: ListOrder): ListOrderName {
  return order === ListOrder.LIST_ORDER_OLDEST_FIRST ? 'oldest-first' : 'newest-first';
}

function authorization(metadata: Metadata): unknown {
  return metadata.get('authorization')[0];
}

export interface GrpcDeps {
  chat: Chat;
  store: ChatStore;
  events: EventLog;
  serviceToken: string;
  log: Logger;
  /** Aborted when the service stops, so event streams end instead of holding shutdown. */
  stopping: AbortSignal;
}

/** charla.messages.v1.MessagesService: proto ↔ domain mapping only. */
export function messagesService({ chat, store, events, serviceToken, log, stopping }: GrpcDeps): UntypedServiceImplementation {
  const caller = (metadata: Metadata) => chat.authenticate(bearerToken(authorization(metadata)));

  return implement<MessagesServiceServer>(
    MessagesServiceService,
    {
      listConversations: async (req, { metadata }) => {
        const page = await chat.listConversations(await caller(metadata), req);
        return { conversations: page.items, nextPageToken: page.nextPageToken };
      },
      getConversation: async (req, { metadata }) => ({
        conversation: await chat.getConversation(await caller(metadata), req.conversationId),
      }),
      createGroup: async (req, { metadata }) => ({ conversation: await chat.createGroup(await caller(metadata), req) }),
      openDirect: async (req, { metadata }) => ({ conversation: await chat.openDirect(await caller(metadata), req) }),
      openSupport: async (req, { metadata }) => ({ conversation: await chat.openSupport(await caller(metadata), req) }),
      listSupportQueue: async (req, { metadata }) => {
        const page = await chat.listSupportQueue(await caller(metadata), req);
        return { conversations: page.items, nextPageToken: page.nextPageToken };
      },
      listRooms: async (req, { metadata }) => {
        const page = await chat.listRooms(await caller(metadata), req);
        return { conversations: page.items, nextPageToken: page.nextPageToken };
      },
      createRoom: async (req, { metadata }) => ({ conversation: await chat.createRoom(await caller(metadata), req) }),
      joinRoom: async (req, { metadata }) => ({ conversation: await chat.joinRoom(await caller(metadata), req.conversationId) }),
      addMember: async (req, { metadata }) => ({ conversation: await chat.addMember(await caller(metadata), req) }),
      leaveConversation: async (req, { metadata }) => {
        await chat.leaveConversation(await caller(metadata), req.conversationId);
        return {};
      },
      sendMessage: async (req, { metadata }) => ({ message: (await chat.sendMessage(await caller(metadata), req)).message }),
      editMessage: async (req, { metadata }) => ({ message: await chat.editMessage(await caller(metadata), req) }),
      deleteMessage: async (req, { metadata }) => ({ message: await chat.deleteMessage(await caller(metadata), req.messageId) }),
      listMessages: async (req, { metadata }) => {
        const page = await chat.listMessages(await caller(metadata), { ...req, order: orderName(req.order) });
        return { messages: page.items, nextPageToken: page.nextPageToken };
      },
      markDelivered: async (req, { metadata }) => ({ conversation: await chat.markDelivered(await caller(metadata), req) }),
      markRead: async (req, { metadata }) => ({ conversation: await chat.markRead(await caller(metadata), req) }),
      recordDeliveries: async (req, { metadata }) => {
        requireServiceToken(authorization(metadata), serviceToken);
        return { moved: await chat.recordDeliveries(req) };
      },
      watchEvents: async (req, { metadata, signal, sendHeaders }, send) => {
        requireServiceToken(authorization(metadata), serviceToken);
        const audience = new StreamAudience(store);
        const ended = AbortSignal.any([signal, stopping]);
        const onStart = (cursor: number) => sendHeaders({ [WATCH_CURSOR_HEADER]: String(cursor) });
        for await (const stored of events.watch({ after: req.after, fromNow: req.fromNow, signal: ended, onStart })) {
          const event = decodeEvent(stored);
          event.memberIds = await audience.of(event);
          await send({ event });
        }
      },
    },
    log,
  );
}
