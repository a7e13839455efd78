import { Metadata, status as GrpcCode, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { Any } from '@charla/proto/google/protobuf/any';
import { BadRequest, ErrorInfo, RetryInfo } from '@charla/proto/google/rpc/error_details';
import { Status } from '@charla/proto/google/rpc/status';
import { ChatError, ErrorCode } from '../errors';
import type { Logger } from '../logger';

/** The domain every ErrorInfo names. */
export const ERROR_DOMAIN = 'charla.chat';
const DETAILS_KEY = 'grpc-status-details-bin';
const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

const toGrpc: Record<ErrorCode, GrpcCode> = {
  [ErrorCode.InvalidArgument]: GrpcCode.INVALID_ARGUMENT,
  [ErrorCode.NotFound]: GrpcCode.NOT_FOUND,
  [ErrorCode.AlreadyExists]: GrpcCode.ALREADY_EXISTS,
  [ErrorCode.PermissionDenied]: GrpcCode.PERMISSION_DENIED,
  [ErrorCode.Unauthenticated]: GrpcCode.UNAUTHENTICATED,
  [ErrorCode.ResourceExhausted]: GrpcCode.RESOURCE_EXHAUSTED,
  [ErrorCode.FailedPrecondition]: GrpcCode.FAILED_PRECONDITION,
  [ErrorCode.DeadlineExceeded]: GrpcCode.DEADLINE_EXCEEDED,
  [ErrorCode.Unavailable]: GrpcCode.UNAVAILABLE,
  [ErrorCode.Internal]: GrpcCode.INTERNAL,
};

const fromGrpc = new Map<GrpcCode, ErrorCode>(
  Object.entries(toGrpc).map(([domain, grpc]) => [grpc, domain as ErrorCode]),
);

/**
 * The one error boundary for gRPC handlers: a ChatError becomes its canonical code with
 * google.rpc.ErrorInfo (and BadRequest for bad fields, RetryInfo for a refusal that will pass)
 * in `grpc-status-details-bin`;
 * anything else is logged and answered INTERNAL with no internals.
 */
export function toStatusObject(error: unknown, log: Logger): Partial<StatusObject> {
  const chat = error instanceof ChatError ? error : undefined;
  if (!chat) {
    log.error({ err: error }, 'unhandled error in gRPC handler');
  }
  const known = chat ?? new ChatError(ErrorCode.Internal, 'internal error', { reason: 'INTERNAL' });
  const details: Any[] = [
    {
      typeUrl: ERROR_INFO_TYPE,
      value: Buffer.from(ErrorInfo.encode({ reason: known.reason, domain: ERROR_DOMAIN, metadata: known.metadata }).finish()),
    },
  ];
  if (known.violations.length > 0) {
    details.push({
      typeUrl: BAD_REQUEST_TYPE,
      value: Buffer.from(
        BadRequest.encode({
          fieldViolations: known.violations.map((v) => ({
            field: v.field,
            description: v.description,
            reason: '',
            localizedMessage: undefined,
          })),
        }).finish(),
      ),
    });
  }
  if (known.retryAfterMs !== undefined) {
    const ms = known.retryAfterMs;
    details.push({ typeUrl: RETRY_INFO_TYPE, value: Buffer.from(RetryInfo.encode({ retryDelay: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 } }).finish()) });
  }
  const code = toGrpc[known.code];
  const metadata = new Metadata();
  metadata.set(DETAILS_KEY, Buffer.from(Status.encode({ code, message: known.message, details }).finish()));
  return { code, details: known.message, metadata };
}

/**
 * Turns an error from a gRPC client call back into a ChatError, details included, so a
 * caller can pass a downstream refusal on (a gateway showing NOT_FOUND, say) unchanged.
 */
export function fromServiceError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  const grpc = error as Partial<ServiceError>;
  if (typeof grpc?.code !== 'number') {
    return new ChatError(ErrorCode.Internal, 'internal error', { reason: 'INTERNAL', cause: error });
  }
  const code = fromGrpc.get(grpc.code) ?? (grpc.code === GrpcCode.CANCELLED ? ErrorCode.Unavailable : ErrorCode.Internal);
  let reason: string = code;
  const violations: { field: string; description: string }[] = [];
  let metadata: Record<string, string> = {};
  let retryAfterMs: number | undefined;
  const raw = grpc.metadata?.get(DETAILS_KEY)[0];
  if (raw instanceof Buffer) {
    try {
      for (const detail of Status.decode(raw).details) {
        if (detail.typeUrl === ERROR_INFO_TYPE) {
          const info = ErrorInfo.decode(detail.value);
          reason = info.reason || reason;
          metadata = info.metadata;
        } else if (detail.typeUrl === BAD_REQUEST_TYPE) {
          for (const v of BadRequest.decode(detail.value).fieldViolations) {
            violations.push({ field: v.field, description: v.description });
          }
        } else if (detail.typeUrl === RETRY_INFO_TYPE) {
          const delay = RetryInfo.decode(detail.value).retryDelay;
          if (delay) retryAfterMs = Math.max(1, Math.ceil(delay.seconds * 1000 + delay.nanos / 1e6));
        }
      }
    } catch {
      // Undecodable details: the code and message still say what happened.
    }
  }
  const message =
    code === ErrorCode.Internal ? 'internal error' : (grpc.details ?? '') || `upstream ${GrpcCode[grpc.code] ?? grpc.code}`;
  return new ChatError(code, message, { reason, violations, metadata, retryAfterMs, cause: error });
}
