import { credentials, type ClientReadableStream } from '@grpc/grpc-js';
import {
  BatchAuthenticateRequest,
  BatchGetUsersRequest,
  ChangePasswordRequest,
  CloseLeaseRequest,
  GetUserRequest,
  ListUsersRequest,
  LoginRequest,
  LogoutRequest,
  OpenLeaseRequest,
  RegisterRequest,
  RenewLeasesRequest,
  SetStatusRequest,
  UpdateUserRequest,
  UsersServiceClient,
  type WatchEventsResponse,
} from '@charla/proto/users';
import { SERVICE_CHANNEL_OPTIONS, metadataFor, rpc, type RpcSettings } from '@charla/platform';

/** The gateway's one long-lived channel to users-service, with typed promise calls. */
export function connectUsers(address: string, settings: RpcSettings) {
  const client = new UsersServiceClient(address, credentials.createInsecure(), SERVICE_CHANNEL_OPTIONS);
  return {
    register: rpc(client.register.bind(client), RegisterRequest, settings),
    login: rpc(client.login.bind(client), LoginRequest, settings),
    logout: rpc(client.logout.bind(client), LogoutRequest, settings),
    batchAuthenticate: rpc(client.batchAuthenticate.bind(client), BatchAuthenticateRequest, settings),
    getUser: rpc(client.getUser.bind(client), GetUserRequest, settings),
    batchGetUsers: rpc(client.batchGetUsers.bind(client), BatchGetUsersRequest, settings),
    listUsers: rpc(client.listUsers.bind(client), ListUsersRequest, settings),
    updateUser: rpc(client.updateUser.bind(client), UpdateUserRequest, settings),
    changePassword: rpc(client.changePassword.bind(client), ChangePasswordRequest, settings),
    setStatus: rpc(client.setStatus.bind(client), SetStatusRequest, settings),
    openLease: rpc(client.openLease.bind(client), OpenLeaseRequest, settings),
    renewLeases: rpc(client.renewLeases.bind(client), RenewLeasesRequest, settings),
    closeLease: rpc(client.closeLease.bind(client), CloseLeaseRequest, settings),
    /** The event stream: no deadline, it lives as long as the gateway. */
    watchEvents: (after: number | undefined): ClientReadableStream<WatchEventsResponse> =>
      client.watchEvents({ after: after ?? 0, fromNow: after === undefined, batched: true }, metadataFor('service', settings.serviceToken)),
    /** READY once the channel is connected; asking also starts connecting. */
    channelState: () => client.getChannel().getConnectivityState(true),
    close: () => client.close(),
  };
}

export type UsersClient = ReturnType<typeof connectUsers>;
