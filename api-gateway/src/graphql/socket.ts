import type { IncomingMessage } from 'node:http';
import { execute, specifiedRules, validate, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { ErrorCode, isChatError, type Logger } from '@charla/platform';
import type { SessionSockets } from '../auth/sessions';
import type { Viewer } from '../auth/viewer';
import type { GatewayConfig } from '../config';
import type { Gateway, RequestContext } from '../context';
import { formatGraphQLError, type FormatOptions } from '../errors';
import { queryLimitRules } from '../guards/query-limits';
import { FanOut } from '../live/fan-out';
import { DirectFrames } from '../live/frames';
import { countSubscription, inRequest, socketRequestId } from '../observability';
import type { PresenceLeases } from '../presence/leases';
import { DocumentCache } from './documents';
import { clientAddress } from './http';
import { coalesceWrites } from './writes';

type SocketExtra = {
  socket: WebSocket;
  /** The upgrade request, until the socket is authenticated (then only its address and request id are kept). */
  request?: IncomingMessage;
  viewer?: Viewer;
  ip?: string;
  requestId?: string;
};

export interface GraphQLSocketParts {
  schema: GraphQLSchema;
  /** What resolvers receive (with the socket's viewer). */
  gateway: Gateway;
  sessions: SessionSockets;
  leases: PresenceLeases;
  config: Pick<GatewayConfig, 'limits' | 'connectionInitWaitMs'>;
  format: FormatOptions;
  log: Logger;
}

/**
 * graphql-ws on the gateway's socket server: the token comes in connectionParams and is
 * checked once (4403 when bad or missing); the socket then holds a presence lease and is
 * closed when its session is revoked. Operations get the same limits as over HTTP.
 */
export function serveGraphQLSockets(wss: WebSocketServer, { schema, gateway, sessions, leases, config, format, log }: GraphQLSocketParts): Disposable {
  const rules = [...specifiedRules, ...queryLimitRules(config.limits)];
  quietOversizedFrames(wss, log);
  wss.on('connection', coalesceWrites);
  const documents = new DocumentCache();
  const fanOut = new FanOut(schema);
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => formatGraphQLError(error.toJSON(), error, format));
  const frames = new DirectFrames((result) => ({ ...result, errors: formatAll(result.errors ?? []) }));
  return useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      // Each operation runs for its request id (the socket's, "/" the operation's).
      execute: inRequest(execute),
      subscribe: inRequest(fanOut.subscribe),
      connectionInitWaitTimeout: config.connectionInitWaitMs,
      // The same few documents come again and again: each is parsed and validated once.
      parse: documents.parse,
      jsonMessageReviver: (key, value: unknown) => (key === 'query' && typeof value === 'string' ? documents.intern(value) : value),
      validate: documents.validate((schemaToCheck, document) =>
        validate(schemaToCheck, document, rules).map(
          (error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions } }),
        ),
      ),
      // Operations come only after onConnect, which kept the socket's address and request id.
      context: (ctx, id): RequestContext => ({ gateway, viewer: ctx.extra.viewer, ip: ctx.extra.ip ?? 'unknown', requestId: `${ctx.extra.requestId}/${id}` }),
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
        const extra = ctx.extra as SocketExtra;
        extra.ip = clientAddress(ctx.extra.request);
        extra.requestId = socketRequestId(ctx.extra.request);
        // The upgrade request (headers, raw headers, parser leftovers) would stay as long as the socket: ~1.5 KiB of an idle one.
        delete extra.request;
        const release = leases.hold(viewer.user.id);
        const forget = sessions.add(viewer.sessionId, (code, reason) => socket.close(code, reason));
        socket.once('close', () => {
          release();
          forget();
        });
        return true;
      },
      // Subscription results go out through DirectFrames, serialized once per audience, as events arrive.
      onOperation: (ctx, id, _payload, args, result) =>
        Symbol.asyncIterator in result ? countSubscription(args, frames.wrap(ctx.extra.socket, id, result as AsyncIterableIterator<ExecutionResult>)) : undefined,
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
function quietOversizedFrames(wss: WebSocketServer, log: Logger): void {
  wss.on('connection', (socket: WebSocket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      const error = args[0] as { code?: string } | undefined;
      if (event === 'error' && error?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        log.debug('closed a socket that sent a frame over the size limit');
        return true;
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
  });
}
