/**
 * Domain errors. Use cases throw these; each transport has one mapper that turns them into
 * its own status (gRPC code with google.rpc details, HTTP status with a JSON body, GraphQL
 * extensions.code). Anything else that escapes a handler is a bug: logged, and answered
 * with a generic "internal error" that leaks nothing.
 */

/** Canonical codes (google/rpc/code.proto) that Charla's domain raises. */
export enum ErrorCode {
  InvalidArgument = 'INVALID_ARGUMENT',
  NotFound = 'NOT_FOUND',
  AlreadyExists = 'ALREADY_EXISTS',
  PermissionDenied = 'PERMISSION_DENIED',
  Unauthenticated = 'UNAUTHENTICATED',
  ResourceExhausted = 'RESOURCE_EXHAUSTED',
  FailedPrecondition = 'FAILED_PRECONDITION',
  DeadlineExceeded = 'DEADLINE_EXCEEDED',
  Unavailable = 'UNAVAILABLE',
  Internal = 'INTERNAL',
}

/** One bad field, as in google.rpc.BadRequest.FieldViolation. */
export interface FieldViolation {
  field: string;
  description: string;
}

export interface ChatErrorOptions {
  /** Machine-readable UPPER_SNAKE reason, as in google.rpc.ErrorInfo. */
  reason?: string;
  violations?: FieldViolation[];
  metadata?: Record<string, string>;
  /** A refusal that will pass: how long to wait before trying again (google.rpc.RetryInfo, Retry-After). */
  retryAfterMs?: number;
  cause?: unknown;
}

export class ChatError extends Error {
  readonly code: ErrorCode;
  readonly reason: string;
  readonly violations: FieldViolation[];
  readonly metadata: Record<string, string>;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: ChatErrorOptions = {}) {
    // An expected refusal, not a bug: its stack says nothing and costs (source-mapped, on
    // every refusal under overload), so none is captured.
    const frames = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Error.stackTraceLimit = frames;
    this.name = 'ChatError';
    this.code = code;
    this.reason = options.reason ?? code;
    this.violations = options.violations ?? [];
    this.metadata = options.metadata ?? {};
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A bad input: names the field(s), so clients can show the error next to them. */
export function invalidArgument(field: string, description: string): ChatError {
  return invalidFields([{ field, description }]);
}

export function invalidFields(violations: FieldViolation[]): ChatError {
  const message = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return new ChatError(ErrorCode.InvalidArgument, message, { reason: 'INVALID_FIELD', violations });
}

export function notFound(what: string, reason = 'NOT_FOUND'): ChatError {
  return new ChatError(ErrorCode.NotFound, `${what} not found`, { reason });
}

export function alreadyExists(field: string, description: string, reason = 'ALREADY_EXISTS'): ChatError {
  return new ChatError(ErrorCode.AlreadyExists, description, { reason, violations: [{ field, description }] });
}

export function permissionDenied(message: string, reason = 'PERMISSION_DENIED'): ChatError {
  return new ChatError(ErrorCode.PermissionDenied, message, { reason });
}

export function unauthenticated(message = 'a valid token is required', reason = 'UNAUTHENTICATED'): ChatError {
  return new ChatError(ErrorCode.Unauthenticated, message, { reason });
}

export function failedPrecondition(message: string, reason = 'FAILED_PRECONDITION'): ChatError {
  return new ChatError(ErrorCode.FailedPrecondition, message, { reason });
}

/** Too much at once: `retryAfterMs` tells the caller when trying again should work. */
export function resourceExhausted(message: string, reason = 'RATE_LIMITED', retryAfterMs?: number): ChatError {
  return new ChatError(ErrorCode.ResourceExhausted, message, { reason, retryAfterMs: retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs)) });
}

export function isChatError(error: unknown): error is ChatError {
  return error instanceof ChatError;
}
