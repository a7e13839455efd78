import { answerWatch, bearerToken, implement, knownError, statusBytesOf, WATCH_CURSOR_HEADER, type CallContext, type Logger } from '@charla/platform';
import { MessagesServiceService, type ListMessagesResponse, type MessagesServiceServer } from '@charla/proto/messages';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Chat } from '../domain/chat';
import type { Motd, MotdView } from '../domain/motd';
import type { Caller, ConversationView, Message, Page } from '../domain/types';
import { orderFromPb, toPbConversation, toPbEvent, toPbMessage } from '../mapping';
import { conversationUpdateFromPb, memberStateToPb } from '../mapping-rich';
import { chunksOf, downloadMetadataToPb, toPbAttachment, toPbSearchHit, uploadFramesFromPb, variantFromPb } from '../mapping-files';

export interface GrpcDeps {
  chat: Chat;
  motd: Motd;
  log: Logger;
  /** Aborted when the service stops, so event streams end instead of holding shutdown. */
  stopping: AbortSignal;
}

const conversationPage = (page: Page<ConversationView>) => ({ conversations: page.items.map(toPbConversation), nextPageToken: page.nextPageToken });

/** The methods whose responses may repeat as the same object (a kept page): the service's definition encodes those once (platform's encodingOnce). */
export const LIST_ENCODED_ONCE = ['listMessages'];

/** charla.messages.v1.MessagesService: proto ↔ domain mapping only; the use cases decide everything. */
const motdPb = (view: MotdView) => ({ motd: view.text, updatedAt: view.updatedAt });

export function messagesService({ chat, motd, log, stopping }: GrpcDeps): UntypedServiceImplementation {
  const { conversations, messages, feed, files, search, reactions, pins, settings } = chat;
  const message = async (found: Promise<Message>) => ({ message: toPbMessage(await found) });
  const caller = ({ metadata }: CallContext): Promise<Caller> => chat.callers.of(bearerToken(metadata.get('authorization')[0]));
  const one = async (view: Promise<ConversationView>) => ({ conversation: toPbConversation(await view) });
  // A kept newest page comes back as the same object while it holds: so does its response, and its bytes (LIST_ENCODED_ONCE).
  const pageResponses = new WeakMap<Page<Message>, ListMessagesResponse>();

  return implement<MessagesServiceServer>(
    MessagesServiceService,
    {
      listConversations: async (req, context) => conversationPage(await conversations.list(await caller(context), req)),
      getConversation: async (req, context) => one(conversations.get(await caller(context), req.conversationId)),
      createGroup: async (req, context) => one(conversations.createGroup(await caller(context), req)),
      openDirect: async (req, context) => one(conversations.openDirect(await caller(context), req)),
      openSupport: async (req, context) => one(conversations.openSupport(await caller(context), req)),
      listSupportQueue: async (req, context) => conversationPage(await conversations.supportQueue(await caller(context), req)),
      listRooms: async (req, context) => conversationPage(await conversations.rooms(await caller(context), req)),
      createRoom: async (req, context) => one(conversations.createRoom(await caller(context), req)),
      joinRoom: async (req, context) => one(conversations.joinRoom(await caller(context), req.conversationId)),
      addMember: async (req, context) => one(conversations.addMember(await caller(context), req)),
      leaveConversation: async (req, context) => {
        await conversations.leave(await caller(context), req.conversationId);
        return {};
      },
      sendMessage: async (req, context) => ({ message: toPbMessage((await messages.send(await caller(context), req)).message) }),
      sendMessages: async (req, context) => {
        const outcomes = await chat.sendBatches.send(await caller(context), req.sends.map(({ token, request }) => ({ token, request: request ?? {} })));
        // Each refusal is that send's own, with the details a single SendMessage would carry.
        const results = outcomes.map((outcome) =>
          'message' in outcome ? { message: toPbMessage(outcome.message), status: Buffer.alloc(0) } : { message: undefined, status: statusBytesOf(knownError(outcome.error, log)) },
        );
        return { results };
      },
      editMessage: async (req, context) => ({ message: toPbMessage(await messages.edit(await caller(context), req)) }),
      deleteMessage: async (req, context) => ({ message: toPbMessage(await messages.delete(await caller(context), req.messageId)) }),
      listMessages: async (req, context) => {
        const read = await messages.listUnlessHeld(await caller(context), { ...req, order: orderFromPb(req.order) });
        if ('notModified' in read) return { messages: [], nextPageToken: '', tag: read.tag, notModified: true };
        let response = pageResponses.get(read);
        if (!response) {
          response = { messages: read.items.map(toPbMessage), nextPageToken: read.nextPageToken, tag: read.tag, notModified: false };
          pageResponses.set(read, response);
        }
        return response;
      },
      markDelivered: async (req, context) => one(messages.markDelivered(await caller(context), req)),
      markRead: async (req, context) => one(messages.markRead(await caller(context), req)),
      recordDeliveries: async (req, context) => ({ moved: await messages.recordDeliveries(await caller(context), req) }),
      getMotd: async (_req, context) => motdPb(await motd.get(await caller(context))),
      setMotd: async (req, context) => motdPb(await motd.set(await caller(context), req.motd)),
      watchEvents: async (req, context, send) => {
        const events = feed.watch(await caller(context), {
          after: req.after,
          fromNow: req.fromNow,
          signal: AbortSignal.any([context.signal, stopping]),
          onStart: (cursor) => context.sendHeaders({ [WATCH_CURSOR_HEADER]: String(cursor) }),
        });
        await answerWatch(events, req.batched, toPbEvent, send);
      },
      uploadAttachment: async (requests, context) => ({ attachment: toPbAttachment(await files.upload(await caller(context), uploadFramesFromPb(requests))) }),
      downloadAttachment: async (req, context, send) => {
        const download = await files.download(await caller(context), { ...req, variant: variantFromPb(req.variant) });
        try {
          await send({ metadata: downloadMetadataToPb(download) });
          // send() waits for the socket to drain: a slow reader holds the blob stream back.
          for await (const chunk of chunksOf(download.bytes)) {
            if (context.signal.aborted) break;
            await send({ chunk });
          }
        } finally {
          download.bytes.destroy();
        }
      },
      searchMessages: async (req, context) => {
        const page = await search.search(await caller(context), req);
        return { hits: page.items.map(toPbSearchHit), nextPageToken: page.nextPageToken };
      },
      addReaction: async (req, context) => message(reactions.add(await caller(context), req)),
      removeReaction: async (req, context) => message(reactions.remove(await caller(context), req)),
      pinMessage: async (req, context) => message(pins.pin(await caller(context), req.messageId)),
      unpinMessage: async (req, context) => message(pins.unpin(await caller(context), req.messageId)),
      listPinnedMessages: async (req, context) => ({ messages: (await pins.list(await caller(context), req)).map(toPbMessage) }),
      updateConversation: async (req, context) => one(settings.update(await caller(context), conversationUpdateFromPb(req))),
      setConversationPreferences: async (req, context) => one(settings.setPreferences(await caller(context), req)),
      batchGetMemberStates: async (req, context) => ({ states: (await settings.memberStates(await caller(context), req)).map(memberStateToPb) }),
    },
    log,
  );
}
