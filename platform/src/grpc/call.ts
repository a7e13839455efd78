import { Metadata, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { ChatError, ErrorCode } from '../errors';
import { REQUEST_ID_HEADER, currentRequestId } from '../request-id';
import { fromServiceError } from './status';

/** Who a call is made for: a user's token, the shared service credential, or nobody. */
export type CallAuth = { token: string } | 'service' | 'anonymous';

/** A generated client's unary method, as ts-proto writes it for grpc-js. */
export type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/** A generated message type: fills the defaults of a partial request. */
export interface MessageType<Req> {
  fromPartial(object: Partial<Req>): Req;
}

/**
 * `authorization: Bearer …` metadata for the caller (none for anonymous calls), and the id of
 * the request being served, so the called part logs under the same id.
 */
export function metadataFor(auth: CallAuth, serviceToken: string): Metadata {
  const metadata = new Metadata();
  if (auth === 'service') metadata.set('authorization', `Bearer ${serviceToken}`);
  else if (auth !== 'anonymous') metadata.set('authorization', `Bearer ${auth.token}`);
  const requestId = currentRequestId();
  if (requestId !== undefined) metadata.set(REQUEST_ID_HEADER, requestId);
  return metadata;
}

/**
 * One unary call as a promise, with a deadline so a service that is down fails the call
 * instead of hanging it. Rejects with the raw ServiceError: tests assert on it, and `rpc`
 * below turns it into a ChatError for production callers.
 */
export function unaryCall<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, metadata: Metadata, deadlineMs: number): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    method(request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

export type Rpc<Req, Res> = (request: Partial<Req>, auth: CallAuth) => Promise<Res>;

export interface RpcSettings {
  deadlineMs: number;
  serviceToken: string;
  /**
   * Names the service in the error a caller sees when it is slow or down (code UNAVAILABLE
   * with this reason), so "retry later" is never a 500 or a hang. Without it the downstream
   * code (UNAVAILABLE or DEADLINE_EXCEEDED) passes through.
   */
  unavailable?: { service: string; reason: string };
}

/** A typed, promise-returning call of one method: failures come back as ChatErrors, the service's own codes and details kept. */
export function rpc<Req, Res>(method: UnaryMethod<Req, Res>, type: MessageType<Req>, settings: RpcSettings): Rpc<Req, Res> {
  return async (request, auth) => {
    try {
      return await unaryCall(method, type.fromPartial(request), metadataFor(auth, settings.serviceToken), settings.deadlineMs);
    } catch (error) {
      const chat = fromServiceError(error);
      const gone = chat.code === ErrorCode.Unavailable || chat.code === ErrorCode.DeadlineExceeded;
      if (!gone || !settings.unavailable) throw chat;
      const { service, reason } = settings.unavailable;
      throw new ChatError(ErrorCode.Unavailable, `${service} is unavailable`, { reason, cause: error });
    }
  };
}
