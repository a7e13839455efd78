import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import { Kind, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { WebSocketServer } from 'ws';
import { REQUEST_ID_HEADER, countRequest, isChatError, openSockets, openSubscriptions, requestIdFrom, withRequestId, type Door } from '@charla/platform';
import { graphQLCodeOf } from './errors';
import type { RequestContext } from './context';

/**
 * The gateway's metrics and request ids beyond plain HTTP: GraphQL operations (over HTTP and
 * the socket), WebSockets, subscriptions. Labels name routes, operations and root fields,
 * never ids or arguments.
 */

const ROUTES = ['/graphql', '/graphiql', '/healthz', '/readyz', '/metrics', '/v1/admin', '/v1/support', '/v1/conversations'];

/** The HTTP route label: the known prefix a path starts with, otherwise the client's files. */
export function gatewayRoute(req: Request): string {
  // Routers mounted on a path see only the rest of it; the label is the whole path's.
  const path = `${req.baseUrl}${req.path}`;
  return ROUTES.find((route) => path === route || path.startsWith(`${route}/`)) ?? 'client';
}

/** "query rooms", "mutation sendMessage", "subscription messageAdded": the operation and its root fields. */
export function operationLabel(operation: OperationDefinitionNode | undefined | null): string {
  if (!operation) return 'invalid';
  const fields = [...new Set(operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.name.value] : [])))].sort();
  // More root fields than that is rare; their combinations would be labels without end.
  return `${operation.operation} ${fields.length === 0 ? '__typename' : fields.length > 3 ? `${fields.length} fields` : fields.join(',')}`;
}

/**
 * The code an operation is counted under: its first error's, as the client sees it. Errors are
 * counted before formatting, and a resolver's ChatError has its code only on the original error.
 */
function codeOf(errors: readonly { extensions?: Record<string, unknown>; originalError?: unknown }[] | undefined): string {
  if (!errors || errors.length === 0) return 'OK';
  const [first] = errors;
  if (typeof first.extensions?.code === 'string') return first.extensions.code;
  return isChatError(first.originalError) ? graphQLCodeOf(first.originalError.code) : 'INTERNAL_SERVER_ERROR';
}

/** Apollo: every GraphQL-over-HTTP operation counted and timed by its label and first error code. */
export const graphqlMetrics: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    const started = process.hrtime.bigint();
    let method = 'invalid';
    return {
      async didResolveOperation({ operation }) {
        method = operationLabel(operation);
      },
      async willSendResponse({ errors }) {
        countRequest('graphql', method, codeOf(errors), started);
      },
    };
  },
};

const socketIds = new WeakMap<IncomingMessage, string>();

/** A WebSocket's request id: the upgrade request's `x-request-id`, or one made for it (and sent back). */
export function socketRequestId(request: IncomingMessage): string {
  let id = socketIds.get(request);
  if (id === undefined) socketIds.set(request, (id = requestIdFrom(request.headers[REQUEST_ID_HEADER])));
  return id;
}

/** Counts a door's open sockets, and answers each upgrade with its request id. */
export function observeSockets(door: Door, wss: WebSocketServer): void {
  wss.on('headers', (headers: string[], request: IncomingMessage) => headers.push(`${REQUEST_ID_HEADER}: ${socketRequestId(request)}`));
  wss.on('connection', (socket) => {
    openSockets.inc({ door });
    socket.once('close', () => openSockets.dec({ door }));
  });
}

const labels = new WeakMap<OperationDefinitionNode, string>();

/** operationLabel, once per operation of a cached document (a socket sends the same few again and again). */
export function labelOf(operation: OperationDefinitionNode): string {
  let label = labels.get(operation);
  if (label === undefined) labels.set(operation, (label = operationLabel(operation)));
  return label;
}

/** A socket's query or mutation counted like one over HTTP: by its label and its first error's code, timed from `started`. */
export function countOperation(operation: OperationDefinitionNode, errors: ExecutionResult['errors'], started: bigint): void {
  countRequest('graphql', labelOf(operation), codeOf(errors), started);
}

/**
 * A socket's query or mutation, run for its request id (the socket's id and the operation's,
 * "<socket>/<operation>") and counted like one over HTTP.
 */
export function inRequest(run: (args: ExecutionArgs) => Promise<ExecutionResult> | ExecutionResult) {
  return (args: ExecutionArgs, operation: OperationDefinitionNode, started: bigint): Promise<ExecutionResult> => {
    const requestId = (args.contextValue as RequestContext | undefined)?.requestId;
    const execute = async () => {
      const result = await run(args);
      countOperation(operation, result.errors, started);
      return result;
    };
    return requestId === undefined ? execute() : withRequestId(requestId, execute);
  };
}
