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
 * A ChatError as google.rpc.Status (encoded): its canonical code with ErrorInfo, BadRequest
 * for bad fields and RetryInfo for a refusal that will pass. What `grpc-status-details-bin`
 * carries, and what a batch answers for each of its items that failed.
 */
export function statusBytesOf(known: ChatError): Buffer {
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
  return Buffer.from(Status.encode({ code: toGrpc[known.code], message: known.message, details }).finish());
}

/** Anything a handler threw, as the ChatError its caller sees: unexpected errors are logged and become INTERNAL, with no internals. */
export function knownError(error: unknown, log: Logger): ChatError {
  if (error instanceof ChatError) return error;
  log.error({ err: error }, 'unhandled error in gRPC handler');
  return new ChatError(ErrorCode.Internal, 'internal error', { reason: 'INTERNAL' });
}

/**
 * The one error boundary for gRPC handlers: a ChatError becomes its canonical code with its
 * details (statusBytesOf) in `grpc-status-details-bin`; anything else is logged and answered
 * INTERNAL with no internals.
 */
export function toStatusObject(error: unknown, log: Logger): Partial<StatusObject> {
  const known = knownError(error, log);
  const metadata = new Metadata();
  metadata.set(DETAILS_KEY, statusBytesOf(known));
  return { code: toGrpc[known.code], details: known.message, metadata };
}

/** The ChatError of an encoded google.rpc.Status (a batch item's refusal, a status's details). */
export function fromStatusBytes(raw: Uint8Array, cause?: unknown): ChatError {
  let status: Status;
  try {
    status = Status.decode(raw);
  } catch {
    return new ChatError(ErrorCode.Internal, 'internal error', { reason: 'INTERNAL', cause });
  }
  return chatErrorOf(status.code, status.message, status, cause);
}

function chatErrorOf(grpcCode: number, details: string, status: Status | undefined, cause: unknown): ChatError {
  const code = fromGrpc.get(grpcCode) ?? (grpcCode === GrpcCode.CANCELLED ? ErrorCode.Unavailable : ErrorCode.Internal);
  let reason: string = code;
  const violations: { field: string; description: string }[] = [];
  let metadata: Record<string, string> = {};
  let retryAfterMs: number | undefined;
  try {
    for (const detail of status?.details ?? []) {
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
  const message = code === ErrorCode.Internal ? 'internal error' : details || `upstream ${GrpcCode[grpcCode] ?? grpcCode}`;
  return new ChatError(code, message, { reason, violations, metadata, retryAfterMs, cause });
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
  const raw = grpc.metadata?.get(DETAILS_KEY)[0];
  let status: Status | undefined;
  if (raw instanceof Buffer) {
    try {
      status = Status.decode(raw);
    } catch {
      // Undecodable details: the code and message still say what happened.
    }
  }
  return chatErrorOf(grpc.code, grpc.details ?? '', status, error);
}
