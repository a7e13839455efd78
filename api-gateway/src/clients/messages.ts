import { credentials, type ClientReadableStream, type ClientWritableStream, type ServiceError } from '@grpc/grpc-js';
import {
  AddMemberRequest,
  AddReactionRequest,
  BatchGetMemberStatesRequest,
  ListPinnedMessagesRequest,
  PinMessageRequest,
  RemoveReactionRequest,
  SetConversationPreferencesRequest,
  UnpinMessageRequest,
  UpdateConversationRequest,
  CreateGroupRequest,
  CreateRoomRequest,
  DeleteMessageRequest,
  EditMessageRequest,
  GetConversationRequest,
  GetMotdRequest,
  JoinRoomRequest,
  LeaveConversationRequest,
  ListConversationsRequest,
  ListMessagesRequest,
  ListRoomsRequest,
  ListSupportQueueRequest,
  MarkDeliveredRequest,
  MarkReadRequest,
  MessagesServiceClient,
  OpenDirectRequest,
  OpenSupportRequest,
  RecordDeliveriesRequest,
  DownloadAttachmentRequest,
  SearchMessagesRequest,
  type DownloadAttachmentResponse,
  type UploadAttachmentRequest,
  type UploadAttachmentResponse,
  SendMessagesRequest,
  type WatchEventsResponse,
} from '@charla/proto/messages';
import { SERVICE_CHANNEL_OPTIONS, metadataFor, rpc, type CallAuth, type RpcSettings } from '@charla/platform';
import { HeldPages } from './held-pages';
import { Sends, asOneCall, type SendAdmission } from './sends';

/** Long enough for a large file over a slow link; a browser that goes away cancels sooner. */
const UPLOAD_DEADLINE_MS = 15 * 60_000;
/** Messages of the newest pages held decoded (clients/held-pages.ts): a hundred conversations' first screens, a few MiB. */
const HELD_PAGE_MESSAGES = 5_000;

/** The gateway's one long-lived channel to messages-service, with typed promise calls. */
export function connectMessages(address: string, settings: RpcSettings, admission: SendAdmission) {
  const client = new MessagesServiceClient(address, credentials.createInsecure(), SERVICE_CHANNEL_OPTIONS);
  // Sends go in batches, one SendMessages per round of the loop, admitted (clients/sends.ts).
  const sends = new Sends(asOneCall(rpc(client.sendMessages.bind(client), SendMessagesRequest, settings)), admission);
  return {
    listConversations: rpc(client.listConversations.bind(client), ListConversationsRequest, settings),
    getConversation: rpc(client.getConversation.bind(client), GetConversationRequest, settings),
    createGroup: rpc(client.createGroup.bind(client), CreateGroupRequest, settings),
    openDirect: rpc(client.openDirect.bind(client), OpenDirectRequest, settings),
    openSupport: rpc(client.openSupport.bind(client), OpenSupportRequest, settings),
    listSupportQueue: rpc(client.listSupportQueue.bind(client), ListSupportQueueRequest, settings),
    listRooms: rpc(client.listRooms.bind(client), ListRoomsRequest, settings),
    createRoom: rpc(client.createRoom.bind(client), CreateRoomRequest, settings),
    joinRoom: rpc(client.joinRoom.bind(client), JoinRoomRequest, settings),
    addMember: rpc(client.addMember.bind(client), AddMemberRequest, settings),
    leaveConversation: rpc(client.leaveConversation.bind(client), LeaveConversationRequest, settings),
    sendMessage: sends.send,
    /** The refusal a sendMessage arriving now would get from admission, or undefined. */
    sendRefusal: sends.refusal,
    editMessage: rpc(client.editMessage.bind(client), EditMessageRequest, settings),
    deleteMessage: rpc(client.deleteMessage.bind(client), DeleteMessageRequest, settings),
    /** Newest pages are asked conditionally and held (clients/held-pages.ts); the answer is the same either way. */
    listMessages: new HeldPages(HELD_PAGE_MESSAGES).conditional(rpc(client.listMessages.bind(client), ListMessagesRequest, settings)),
    markDelivered: rpc(client.markDelivered.bind(client), MarkDeliveredRequest, settings),
    markRead: rpc(client.markRead.bind(client), MarkReadRequest, settings),
    recordDeliveries: rpc(client.recordDeliveries.bind(client), RecordDeliveriesRequest, settings),
    addReaction: rpc(client.addReaction.bind(client), AddReactionRequest, settings),
    removeReaction: rpc(client.removeReaction.bind(client), RemoveReactionRequest, settings),
    pinMessage: rpc(client.pinMessage.bind(client), PinMessageRequest, settings),
    unpinMessage: rpc(client.unpinMessage.bind(client), UnpinMessageRequest, settings),
    listPinnedMessages: rpc(client.listPinnedMessages.bind(client), ListPinnedMessagesRequest, settings),
    updateConversation: rpc(client.updateConversation.bind(client), UpdateConversationRequest, settings),
    setConversationPreferences: rpc(client.setConversationPreferences.bind(client), SetConversationPreferencesRequest, settings),
    batchGetMemberStates: rpc(client.batchGetMemberStates.bind(client), BatchGetMemberStatesRequest, settings),
    getMotd: rpc(client.getMotd.bind(client), GetMotdRequest, settings),
    searchMessages: rpc(client.searchMessages.bind(client), SearchMessagesRequest, settings),
    /** A file upload for the token's user: write the metadata, then chunks, then end. */
    uploadAttachment: (token: string, done: (error: ServiceError | null, response?: UploadAttachmentResponse) => void): ClientWritableStream<UploadAttachmentRequest> =>
      client.uploadAttachment(metadataFor({ token }, settings.serviceToken), { deadline: Date.now() + UPLOAD_DEADLINE_MS }, done),
    /** A file's metadata, then its bytes; no deadline (a large file to a slow reader), cancelled when the reader goes. */
    downloadAttachment: (request: Partial<DownloadAttachmentRequest>, auth: CallAuth): ClientReadableStream<DownloadAttachmentResponse> =>
      client.downloadAttachment(DownloadAttachmentRequest.fromPartial(request), metadataFor(auth, settings.serviceToken)),
    /** The event stream: no deadline, it lives as long as the gateway. */
    watchEvents: (after: number | undefined): ClientReadableStream<WatchEventsResponse> =>
      client.watchEvents({ after: after ?? 0, fromNow: after === undefined, batched: true }, metadataFor('service', settings.serviceToken)),
    /** READY once the channel is connected; asking also starts connecting. */
    channelState: () => client.getChannel().getConnectivityState(true),
    close: () => client.close(),
  };
}

export type MessagesClient = ReturnType<typeof connectMessages>;
