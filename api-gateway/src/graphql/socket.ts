import type { IncomingMessage } from 'node:http';
import { specifiedRules, validate, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { ErrorCode, isChatError } from '@charla/platform';
import type { Gateway, RequestContext } from '../context';
import type { Viewer } from '../auth/viewer';
import { formatGraphQLError, type FormatOptions } from '../errors';
import { queryLimitRules } from '../guards/query-limits';
import type { PresenceLeases } from '../presence/leases';
import { DirectFrames, FanOut } from './fan-out';
import { clientAddress } from './http';

type SocketExtra = {
  socket: WebSocket;
  request: IncomingMessage;
  viewer?: Viewer;
};

/** Close code for a socket whose session was revoked (logout, password change): the same as a bad token. */
export const SESSION_ENDED = CloseCode.Forbidden;

/**
 * graphql-ws on the gateway's socket server: the token comes in connectionParams and is
 * checked once (4403 when bad or missing); the socket then holds a presence lease and is
 * closed when its session is revoked. Operations get the same limits as over HTTP.
 */
export function serveGraphQLSockets(wss: WebSocketServer, schema: GraphQLSchema, gateway: Gateway, leases: PresenceLeases, format: FormatOptions) {
  const rules = [...specifiedRules, ...queryLimitRules(gateway.config.limits)];
  quietOversizedFrames(wss, gateway);
  const fanOut = new FanOut(schema);
  const frames = new DirectFrames();
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => formatGraphQLError(error.toJSON(), error, format));
  return useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      subscribe: fanOut.subscribe,
      connectionInitWaitTimeout: gateway.config.connectionInitWaitMs,
      validate: (schemaToCheck, document) =>
        validate(schemaToCheck, document, rules).map(
          (error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions } }),
        ),
      context: (ctx): RequestContext => ({ gateway, viewer: ctx.extra.viewer, ip: clientAddress(ctx.extra.request) }),
      onConnect: async (ctx) => {
        const token = ctx.connectionParams?.token;
        if (typeof token !== 'string' || token === '') return false;
        let viewer: Viewer;
        try {
          viewer = await gateway.tokens.authenticate(token);
        } catch (error) {
          if (isChatError(error) && error.code === ErrorCode.Unauthenticated) return false;
          throw error;
        }
        const socket = ctx.extra.socket;
        if (socket.readyState !== socket.OPEN) return false;
        ctx.extra.viewer = viewer;
        const release = leases.hold(viewer.user.id);
        const forget = gateway.sessions.add(viewer.sessionId, (code, reason) => socket.close(code, reason));
        socket.once('close', () => {
          release();
          forget();
        });
        return true;
      },
      // Subscription results without errors go out through DirectFrames, serialized once per audience.
      onOperation: (ctx, id, _payload, _args, result) =>
        Symbol.asyncIterator in result ? frames.wrap(ctx.extra.socket, id, result as AsyncIterableIterator<ExecutionResult>) : undefined,
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatAll(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => formatAll(errors),
    },
    wss,
  );
}

/**
 * A frame over maxPayload is the client's fault: ws already closes the socket with 1009, but it
 * also emits 'error', which graphql-ws reports on stderr as an internal error. Log it as what it is.
 */
function quietOversizedFrames(wss: WebSocketServer, gateway: Gateway): void {
  wss.on('connection', (socket: WebSocket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      const error = args[0] as { code?: string } | undefined;
      if (event === 'error' && error?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        gateway.log.debug('closed a socket that sent a frame over the size limit');
        return true;
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
  });
}
