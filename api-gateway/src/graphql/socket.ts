import type { IncomingMessage } from 'node:http';
import { getOperationAST, specifiedRules, validate, GraphQLError, Kind, type ExecutionArgs, type ExecutionResult, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Disposable, SubscribePayload } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { ErrorCode, isChatError, withRequestId, type ChatError, type Logger } from '@charla/platform';
import type { SessionSockets } from '../auth/sessions';
import type { Viewer } from '../auth/viewer';
import type { GatewayConfig } from '../config';
import type { Gateway, RequestContext } from '../context';
import { formatGraphQLError, type FormatOptions } from '../errors';
import { queryLimitRules } from '../guards/query-limits';
import { FanOut, SharedStream } from '../live/fan-out';
import { ResultJson } from '../live/frames';
import { countOperation, inRequest, labelOf, socketRequestId } from '../observability';
import type { PresenceLeases } from '../presence/leases';
import { compiledExecutor } from './compiled';
import { DocumentCache } from './documents';
import { clientAddress } from './http';
import { serveTransportWs, SocketClose, type Outcome } from './transport-ws';

/** The WebSocket close code for "try again later" (RFC 6455's registry). */
const TRY_AGAIN_LATER = 1013;
const RETRYABLE = new Set([ErrorCode.Unavailable, ErrorCode.DeadlineExceeded, ErrorCode.ResourceExhausted]);

/** graphql-ws's client default; a peer that stops answering is closed 12–24 s later. */
const KEEP_ALIVE_MS = 12_000;

/**
 * A string kept for a socket's life, copied into one piece: randomUUID() and template strings
 * build their result as a tree of joined parts (a generated request id is ~16 of them,
 * ~0.5 KiB), and V8 keeps the tree until something reads the string through.
 */
const inOnePiece = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/** The sendMessage field of a mutation that is that field alone (no directives), or undefined. */
function loneSendOf(operation: OperationDefinitionNode): FieldNode | undefined {
  const [field, ...others] = operation.selectionSet.selections;
  if (others.length > 0 || field?.kind !== Kind.FIELD || field.name.value !== 'sendMessage' || (field.directives?.length ?? 0) > 0) return undefined;
  return field;
}

/** The error graphql-js makes of a resolver's throw at `field`, without a stack (a refusal's says nothing; ChatError takes none either). */
function errorAt(field: FieldNode, error: ChatError): GraphQLError {
  const frames = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(error.message, { nodes: [field], path: [field.alias?.value ?? field.name.value], originalError: error });
  } finally {
    Error.stackTraceLimit = frames;
  }
}

/** An authenticated socket: who, from where, its request id, and what to release when it closes. */
interface SocketSession {
  viewer: Viewer;
  ip: string;
  requestId: string;
  release: () => void;
  forget: () => void;
}

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
 * graphql-ws's protocol on the gateway's socket server (transport-ws.ts): the token comes in
 * connectionParams and is checked once (4403 when bad or missing); the socket then holds a
 * presence lease and is closed when its session is revoked. Operations get the same limits as
 * over HTTP; each distinct document is parsed and validated once; subscriptions share each
 * event's execution and its JSON (FanOut, ResultJson).
 */
