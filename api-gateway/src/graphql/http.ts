import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode, bearerToken, isChatError } from '@charla/platform';
import type { Gateway, RequestContext } from '../context';
import { graphQLCodeOf } from '../errors';

export function clientAddress(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/**
 * The context of an HTTP GraphQL request. No Authorization header means anonymous (register,
 * login, motd); a header with a bad token is refused outright with 401, so a client notices
 * its stale token instead of silently acting signed out.
 */
export async function httpContext(gateway: Gateway, request: IncomingMessage): Promise<RequestContext> {
  const header = request.headers.authorization;
  const ip = clientAddress(request);
  if (header === undefined || header === '') return { gateway, viewer: undefined, ip };
  const token = bearerToken(header);
  try {
    if (!token) throw new GraphQLError('the Authorization header must be "Bearer <token>"', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    return { gateway, viewer: await gateway.tokens.authenticate(token), ip };
  } catch (error) {
    if (!isChatError(error)) throw error;
    const unauthenticated = error.code === ErrorCode.Unauthenticated;
    throw new GraphQLError(unauthenticated ? error.message : 'A Charla service is unavailable; try again shortly', {
      extensions: { code: graphQLCodeOf(error.code), http: { status: unauthenticated ? 401 : 503 } },
    });
  }
}
