import type { ErrorRequestHandler } from 'express';
import { ChatError, ErrorCode } from '../errors';
import type { Logger } from '../logger';

/** HTTP statuses per google/rpc/code.proto. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.InvalidArgument]: 400,
  [ErrorCode.FailedPrecondition]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.PermissionDenied]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.AlreadyExists]: 409,
  [ErrorCode.ResourceExhausted]: 429,
  [ErrorCode.Internal]: 500,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.DeadlineExceeded]: 504,
};

export interface HttpErrorBody {
  error: {
    code: number;
    status: ErrorCode;
    message: string;
    reason: string;
    fieldViolations?: { field: string; description: string }[];
    /** A refusal that will pass: wait this long (also the Retry-After header, in seconds). */
    retryAfterMs?: number;
  };
}

/** The JSON body of an error, shaped like Google's JSON error model. */
export function httpErrorBody(error: ChatError): HttpErrorBody {
  return {
    error: {
      code: HTTP_STATUS[error.code],
      status: error.code,
      message: error.message,
      reason: error.reason,
      ...(error.violations.length > 0 ? { fieldViolations: error.violations } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    },
  };
}

/**
 * The one error boundary for the REST adapters: ChatErrors keep their meaning, body-parser
 * failures become 400/413, anything else is logged and answered 500 with no internals.
 */
export function httpErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    let chat: ChatError;
    if (error instanceof ChatError) {
      chat = error;
    } else if (error?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 413, status: 'PAYLOAD_TOO_LARGE', message: 'request body too large', reason: 'BODY_TOO_LARGE' } });
      return;
    } else if (error?.type === 'entity.parse.failed' || error?.type === 'encoding.unsupported') {
      chat = new ChatError(ErrorCode.InvalidArgument, 'request body is not valid JSON', { reason: 'MALFORMED_JSON' });
    } else {
      log.error({ err: error }, 'unhandled error in HTTP handler');
      chat = new ChatError(ErrorCode.Internal, 'internal error', { reason: 'INTERNAL' });
    }
    if (chat.retryAfterMs !== undefined) res.set('Retry-After', String(Math.ceil(chat.retryAfterMs / 1000)));
    res.status(HTTP_STATUS[chat.code]).json(httpErrorBody(chat));
  };
}