export function serveGraphQLSockets(wss: WebSocketServer, { schema, gateway, sessions, leases, config, format, log }: GraphQLSocketParts): Disposable {
  const rules = [...specifiedRules, ...queryLimitRules(config.limits)];
  const documents = new DocumentCache();
  const validateOnce = documents.validate((schemaToCheck, document) =>
    validate(schemaToCheck, document, rules).map(
      (error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions } }),
    ),
  );
  const fanOut = new FanOut(schema);
  const formatErrors = (errors: readonly GraphQLError[]) => errors.map((error) => formatGraphQLError(error.toJSON(), error, format));
  const json = new ResultJson((result) => ({ ...result, errors: formatErrors(result.errors ?? []) }));
  // Queries and mutations are compiled as over HTTP, counted and timed like them, each under its request id.
  const executeCounted = inRequest(compiledExecutor(schema));
  const loneSends = new WeakMap<OperationDefinitionNode, FieldNode | null>();
  /**
   * A send that admission would refuse anyway is answered before GraphQL execution, with the
   * frame the resolver's refusal gives (data null, the error at the field, TOO_MANY_REQUESTS
   * and its retry hint): at 2× capacity half the sends are refused, and executing each one
   * (with its located GraphQLError) cost the gateway's loop the CPU its acks needed.
   */
  const refusedBeforeExecution = (operation: OperationDefinitionNode, started: bigint): ExecutionResult | undefined => {
    let send = loneSends.get(operation);
    if (send === undefined) loneSends.set(operation, (send = loneSendOf(operation) ?? null));
    const refusal = send ? gateway.messages.sendRefusal() : undefined;
    if (!send || !refusal) return undefined;
    const errors = [errorAt(send, refusal)];
    countOperation(operation, errors, started);
    return { errors, data: null };
  };
  // One field name per operation, shared by its subscriptions (each keeps it for its life).
  const fields = new WeakMap<OperationDefinitionNode, string>();
  const fieldOf = (operation: OperationDefinitionNode) => {
    let field = fields.get(operation);
    if (field === undefined) fields.set(operation, (field = labelOf(operation).replace(/^subscription /, '')));
    return field;
  };

  const operate = async (session: SocketSession, id: string, payload: SubscribePayload): Promise<Outcome> => {
    const started = process.hrtime.bigint();
    let document;
    try {
      document = documents.parse(payload.query);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { errors: formatErrors([new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]) };
    }
    const invalid = validateOnce(schema, document);
    if (invalid.length > 0) return { errors: formatErrors(invalid) };
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return { errors: formatErrors([new GraphQLError('Unable to identify operation', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]) };
    if (operation.operation === 'mutation') {
      const refused = refusedBeforeExecution(operation, started);
      if (refused) return { result: refused };
    }
    // Each operation runs for its request id (the socket's, "/" the operation's); a subscription keeps it for its life.
    const subscription = operation.operation === 'subscription';
    const requestId = subscription ? inOnePiece(`${session.requestId}/${id}`) : `${session.requestId}/${id}`;
    const contextValue: RequestContext = { gateway, viewer: session.viewer, ip: session.ip, requestId };
    const args: ExecutionArgs = { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
    if (!subscription) return { result: await executeCounted(args, operation, started) };
    const live = await withRequestId(requestId, () => fanOut.subscribe(args));
    return live instanceof SharedStream ? { stream: live, field: fieldOf(operation) } : { result: live };
  };

  return serveTransportWs<SocketSession>(wss, {
    connectionInitWaitMs: config.connectionInitWaitMs,
    keepAliveMs: KEEP_ALIVE_MS,
    log,
    connect: async (socket: WebSocket, request: IncomingMessage, params) => {
      const token = params?.token;
      if (typeof token !== 'string' || token === '') return undefined;
      let viewer: Viewer;
      try {
        viewer = await gateway.tokens.authenticate(token);
      } catch (error) {
        if (isChatError(error) && error.code === ErrorCode.Unauthenticated) return undefined;
        // users-service busy or briefly away: 1013, which graphql-ws's client retries (4500 it would not).
        if (isChatError(error) && RETRYABLE.has(error.code)) throw new SocketClose(TRY_AGAIN_LATER, 'Try again later');
        throw error;
      }
      if (socket.readyState !== socket.OPEN) return undefined;
      // Only the address and the request id are kept of the upgrade request (headers and parser leftovers would stay as long as the socket).
      const release = leases.hold(viewer.user.id);
      const forget = sessions.add(viewer.sessionId, (code, reason) => socket.close(code, reason));
      return { viewer, ip: clientAddress(request), requestId: inOnePiece(socketRequestId(request)), release, forget };
    },
    disconnected: (session) => {
      session.release();
      session.forget();
    },
    operate,
    serialize: (result) => json.of(result),
    formatErrors,
  });
}
