import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ChatError, ErrorCode, isChatError } from '@charla/platform';

/** The extensions.code values a client can rely on (Apollo's names where Apollo has one). */
export enum GraphQLErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  InternalServerError = 'INTERNAL_SERVER_ERROR',
}

/** Codes that graphql-js or Apollo set themselves and that are safe to pass on as they are. */
const PASS_THROUGH = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

export function graphQLCodeOf(code: ErrorCode): GraphQLErrorCode {
  switch (code) {
    case ErrorCode.InvalidArgument:
    case ErrorCode.FailedPrecondition:
      return GraphQLErrorCode.BadUserInput;
    case ErrorCode.AlreadyExists:
      // A taken username is a bad input for the form that sent it.
      return GraphQLErrorCode.BadUserInput;
    case ErrorCode.Unauthenticated:
      return GraphQLErrorCode.Unauthenticated;
    case ErrorCode.PermissionDenied:
      return GraphQLErrorCode.Forbidden;
    case ErrorCode.NotFound:
      return GraphQLErrorCode.NotFound;
    case ErrorCode.ResourceExhausted:
      return GraphQLErrorCode.TooManyRequests;
    case ErrorCode.Unavailable:
    case ErrorCode.DeadlineExceeded:
      return GraphQLErrorCode.ServiceUnavailable;
    case ErrorCode.Internal:
      return GraphQLErrorCode.InternalServerError;
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped error code ${String(unreachable)}`);
    }
  }
}

const UNAVAILABLE_MESSAGE = 'A Charla service is unavailable; try again shortly';

/** The longest retry hint among a response's errors (ms), for its Retry-After header; undefined when none has one. */
export function retryAfterOf(errors: readonly GraphQLError[] | undefined): number | undefined {
  const hints = (errors ?? []).map((error) => (isChatError(error.originalError) ? error.originalError.retryAfterMs : undefined)).filter((ms): ms is number => ms !== undefined);
  return hints.length > 0 ? Math.max(...hints) : undefined;
}

export interface FormatOptions {
  production: boolean;
  onUnexpected: (error: unknown) => void;
}

/**
 * The one error boundary for GraphQL, shared by HTTP (Apollo) and graphql-ws: ChatErrors keep
 * their meaning (with the bad field for BAD_USER_INPUT); anything unexpected is logged and
 * becomes "Internal server error" with no internals; production hides suggestions.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? undefined) : error;
  const base = { locations: formatted.locations, path: formatted.path };
  if (isChatError(original)) {
    const code = graphQLCodeOf(original.code);
    const unavailable = code === GraphQLErrorCode.ServiceUnavailable;
    const message = code === GraphQLErrorCode.InternalServerError ? 'Internal server error' : unavailable ? UNAVAILABLE_MESSAGE : original.message;
    const field = original.violations[0]?.field;
    return {
      ...base,
      message,
      extensions: {
        code,
        ...(code === GraphQLErrorCode.BadUserInput || code === GraphQLErrorCode.TooManyRequests ? { reason: original.reason } : {}),
        ...(original.retryAfterMs !== undefined ? { retryAfterMs: original.retryAfterMs } : {}),
        ...(field ? { field, fieldViolations: original.violations } : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (original === undefined || (typeof code === 'string' && PASS_THROUGH.has(code))) {
    // A parse, validation or variable error from graphql-js itself: the client's mistake.
    const message = options.production ? withoutSuggestions(formatted.message) : formatted.message;
    const reason = formatted.extensions?.reason;
    return {
      ...base,
      message,
      extensions: { code: typeof code === 'string' ? code : GraphQLErrorCode.BadUserInput, ...(typeof reason === 'string' ? { reason } : {}) },
    };
  }
  options.onUnexpected(original);
  return { ...base, message: 'Internal server error', extensions: { code: GraphQLErrorCode.InternalServerError } };
}

/** graphql-js appends "Did you mean …?" hints, which reveal the schema. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean .*\?$/s, '');
}
