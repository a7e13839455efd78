import { credentials, type ClientReadableStream } from '@grpc/grpc-js';
import {
  AddMemberRequest,
  CreateGroupRequest,
  CreateRoomRequest,
  DeleteMessageRequest,
  EditMessageRequest,
  GetConversationRequest,
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
  SendMessageRequest,
  type WatchEventsResponse,
} from '@charla/proto/messages';
import { SERVICE_CHANNEL_OPTIONS, metadataFor, rpc, type RpcSettings } from '@charla/platform';

/** The gateway's one long-lived channel to messages-service, with typed promise calls. */
export function connectMessages(address: string, settings: RpcSettings) {
  const client = new MessagesServiceClient(address, credentials.createInsecure(), SERVICE_CHANNEL_OPTIONS);
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
    sendMessage: rpc(client.sendMessage.bind(client), SendMessageRequest, settings),
    editMessage: rpc(client.editMessage.bind(client), EditMessageRequest, settings),
    deleteMessage: rpc(client.deleteMessage.bind(client), DeleteMessageRequest, settings),
    listMessages: rpc(client.listMessages.bind(client), ListMessagesRequest, settings),
    markDelivered: rpc(client.markDelivered.bind(client), MarkDeliveredRequest, settings),
    markRead: rpc(client.markRead.bind(client), MarkReadRequest, settings),
    recordDeliveries: rpc(client.recordDeliveries.bind(client), RecordDeliveriesRequest, settings),
    /** The event stream: no deadline, it lives as long as the gateway. */
    watchEvents: (after: number | undefined): ClientReadableStream<WatchEventsResponse> =>
      client.watchEvents({ after: after ?? 0, fromNow: after === undefined }, metadataFor('service', settings.serviceToken)),
    /** READY once the channel is connected; asking also starts connecting. */
    channelState: () => client.getChannel().getConnectivityState(true),
    close: () => client.close(),
  };
}

export type MessagesClient = ReturnType<typeof connectMessages>;
