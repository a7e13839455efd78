import { ErrorCode, isChatError } from '@charla/platform';
import { parseJson } from '../json';

/**
 * The support socket's framing: JSON-RPC-style requests in; replies, pushes and the errors
 * its clients know out. Nothing here knows what the methods do (that is desk.ts) or that the
 * frames travel on a WebSocket (socket.ts).
 */

export interface RpcError {
  code: number;
  message: string;
}

export interface RpcRequest {
  method: string;
  params: unknown;
  id: unknown;
}

/** A reply to a request, or a push (whose id is the pushed message's). */
export interface RpcReply {
  error: RpcError | null;
  result: unknown;
  id: unknown;
}

export const INCORRECT_ARGUMENT: RpcError = { code: 1, message: 'Incorrect argument.' };
export const UNAVAILABLE: RpcError = { code: 2, message: 'Service unavailable.' };
export const TOO_MANY: RpcError = { code: 3, message: 'Too many requests.' };
export const PARSE_ERROR: RpcError = { code: -32700, message: 'Parse error.' };
export const UNKNOWN_METHOD: RpcError = { code: -32601, message: 'Method not found.' };

/** A bad or missing token, or a send before message.auth. */
export const CLOSE_FORBIDDEN = 4403;
/** Something this socket should have received could not be sent: reconnecting gives the history. */
export const CLOSE_INTERNAL_ERROR = 1011;

/** A request refused with one of the protocol's errors. */
export class RpcFailure extends Error {
  constructor(readonly error: RpcError) {
    super(error.message);
  }
}

/** The request in a text frame; undefined when it is not JSON or not a request. */
export function parseRequest(text: string): RpcRequest | undefined {
  const value = parseJson(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { method, params, id } = value as Record<string, unknown>;
  return typeof method === 'string' ? { method, params, id: id ?? null } : undefined;
}

/**
 * The protocol's error for a failed request: the services' refusals (a bad argument, someone
 * who does not exist, a body over the limit) are the client's "Incorrect argument."; a service
 * that is down, slow or broken, and anything unexpected, is "Service unavailable.".
 */
export function rpcErrorOf(error: unknown): RpcError {
  if (error instanceof RpcFailure) return error.error;
  if (!isChatError(error)) return UNAVAILABLE;
  switch (error.code) {
    case ErrorCode.ResourceExhausted:
      return TOO_MANY;
    case ErrorCode.Unavailable:
    case ErrorCode.DeadlineExceeded:
    case ErrorCode.Internal:
      return UNAVAILABLE;
    default:
      return INCORRECT_ARGUMENT;
  }
}
