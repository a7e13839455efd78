import { Metadata, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { fromServiceError } from '@charla/platform';

/** Who a call is made for: a user's token, or the gateway's own service credential. */
export type CallAuth = { token: string } | 'service' | 'anonymous';

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

interface MessageType<Req> {
  fromPartial(object: Partial<Req>): Req;
}

export type Rpc<Req, Res> = (request: Partial<Req>, auth: CallAuth) => Promise<Res>;

export interface RpcSettings {
  deadlineMs: number;
  serviceToken: string;
}

export function metadataFor(auth: CallAuth, serviceToken: string): Metadata {
  const metadata = new Metadata();
  if (auth === 'service') metadata.set('authorization', `Bearer ${serviceToken}`);
  else if (auth !== 'anonymous') metadata.set('authorization', `Bearer ${auth.token}`);
  return metadata;
}

/**
 * A promise-returning unary call with a deadline, so a service that is down gives a clear
 * UNAVAILABLE/DEADLINE_EXCEEDED instead of a hang, and errors come back as ChatErrors.
 */
export function rpc<Req, Res>(method: UnaryMethod<Req, Res>, type: MessageType<Req>, settings: RpcSettings): Rpc<Req, Res> {
  return (request, auth) =>
    new Promise<Res>((resolve, reject) => {
      method(
        type.fromPartial(request),
        metadataFor(auth, settings.serviceToken),
        { deadline: Date.now() + settings.deadlineMs },
        (error, response) => (error ? reject(fromServiceError(error)) : resolve(response)),
      );
    });
}
